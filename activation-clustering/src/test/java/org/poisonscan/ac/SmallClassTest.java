package org.poisonscan.ac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.api.detect.ClassResult;
import org.poisonscan.api.detect.Verdict;
import org.poisonscan.api.stats.ChanceSeparation;

/** Classes of few rows: judged against what a clean class of their size shows by chance ({@link NullSeparation}). */
class SmallClassTest {
    private static final int DIM = 32;

    @Test
    void theNullSeparationFallsWithTheRowsAndIsTheSameForTheSameSize() {
        NullSeparation nulls = new NullSeparation(ActivationClusteringConfig.defaults());
        ChanceSeparation twenty = nulls.of(20, 10);
        ChanceSeparation hundred = nulls.of(100, 10);
        ChanceSeparation thousand = nulls.of(1_000, 10);
        // ICA and k-means split few rows apart: far above Ashman's 3 at 20 rows, under it at 1,000.
        assertTrue(twenty.median() > 5 && twenty.threshold(3) > 2 * twenty.median(), twenty.toString());
        assertTrue(hundred.median() > 3 && hundred.median() < twenty.median(), hundred.toString());
        assertTrue(thousand.threshold(3) < 3 && thousand.median() < hundred.median(), thousand.toString());
        assertEquals(twenty, new NullSeparation(ActivationClusteringConfig.defaults())
                .of(20, 10));
        ChanceSeparation between = nulls.at(22, 10);
        assertTrue(between.median() <= nulls.of(20, 10).median() && between.median() >= nulls.of(25, 10).median(),
                between + " between " + nulls.of(20, 10) + " and " + nulls.of(25, 10));
        assertEquals(1.0, nulls.scale(NullSeparation.MAX_CALIBRATED_ROWS, 10), 1e-12);
        assertTrue(nulls.scale(50, 10) < 0.65, "scale " + nulls.scale(50, 10));
    }

    @Test
    void aSmallCleanClassAmongLargeOnesIsNotJudgedForItsSize() throws IOException {
        int splitApart = 0;
        for (long seed = 1; seed <= 6; seed++) {
            InMemorySource source = longTail(20 + (int) (seed * 3), 0, 0, seed);
            ClassResult small = Fixtures.result(Fixtures.scan(source, ActivationClusteringConfig.defaults()), 9);
            assertEquals(Verdict.CLEAN, small.verdict(), "seed " + seed + ": " + small.reason());
            double byChance = Math.exp((Double) small.details().get("null_log_separation_mean")
                    + 3 * (Double) small.details().get("null_log_separation_sd"));
            assertTrue(byChance > 3, "seed " + seed + ": null " + byChance);
            assertTrue((Double) small.details().get("comparison_scale") < 1, "seed " + seed);
            if (small.value() >= 3) {
                splitApart++;
            }
        }
        // Without the null, Ashman's D >= 3 would have counted these classes' own split as two clusters apart.
        assertTrue(splitApart >= 5, splitApart + " of 6 small classes with D >= 3");
    }

    @Test
    void aGroupFarFromTheRestOfASmallClassIsStillFound() throws IOException {
        InMemorySource source = longTail(60, 15, 25, 11);
        Fixtures.Scan scan = Fixtures.scanRows(source, ActivationClusteringConfig.defaults());
        ClassResult small = Fixtures.result(scan.report(), 9);
        assertEquals(Verdict.POISONED, small.verdict(), small.reason());
        int[] labels = source.labels();
        boolean[] poison = source.poison();
        int flaggedPoisons = 0;
        int flaggedClean = 0;
        for (int i = 0; i < labels.length; i++) {
            if (scan.flags()[i]) {
                if (poison[i]) {
                    flaggedPoisons++;
                } else {
                    flaggedClean++;
                }
            }
        }
        assertEquals(15, flaggedPoisons);
        assertTrue(flaggedClean <= 1, flaggedClean + " of the 18,045 clean rows flagged");
    }

    /**
     * Nine Gaussian classes of 2,000 rows and class 9 of {@code smallRows}, each with its own mean and covariance;
     * the last {@code group} rows of class 9 shifted by {@code shift} class deviations along a random direction.
     */
    private static InMemorySource longTail(int smallRows, int group, double shift, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int rows = 9 * 2_000 + smallRows;
        float[] x = new float[rows * DIM];
        int[] labels = new int[rows];
        boolean[] poison = new boolean[rows];
        double[] direction = unit(gaussian(random, DIM));
        int row = 0;
        for (int c = 0; c < 10; c++) {
            double[] mean = gaussian(random, DIM);
            double[] mix = gaussian(random, DIM * DIM);
            int n = c < 9 ? 2_000 : smallRows;
            for (int i = 0; i < n; i++, row++) {
                double[] z = gaussian(random, DIM);
                boolean shifted = c == 9 && i >= n - group;
                for (int a = 0; a < DIM; a++) {
                    double v = 3 * mean[a];
                    for (int b = 0; b < DIM; b++) {
                        v += 2 * z[b] * mix[b * DIM + a] / Math.sqrt(DIM);
                    }
                    x[row * DIM + a] = (float) (v + (shifted ? 2 * shift * direction[a] : 0));
                }
                labels[row] = c;
                poison[row] = shifted;
            }
        }
        return new InMemorySource(x, DIM, labels, poison, "long tail");
    }

    private static double[] gaussian(SplittableRandom random, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double u = 1 - random.nextDouble();
            out[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
        }
        return out;
    }

    private static double[] unit(double[] v) {
        double norm = Math.sqrt(java.util.Arrays.stream(v).map(a -> a * a).sum());
        return java.util.Arrays.stream(v).map(a -> a / norm).toArray();
    }
}
