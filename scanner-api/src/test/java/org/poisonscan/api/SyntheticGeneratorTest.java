package org.poisonscan.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.BatchReader;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.api.data.InvalidInputException;
import org.poisonscan.api.synthetic.SyntheticConfig;
import org.poisonscan.api.synthetic.SyntheticGenerator;

class SyntheticGeneratorTest {
    @Test
    void sameSeedSameRowsAndStreamingEqualsMemory() throws IOException {
        SyntheticConfig cfg = SyntheticConfig.defaults(500).withSize(500, 16);
        InMemorySource a = new SyntheticGenerator(cfg).toMemory();
        InMemorySource b = new SyntheticGenerator(cfg).toMemory();
        try (BatchReader ra = a.open(500); BatchReader rb = b.open(500);
                BatchReader stream = new SyntheticGenerator(cfg).source().open(77)) {
            Batch x = ra.next();
            assertArrayEquals(x.features(), rb.next().features());
            int row = 0;
            for (Batch s = stream.next(); s != null; s = stream.next()) {
                for (int r = 0; r < s.rows(); r++, row++) {
                    assertEquals(row, s.rowIndex()[r]);
                    assertEquals(x.labels()[row], s.labels()[r]);
                    assertEquals(x.poison()[row], s.poison()[r]);
                    for (int i = 0; i < 16; i++) {
                        assertEquals(x.features()[row * 16 + i], s.features()[r * 16 + i]);
                    }
                }
            }
            assertEquals(500, row);
        }
        InMemorySource other = new SyntheticGenerator(cfg.withSeed(2)).toMemory();
        try (BatchReader ra = a.open(500); BatchReader ro = other.open(500)) {
            assertTrue(ra.next().features()[0] != ro.next().features()[0]);
        }
    }

    /** Floored rows are the Gaussian rows of the same seed floored at 0: same labels and poisons, about half zeros. */
    @Test
    void flooredRowsAreTheSameRowsFlooredAtZero() throws IOException {
        SyntheticConfig cfg = SyntheticConfig.defaults(2000).withSize(2000, 32);
        InMemorySource gaussian = new SyntheticGenerator(cfg).toMemory();
        InMemorySource floored = new SyntheticGenerator(cfg.withFloored(true)).toMemory();
        assertTrue(cfg.withFloored(true).floored() && !cfg.floored());
        try (BatchReader rg = gaussian.open(2000); BatchReader rf = floored.open(2000)) {
            Batch g = rg.next();
            Batch f = rf.next();
            assertArrayEquals(g.labels(), f.labels());
            assertArrayEquals(g.poison(), f.poison());
            int zeros = 0;
            for (int i = 0; i < g.features().length; i++) {
                assertEquals(Math.max(0f, g.features()[i]), f.features()[i]);
                zeros += f.features()[i] == 0 ? 1 : 0;
            }
            double share = (double) zeros / g.features().length;
            assertTrue(share > 0.3 && share < 0.7, "share of zeros " + share);
        }
    }

    @Test
    void poisonsOnlyInTargetClassAtTheRate() throws IOException {
        SyntheticConfig cfg = SyntheticConfig.defaults(20_000).withSize(20_000, 8).withTargets(List.of(2, 5), 2)
                .withPoison(0.1, 4);
        InMemorySource s = new SyntheticGenerator(cfg).toMemory();
        int[] labels = s.labels();
        boolean[] poison = s.poison();
        int inTargets = 0;
        int poisoned = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == 2 || labels[i] == 5) {
                inTargets++;
                poisoned += poison[i] ? 1 : 0;
            } else {
                assertTrue(!poison[i]);
            }
        }
        assertEquals(0.1, poisoned / (double) inTargets, 0.02);
    }

    @Test
    void oracleScoreIsStandardOnCleanRowsAndShiftedBySeparationOnPoisons() throws IOException {
        // Checks the Woodbury inverse: clean target rows score N(0, 1), poisons N(separation, 1); others NaN.
        SyntheticConfig cfg = SyntheticConfig.defaults(40_000).withSize(40_000, 24).withPoison(0.2, 4);
        SyntheticGenerator gen = new SyntheticGenerator(cfg);
        double separation = gen.triggerSeparation(0, 0);
        assertTrue(separation > 1 && separation < 4, "whitening shortens a random direction: " + separation);
        double[] sum = new double[2];
        double[] sumSq = new double[2];
        long[] count = new long[2];
        try (BatchReader r = gen.toMemory().open(4096)) {
            for (Batch b = r.next(); b != null; b = r.next()) {
                for (int i = 0; i < b.rows(); i++) {
                    double s = gen.oracleScore(b.labels()[i], b.features(), b.offset(i));
                    if (b.labels()[i] != 0) {
                        assertTrue(Double.isNaN(s));
                        continue;
                    }
                    int g = b.poison()[i] ? 1 : 0;
                    sum[g] += s;
                    sumSq[g] += s * s;
                    count[g]++;
                }
            }
        }
        for (int g = 0; g < 2; g++) {
            double mean = sum[g] / count[g];
            double variance = sumSq[g] / count[g] - mean * mean;
            assertEquals(g == 0 ? 0 : separation, mean, 0.1, "mean of group " + g);
            assertEquals(1, variance, 0.1, "variance of group " + g);
        }
    }

    @Test
    void invalidConfigAndNonFiniteInputAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SyntheticConfig.defaults(10).withPoison(1.5, 1));
        assertThrows(IllegalArgumentException.class, () -> SyntheticConfig.defaults(10).withTargets(List.of(10), 1));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new InMemorySource(new float[] {1, Float.NaN}, 1, new int[] {0, 0}, null, "mem"));
        assertTrue(e.getMessage().contains("row 1"));
    }
}
