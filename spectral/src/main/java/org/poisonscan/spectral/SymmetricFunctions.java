package org.poisonscan.spectral;

import java.util.function.DoubleUnaryOperator;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.SymmetricEigen;

/**
 * Functions of small symmetric matrices through their eigen-decomposition {@code A = V diag(lambda) V^T}, so that
 * {@code f(A) = V diag(f(lambda)) V^T} exactly: the MATRIX exponential (not the element-wise exponential that a popular
 * Python port of SPECTRE computes), the inverse square root used for whitening, and plain row-major products.
 * Matrices are row-major {@code double[k * k]}; the decompositions go through the compute backend.
 */
final class SymmetricFunctions {
    private SymmetricFunctions() {
    }

    /** {@code f(A)} for a symmetric {@code k x k} matrix. */
    static double[] apply(ComputeBackend backend, double[] a, int k, DoubleUnaryOperator f) {
        SymmetricEigen eig = backend.symmetricEigen(symmetrised(a, k), k);
        double[] values = eig.values();
        double[] mapped = new double[k];
        for (int i = 0; i < k; i++) {
            mapped[i] = f.applyAsDouble(values[i]);
        }
        return compose(eig, mapped);
    }

    /** The matrix exponential {@code expm(A)} of a symmetric matrix. */
    static double[] exp(ComputeBackend backend, double[] a, int k) {
        return apply(backend, a, k, Math::exp);
    }

    /**
     * {@code A^(-1/2)} of a symmetric positive semi-definite matrix; eigenvalues below {@code relativeFloor} times the
     * largest are raised to that floor, so near-singular directions are not amplified without bound.
     */
    static double[] inverseSqrt(ComputeBackend backend, double[] a, int k, double relativeFloor) {
        SymmetricEigen eig = backend.symmetricEigen(symmetrised(a, k), k);
        double floor = Math.max(eig.value(0), Double.MIN_NORMAL) * relativeFloor;
        double[] mapped = new double[k];
        for (int i = 0; i < k; i++) {
            mapped[i] = 1 / Math.sqrt(Math.max(eig.value(i), floor));
        }
        return compose(eig, mapped);
    }

    /** {@code V diag(f) V^T} for the eigenvectors of {@code eig}. */
    static double[] compose(SymmetricEigen eig, double[] f) {
        int k = eig.dim();
        double[] v = eig.vectors();
        double[] out = new double[k * k];
        for (int m = 0; m < k; m++) {
            double w = f[m];
            if (w == 0) {
                continue;
            }
            int b = m * k;
            for (int i = 0; i < k; i++) {
                double vi = w * v[b + i];
                for (int j = i; j < k; j++) {
                    out[i * k + j] += vi * v[b + j];
                }
            }
        }
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < i; j++) {
                out[i * k + j] = out[j * k + i];
            }
        }
        return out;
    }

    /** The matrix product {@code A B} of an {@code r x m} and an {@code m x c} matrix. */
    static double[] multiply(double[] a, int r, int m, double[] b, int c) {
        double[] out = new double[r * c];
        for (int i = 0; i < r; i++) {
            for (int p = 0; p < m; p++) {
                double x = a[i * m + p];
                if (x == 0) {
                    continue;
                }
                int bo = p * c;
                int oo = i * c;
                for (int j = 0; j < c; j++) {
                    out[oo + j] += x * b[bo + j];
                }
            }
        }
        return out;
    }

    /** {@code tr(A B)} of two {@code k x k} matrices: the trace of the matrix product, not of an element-wise one. */
    static double traceOfProduct(double[] a, double[] b, int k) {
        double t = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                t += a[i * k + j] * b[j * k + i];
            }
        }
        return t;
    }

    /** {@code (A + A^T) / 2}, removing the rounding asymmetry of products such as {@code W C W}. */
    static double[] symmetrised(double[] a, int k) {
        double[] s = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                s[i * k + j] = 0.5 * (a[i * k + j] + a[j * k + i]);
            }
        }
        return s;
    }
}
