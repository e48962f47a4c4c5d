package org.poisonscan.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.backend.ComputeBackends;
import org.poisonscan.api.backend.GramAccumulator;
import org.poisonscan.api.backend.JavaComputeBackend;
import org.poisonscan.api.backend.SymmetricEigen;

class JavaComputeBackendTest {
    private final JavaComputeBackend backend = new JavaComputeBackend();

    private static float[] randomRows(int n, int d, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    @Test
    void gramMatchesNaiveSumsForOddSizesAndSeveralBlocks() {
        for (int d : new int[] {1, 3, 7, 33}) {
            int n = 301;
            float[] x = randomRows(n, d, d);
            GramAccumulator acc = backend.newGramAccumulator(d);
            acc.add(x, 100);
            float[] rest = new float[(n - 100) * d];
            System.arraycopy(x, 100 * d, rest, 0, rest.length);
            acc.add(rest, n - 100);
            double[] g = acc.gram();
            double[] sums = acc.columnSums();
            assertEquals(n, acc.count());
            for (int i = 0; i < d; i++) {
                double s = 0;
                for (int r = 0; r < n; r++) {
                    s += x[r * d + i];
                }
                assertEquals(s, sums[i], 1e-9 * n);
                for (int j = 0; j < d; j++) {
                    double e = 0;
                    for (int r = 0; r < n; r++) {
                        e += (double) x[r * d + i] * x[r * d + j];
                    }
                    assertEquals(e, g[i * d + j], 1e-9 * n, "d=" + d + " (" + i + "," + j + ")");
                }
            }
        }
    }

    @Test
    void eigenMatchesCommonsMathAndIsSortedAndSigned() {
        int d = 40;
        float[] x = randomRows(200, d, 5);
        GramAccumulator acc = backend.newGramAccumulator(d);
        acc.add(x, 200);
        double[] g = acc.gram();
        SymmetricEigen eig = backend.symmetricEigen(g, d);
        double[][] m = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                m[i][j] = g[i * d + j];
            }
        }
        EigenDecomposition oracle = new EigenDecomposition(new Array2DRowRealMatrix(m));
        double[] expected = oracle.getRealEigenvalues().clone();
        java.util.Arrays.sort(expected);
        for (int i = 0; i < d; i++) {
            assertEquals(expected[d - 1 - i], eig.value(i), 1e-8 * expected[d - 1]);
            if (i > 0) {
                assertTrue(eig.value(i) <= eig.value(i - 1));
            }
        }
        // A v = lambda v for the top vector, and its largest component is positive.
        double[] v = eig.vector(0);
        int arg = 0;
        for (int i = 0; i < d; i++) {
            double av = 0;
            for (int j = 0; j < d; j++) {
                av += g[i * d + j] * v[j];
            }
            assertEquals(eig.value(0) * v[i], av, 1e-8 * eig.value(0));
            if (Math.abs(v[i]) > Math.abs(v[arg])) {
                arg = i;
            }
        }
        assertTrue(v[arg] > 0);
    }

    @Test
    void projectSubtractsCentre() {
        float[] rows = {1, 2, 3, 4, 5, 6};
        double[] center = {1, 1, 1};
        double[] basis = {1, 0, 0, 0, 1, 1};
        double[] out = new double[4];
        backend.project(rows, 2, 3, center, basis, 2, out);
        assertEquals(0, out[0], 1e-12);
        assertEquals(3, out[1], 1e-12);
        assertEquals(3, out[2], 1e-12);
        assertEquals(9, out[3], 1e-12);
    }

    @Test
    void backendSelection() {
        assertEquals("java", ComputeBackends.open("java").name());
        assertTrue(ComputeBackends.providers().stream().anyMatch(p -> p.name().equals("java")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ComputeBackends.open("cuda9"));
        assertTrue(e.getMessage().contains("unknown backend 'cuda9'"));
        // scanner-api alone has no nd4j provider: the message names the artifact that brings it.
        e = assertThrows(IllegalArgumentException.class, () -> ComputeBackends.open("nd4j"));
        assertTrue(e.getMessage().contains("org.poisonscan:kernels-nd4j"), e.getMessage());
    }

    @Test
    void topEigenMatchesFullDecompositionIncludingRankDeficientMatrices() {
        for (int n : new int[] {30, 400}) {
            int d = 120;
            float[] x = randomRows(n, d, n);
            for (int i = 0; i < x.length; i++) {
                x[i] *= 1 + (i % d) / 10f;
            }
            GramAccumulator acc = backend.newGramAccumulator(d);
            acc.add(x, n);
            double[] g = acc.gram();
            SymmetricEigen full = backend.symmetricEigen(g, d);
            SymmetricEigen top = org.poisonscan.api.stats.TopEigen.compute(g, d, 2, backend);
            for (int j = 0; j < 2; j++) {
                assertEquals(full.value(j), top.value(j), 1e-8 * full.value(0), "n=" + n + " value " + j);
                double[] a = full.vector(j);
                double[] b = top.vector(j);
                for (int i = 0; i < d; i++) {
                    assertEquals(a[i], b[i], 1e-6, "n=" + n + " vector " + j + "[" + i + "]");
                }
            }
        }
    }

    @Test
    void backendTopEigenGivesTheLeadingPairsPaddedWithZeros() {
        int d = 150;
        float[] x = randomRows(600, d, 11);
        for (int i = 0; i < x.length; i++) {
            x[i] *= 1 + (i % d) / 5f;
        }
        GramAccumulator acc = backend.newGramAccumulator(d);
        acc.add(x, 600);
        double[] g = acc.gram();
        SymmetricEigen full = backend.symmetricEigen(g, d);
        int k = 10;
        SymmetricEigen top = backend.topEigen(g, d, k);
        for (int j = 0; j < k; j++) {
            assertEquals(full.value(j), top.value(j), 1e-8 * full.value(0), "value " + j);
            double[] a = full.vector(j);
            double[] b = top.vector(j);
            for (int i = 0; i < d; i++) {
                assertEquals(a[i], b[i], 1e-6, "vector " + j + "[" + i + "]");
            }
        }
        for (int j = k; j < d; j++) {
            assertEquals(0, top.value(j));
        }
        assertThrows(IllegalArgumentException.class, () -> backend.topEigen(g, d, 0));
        assertThrows(IllegalArgumentException.class, () -> backend.topEigen(g, d, d + 1));
    }

    @Test
    void partialResultsAreSortedSignedAndPadded() {
        // Two eigenpairs of a 3 x 3 matrix given in ascending order, one vector with a negative leading component.
        SymmetricEigen e = SymmetricEigen.top(new double[] {1, 5}, new double[] {0, 1, 0, -0.6, 0, -0.8}, 3);
        assertEquals(5, e.value(0));
        assertEquals(1, e.value(1));
        assertEquals(0, e.value(2));
        assertArrayEquals(new double[] {0.6, 0, 0.8}, e.vector(0), 0);
        assertArrayEquals(new double[] {0, 1, 0}, e.vector(1), 0);
        assertArrayEquals(new double[] {0, 0, 0}, e.vector(2), 0);
    }
}
