package org.poisonscan.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.api.synthetic.SyntheticConfig;
import org.poisonscan.api.synthetic.SyntheticGenerator;

class WhitenedSpectralCeilingTest {
    private static final SyntheticConfig BASE = SyntheticConfig.defaults(20_000).withSize(20_000, 32);

    @Test
    void cleanRowsWhitenToStandardNormalAndPoisonsShiftByTheirSeparation() {
        SyntheticGenerator g = new SyntheticGenerator(BASE.withPoison(0.2, 8));
        int d = 32;
        double[] cleanMean = new double[d];
        double[] poisonMean = new double[d];
        double[] moment = new double[d * d];
        int clean = 0;
        int poisons = 0;
        float[] row = new float[d];
        for (long r = 0; r < 20_000; r++) {
            int packed = g.row(r, row, 0);
            if (packed >> 1 != 0) {
                continue;
            }
            double[] z = g.whitenClean(0, row, 0);
            if ((packed & 1) == 1) {
                poisons++;
                for (int i = 0; i < d; i++) {
                    poisonMean[i] += z[i];
                }
                continue;
            }
            clean++;
            for (int i = 0; i < d; i++) {
                cleanMean[i] += z[i];
                for (int j = 0; j < d; j++) {
                    moment[i * d + j] += z[i] * z[j];
                }
            }
        }
        double shift = 0;
        for (int i = 0; i < d; i++) {
            cleanMean[i] /= clean;
            poisonMean[i] /= poisons;
            assertEquals(0, cleanMean[i], 0.1, "clean mean, coordinate " + i);
            for (int j = 0; j < d; j++) {
                // Unwhitened, the top clean variance is 10: whitening must bring every entry near the identity's.
                assertEquals(i == j ? 1 : 0, moment[i * d + j] / clean, 0.15, "second moment " + i + "," + j);
            }
            shift += (poisonMean[i] - cleanMean[i]) * (poisonMean[i] - cleanMean[i]);
        }
        assertEquals(g.triggerSeparation(0, 0), Math.sqrt(shift), 0.15 * g.triggerSeparation(0, 0));
    }

    @Test
    void scoresFollowTheDominantDirectionOrientedTowardsTheShift() {
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            rows.add(new double[] {(i % 3) - 1, ((i % 5) - 2) * 0.1});
        }
        for (int i = 0; i < 10; i++) {
            rows.add(new double[] {-6, 0});
        }
        double[] s = WhitenedSpectralCeiling.scores(rows, 1);
        // The shifted group lies at -6 on the first axis: the oriented eigenvector points there, so it scores highest.
        assertEquals(6, s[95], 0.05);
        assertEquals(1, s[0], 0.05, "row 0 lies at -1, on the group's side");
        assertEquals(-1, s[2], 0.05, "row 2 lies at +1");
        assertTrue(s[95] > s[2], "group above the bulk");
    }

    @Test
    void aGroupBelowTheSpectralThresholdIsOutOfReachThoughTheOracleFindsIt() throws IOException {
        SyntheticGenerator strong = new SyntheticGenerator(BASE.withPoison(0.05, 16));
        WhitenedSpectralCeiling s = WhitenedSpectralCeiling.of(strong, strong.toMemory());
        assertEquals(1.0, s.recallAtFprTenth(), 1e-12, "a 5% group at 13 class deviations: " + s);

        // 1% of a 2,000-row class at 3.3 class deviations: a spike e * s^2 ~ 0.11 under sqrt(d / n) = 0.13.
        SyntheticGenerator faint = new SyntheticGenerator(BASE.withPoison(0.01, 4));
        InMemorySource rows = faint.toMemory();
        OracleCeiling oracle = OracleCeiling.of(faint, rows);
        WhitenedSpectralCeiling w = WhitenedSpectralCeiling.of(faint, rows);
        assertTrue(oracle.recallAtFprTenth() > 0.9, "the oracle, knowing the direction: " + oracle);
        assertTrue(w.recallAtFprOne() < 0.3, "without the direction: " + w);

        // The same shift at 10% (spike ~ 1): whitened perfectly, the class shows it.
        SyntheticGenerator wide = new SyntheticGenerator(BASE.withPoison(0.1, 4));
        WhitenedSpectralCeiling reachable = WhitenedSpectralCeiling.of(wide, wide.toMemory());
        assertTrue(reachable.recallAtFprOne() > 0.9, "above the threshold: " + reachable);
    }
}
