package org.poisonscan.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.JavaComputeBackend;

/**
 * The matrix exponential and the QUE weighting against independent references: closed forms for diagonal and rotated
 * matrices, and a scaling-and-squaring Taylor series; and the two errors of a popular Python port (element-wise
 * exponential, element-wise product inside the trace) shown to give different numbers.
 */
class QuantumEntropyTest {
    private static final ComputeBackend BACKEND = new JavaComputeBackend();

    @Test
    void exponentialOfADiagonalMatrix() {
        double[] a = diag(0, 1, -2, Math.log(3));
        double[] e = SymmetricFunctions.exp(BACKEND, a, 4);
        assertMatrix(diag(1, Math.E, Math.exp(-2), 3), e, 1e-12);
    }

    @Test
    void exponentialOfARotatedMatrixIsTheRotatedExponential() {
        // [[0, t], [t, 0]] is diag(t, -t) rotated by 45 degrees; its exponential is
        // [[cosh t, sinh t], [sinh t, cosh t]].
        double t = 0.7;
        double[] e = SymmetricFunctions.exp(BACKEND, new double[] {0, t, t, 0}, 2);
        assertMatrix(new double[] {Math.cosh(t), Math.sinh(t), Math.sinh(t), Math.cosh(t)}, e, 1e-12);
        // The element-wise exponential would put exp(0) = 1 on the diagonal.
        assertTrue(Math.abs(e[0] - 1) > 0.2);

        double[] r = rotation3(0.4, -1.1, 0.9);
        double[] d = diag(1.5, -0.5, 0.25);
        double[] a = SymmetricFunctions.multiply(SymmetricFunctions.multiply(r, 3, 3, d, 3), 3, 3, transpose(r, 3), 3);
        double[] expected = SymmetricFunctions.multiply(
                SymmetricFunctions.multiply(r, 3, 3, diag(Math.exp(1.5), Math.exp(-0.5), Math.exp(0.25)), 3), 3, 3,
                transpose(r, 3), 3);
        assertMatrix(expected, SymmetricFunctions.exp(BACKEND, a, 3), 1e-11);
        assertMatrix(taylorExp(a, 3), SymmetricFunctions.exp(BACKEND, a, 3), 1e-11);
    }

    @Test
    void queMatrixIsTheNormalisedMatrixExponential() {
        double[] r = rotation3(0.3, 0.8, -0.6);
        double[] s = SymmetricFunctions.multiply(SymmetricFunctions.multiply(r, 3, 3, diag(3.2, 1.1, 0.9), 3), 3, 3,
                transpose(r, 3), 3);
        double alpha = 4;
        QuantumEntropy que = QuantumEntropy.of(BACKEND, s, 3, alpha);
        double top = 3.2;
        double[] arg = new double[9];
        for (int i = 0; i < 9; i++) {
            arg[i] = alpha * (s[i] - (i % 4 == 0 ? 1 : 0)) / (top - 1);
        }
        double[] expm = taylorExp(arg, 3);
        double trace = expm[0] + expm[4] + expm[8];
        for (int i = 0; i < 9; i++) {
            expm[i] /= trace;
        }
        double[] m = que.matrix();
        assertMatrix(expm, m, 1e-10);
        double[] half = que.sqrtMatrix();
        assertMatrix(m, SymmetricFunctions.multiply(half, 3, 3, half, 3), 1e-12);

        // The criterion is tr(S M) / tr(M) with a matrix product inside the trace...
        double criterion = SymmetricFunctions.traceOfProduct(s, m, 3) / (m[0] + m[4] + m[8]);
        assertEquals(criterion, que.criterion(), 1e-12);
        // ... not the trace of the element-wise product, which only sees the diagonals.
        double elementWise = s[0] * m[0] + s[4] * m[4] + s[8] * m[8];
        assertTrue(Math.abs(elementWise - criterion) > 0.1, elementWise + " vs " + criterion);
        // A soft maximum of the eigenvalues of S.
        assertTrue(criterion > 1.1 && criterion < top, "criterion " + criterion);
    }

    @Test
    void identityCovarianceGivesUniformWeights() {
        QuantumEntropy que = QuantumEntropy.of(BACKEND, diag(1, 1, 1, 1), 4, 4);
        assertMatrix(diag(0.25, 0.25, 0.25, 0.25), que.matrix(), 1e-12);
        assertEquals(1, que.criterion(), 1e-12);
    }

    @Test
    void inverseSquareRootWhitens() {
        double[] r = rotation3(-0.2, 0.5, 1.3);
        double[] s = SymmetricFunctions.multiply(SymmetricFunctions.multiply(r, 3, 3, diag(9, 2, 0.5), 3), 3, 3,
                transpose(r, 3), 3);
        double[] w = SymmetricFunctions.inverseSqrt(BACKEND, s, 3, 1e-12);
        double[] white = SymmetricFunctions.multiply(SymmetricFunctions.multiply(w, 3, 3, s, 3), 3, 3, w, 3);
        assertMatrix(diag(1, 1, 1), white, 1e-12);
    }

    /** expm by scaling and squaring of a 30-term Taylor series: independent of any eigen-decomposition. */
    private static double[] taylorExp(double[] a, int k) {
        int squarings = 10;
        double scale = Math.pow(2, -squarings);
        double[] x = new double[k * k];
        for (int i = 0; i < x.length; i++) {
            x[i] = a[i] * scale;
        }
        double[] sum = identity(k);
        double[] term = identity(k);
        for (int j = 1; j <= 30; j++) {
            term = SymmetricFunctions.multiply(term, k, k, x, k);
            for (int i = 0; i < term.length; i++) {
                term[i] /= j;
                sum[i] += term[i];
            }
        }
        for (int s = 0; s < squarings; s++) {
            sum = SymmetricFunctions.multiply(sum, k, k, sum, k);
        }
        return sum;
    }

    /** A 3-D rotation from three Euler angles. */
    private static double[] rotation3(double a, double b, double c) {
        double[] rz = {Math.cos(a), -Math.sin(a), 0, Math.sin(a), Math.cos(a), 0, 0, 0, 1};
        double[] ry = {Math.cos(b), 0, Math.sin(b), 0, 1, 0, -Math.sin(b), 0, Math.cos(b)};
        double[] rx = {1, 0, 0, 0, Math.cos(c), -Math.sin(c), 0, Math.sin(c), Math.cos(c)};
        return SymmetricFunctions.multiply(SymmetricFunctions.multiply(rz, 3, 3, ry, 3), 3, 3, rx, 3);
    }

    private static double[] diag(double... v) {
        double[] m = new double[v.length * v.length];
        for (int i = 0; i < v.length; i++) {
            m[i * v.length + i] = v[i];
        }
        return m;
    }

    private static double[] identity(int k) {
        double[] m = new double[k * k];
        for (int i = 0; i < k; i++) {
            m[i * k + i] = 1;
        }
        return m;
    }

    private static double[] transpose(double[] a, int k) {
        double[] t = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                t[j * k + i] = a[i * k + j];
            }
        }
        return t;
    }

    private static void assertMatrix(double[] expected, double[] actual, double tolerance) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance * Math.max(1, Math.abs(expected[i])), "entry " + i);
        }
    }
}
