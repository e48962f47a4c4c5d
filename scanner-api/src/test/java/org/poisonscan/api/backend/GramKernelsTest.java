package org.poisonscan.api.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The scalar and the Vector API Gram kernels (both double precision) against an oracle, and each other. */
class GramKernelsTest {

    private static float[] rows(int n, int d, long seed, double offset) {
        Random r = new Random(seed);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (offset + r.nextGaussian() * (1 + i % d % 5));
        }
        return x;
    }

    /** Feeds the rows in uneven pieces, so blocks are split across calls and the last block is short. */
    private static GramAccumulator fill(GramAccumulator acc, float[] x, int n, int d) {
        int[] cuts = {0, 1, 5, n / 3, n / 2 + 7, n};
        for (int c = 0; c + 1 < cuts.length; c++) {
            int from = Math.min(cuts[c], n);
            int to = Math.max(from, Math.min(cuts[c + 1], n));
            float[] piece = new float[(to - from) * d];
            System.arraycopy(x, from * d, piece, 0, piece.length);
            acc.add(piece, to - from);
        }
        return acc;
    }

    private static void assertMatchesOracle(GramAccumulator acc, float[] x, int n, int d, double relative) {
        double[] g = acc.gram();
        double[] sums = acc.columnSums();
        assertEquals(n, acc.count());
        for (int i = 0; i < d; i++) {
            double s = 0;
            double sAbs = 0;
            for (int r = 0; r < n; r++) {
                s += x[r * d + i];
                sAbs += Math.abs(x[r * d + i]);
            }
            assertEquals(s, sums[i], relative * sAbs + 1e-12, "sum " + i + " d=" + d);
            for (int j = 0; j < d; j++) {
                double e = 0;
                double scale = 0;
                for (int r = 0; r < n; r++) {
                    double p = (double) x[r * d + i] * x[r * d + j];
                    e += p;
                    scale += Math.abs(p);
                }
                assertEquals(e, g[i * d + j], relative * scale, "d=" + d + " (" + i + "," + j + ")");
                assertEquals(g[i * d + j], g[j * d + i], 0.0, "symmetric");
            }
        }
    }

    @Test
    void vectorKernelMatchesOracleForOddSizesAndBlocks() {
        // 1 to 40 columns (padding to 16), 2,000 rows at d = 7 (several 256-row blocks), a large mean.
        for (int d : new int[] {1, 3, 7, 16, 17, 40}) {
            int n = d == 7 ? 2000 : 613;
            float[] x = rows(n, d, d, d == 17 ? 50 : 0);
            assertMatchesOracle(fill(new VectorGramAccumulator(d), x, n, d), x, n, d, 1e-12);
        }
    }

    @Test
    void vectorKernelResultDependsOnlyOnTheSequenceOfRows() {
        // Blocks fill in arrival order, so one call and many uneven calls give bit-identical sums.
        int d = 19;
        int n = 3100;
        float[] x = rows(n, d, 8, 2);
        GramAccumulator whole = new VectorGramAccumulator(d);
        whole.add(x, n);
        GramAccumulator pieces = fill(new VectorGramAccumulator(d), x, n, d);
        assertTrue(java.util.Arrays.equals(whole.gram(), pieces.gram()));
        assertTrue(java.util.Arrays.equals(whole.columnSums(), pieces.columnSums()));
    }

    @Test
    void vectorKernelSplitsLargeBlocksOverThreadsWithTheSameResult() {
        // d = 300: a block's work passes the parallel threshold; the sum must not depend on the schedule.
        int d = 300;
        int n = 700;
        float[] x = rows(n, d, 11, 0.5);
        double[] first = fill(new VectorGramAccumulator(d), x, n, d).gram();
        double[] second = fill(new VectorGramAccumulator(d), x, n, d).gram();
        assertTrue(java.util.Arrays.equals(first, second), "bit-identical across runs");
        double[] scalar = fill(new JavaGramAccumulator(d), x, n, d).gram();
        for (int i = 0; i < d * d; i++) {
            assertEquals(scalar[i], first[i], 1e-12 * (Math.abs(scalar[i]) + n));
        }
    }

    @Test
    void scalarKernelIsDoublePrecision() {
        for (int d : new int[] {1, 3, 7, 33}) {
            int n = 301;
            float[] x = rows(n, d, d, 0);
            assertMatchesOracle(fill(new JavaGramAccumulator(d), x, n, d), x, n, d, 1e-12);
        }
    }

    @Test
    void backendPicksTheVectorKernelWhenTheModuleIsPresent() {
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertEquals(module, JavaComputeBackend.simd());
        GramAccumulator acc = new JavaComputeBackend().newGramAccumulator(4);
        assertEquals(module ? VectorGramAccumulator.class : JavaGramAccumulator.class, acc.getClass());
        assertTrue(new JavaComputeBackend().describe().contains(module ? "SIMD" : "scalar"));
    }

    @Test
    void addShiftedEqualsAddingShiftedRowsForBothKernels() {
        int d = 21;
        int n = 900;
        float[] x = rows(n, d, 3, 100);
        int[] picked = new int[n / 3];
        for (int k = 0; k < picked.length; k++) {
            picked[k] = (k * 7) % n;
        }
        float[] shift = new float[d];
        for (int i = 0; i < d; i++) {
            shift[i] = 100 + 0.25f * i;
        }
        float[] shifted = new float[picked.length * d];
        for (int k = 0; k < picked.length; k++) {
            for (int i = 0; i < d; i++) {
                shifted[k * d + i] = x[picked[k] * d + i] - shift[i];
            }
        }
        for (GramAccumulator[] pair : new GramAccumulator[][] {
                {new VectorGramAccumulator(d), new VectorGramAccumulator(d)},
                {new JavaGramAccumulator(d), new JavaGramAccumulator(d)}}) {
            pair[0].addShifted(x, picked, shift);
            pair[1].add(shifted, picked.length);
            assertEquals(picked.length, pair[0].count());
            assertTrue(java.util.Arrays.equals(pair[1].gram(), pair[0].gram()), pair[0].getClass().getSimpleName());
            assertTrue(java.util.Arrays.equals(pair[1].columnSums(), pair[0].columnSums()));
        }
    }

    @Test
    void projectRowsMatchesProjectWithAndWithoutSimd() {
        int d = 37;
        int n = 50;
        float[] x = rows(n, d, 9, 3);
        int[] picked = {4, 0, 49, 17, 17, 30};
        double[] center = new double[d];
        double[] basis = new double[3 * d];
        Random r = new Random(4);
        for (int i = 0; i < d; i++) {
            center[i] = 3 + r.nextGaussian();
        }
        for (int i = 0; i < basis.length; i++) {
            basis[i] = r.nextGaussian();
        }
        JavaComputeBackend backend = new JavaComputeBackend();
        double[] expected = new double[picked.length * 3];
        for (int k = 0; k < picked.length; k++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int i = 0; i < d; i++) {
                    s += (x[picked[k] * d + i] - center[i]) * basis[j * d + i];
                }
                expected[k * 3 + j] = s;
            }
        }
        String before = System.getProperty(JavaComputeBackend.SIMD_PROPERTY);
        try {
            for (String simd : new String[] {"true", "false"}) {
                System.setProperty(JavaComputeBackend.SIMD_PROPERTY, simd);
                double[] indexed = new double[picked.length * 3];
                backend.projectRows(x, d, picked, center, basis, 3, indexed);
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], indexed[i], 1e-9 * (1 + Math.abs(expected[i])), "simd=" + simd);
                }
                double[] all = new double[n * 3];
                backend.project(x, n, d, center, basis, 3, all);
                for (int k = 0; k < picked.length; k++) {
                    for (int j = 0; j < 3; j++) {
                        assertEquals(all[picked[k] * 3 + j], indexed[k * 3 + j], 0.0, "same arithmetic");
                    }
                }
            }
        } finally {
            if (before == null) {
                System.clearProperty(JavaComputeBackend.SIMD_PROPERTY);
            } else {
                System.setProperty(JavaComputeBackend.SIMD_PROPERTY, before);
            }
        }
    }
}
