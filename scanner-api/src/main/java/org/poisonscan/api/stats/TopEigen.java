package org.poisonscan.api.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.JavaComputeBackend;
import org.poisonscan.api.backend.SymmetricEigen;

/**
 * The top {@code k} eigenpairs of a symmetric matrix by the Lanczos method with full reorthogonalisation: a few dozen
 * matrix-vector products instead of a full O(d^3) decomposition (spectral signatures need one or two vectors of a
 * 512 x 512 or 2048 x 2048 covariance). The start vector is seeded, so results are identical on every backend.
 * Convergence is checked by the Ritz residuals {@code beta_m |s_m|}; if they do not fall below the tolerance within
 * the step budget, the backend's full decomposition is used instead.
 */
public final class TopEigen {
    private static final double TOLERANCE = 1e-11;
    private static final int CHECK_EVERY = 5;

    private TopEigen() {
    }

    /**
     * @param matrix row-major symmetric {@code dim x dim} matrix (typically a covariance)
     * @param k number of eigenpairs wanted (largest eigenvalues)
     * @param fallback backend whose full decomposition is used when Lanczos does not converge
     * @return eigenvalues (descending) and unit eigenvectors with signs normalised as in {@link SymmetricEigen}; only
     *     the first {@code k} pairs are meaningful, the others are zero
     */
    public static SymmetricEigen compute(double[] matrix, int dim, int k, ComputeBackend fallback) {
        int maxSteps = Math.min(dim, Math.max(4 * k + 40, 200));
        if (dim <= 64 || k * 4 >= dim) {
            return fallback.symmetricEigen(matrix, dim);
        }
        double scale = 0;
        for (int i = 0; i < dim; i++) {
            scale = Math.max(scale, Math.abs(matrix[i * dim + i]));
        }
        List<double[]> basis = new ArrayList<>();
        double[] alpha = new double[maxSteps];
        double[] beta = new double[maxSteps];
        double[] v = new double[dim];
        SplittableRandom rng = new SplittableRandom(0x5EED);
        for (int i = 0; i < dim; i++) {
            v[i] = rng.nextGaussian();
        }
        normalise(v);
        for (int m = 0; m < maxSteps; m++) {
            basis.add(v);
            double[] w = multiply(matrix, dim, v);
            alpha[m] = dot(w, v);
            // Full reorthogonalisation (twice) keeps the basis orthonormal in floating point.
            for (int pass = 0; pass < 2; pass++) {
                for (double[] q : basis) {
                    axpy(-dot(w, q), q, w);
                }
            }
            beta[m] = Math.sqrt(dot(w, w));
            int steps = m + 1;
            boolean invariant = beta[m] <= 1e-14 * Math.max(scale, 1e-300);
            if (steps >= k && (invariant || steps % CHECK_EVERY == 0 || steps == maxSteps)) {
                SymmetricEigen t = tridiagonalEigen(alpha, beta, steps);
                if (invariant || converged(t, beta[m], k, scale)) {
                    return ritz(t, basis, dim, k);
                }
            }
            if (invariant) {
                break;
            }
            v = w;
            for (int i = 0; i < dim; i++) {
                v[i] /= beta[m];
            }
        }
        return fallback.symmetricEigen(matrix, dim);
    }

    private static SymmetricEigen tridiagonalEigen(double[] alpha, double[] beta, int m) {
        double[] t = new double[m * m];
        for (int i = 0; i < m; i++) {
            t[i * m + i] = alpha[i];
            if (i + 1 < m) {
                t[i * m + i + 1] = beta[i];
                t[(i + 1) * m + i] = beta[i];
            }
        }
        return new JavaComputeBackend().symmetricEigen(t, m);
    }

    private static boolean converged(SymmetricEigen t, double lastBeta, int k, double scale) {
        int m = t.dim();
        double bound = TOLERANCE * Math.max(scale, Math.abs(t.value(0)));
        for (int j = 0; j < k; j++) {
            double lastComponent = t.vectors()[j * m + (m - 1)];
            if (Math.abs(lastBeta * lastComponent) > bound) {
                return false;
            }
        }
        return true;
    }

    private static SymmetricEigen ritz(SymmetricEigen t, List<double[]> basis, int dim, int k) {
        int m = t.dim();
        double[] values = new double[k];
        double[] vectors = new double[k * dim];
        double[] s = t.vectors();
        for (int j = 0; j < k; j++) {
            values[j] = t.value(j);
            for (int a = 0; a < m; a++) {
                double c = s[j * m + a];
                double[] q = basis.get(a);
                for (int i = 0; i < dim; i++) {
                    vectors[j * dim + i] += c * q[i];
                }
            }
        }
        return SymmetricEigen.top(values, vectors, dim);
    }

    private static double[] multiply(double[] a, int dim, double[] v) {
        double[] out = new double[dim];
        for (int i = 0; i < dim; i++) {
            int row = i * dim;
            double s0 = 0;
            double s1 = 0;
            int c = 0;
            for (; c + 1 < dim; c += 2) {
                s0 += a[row + c] * v[c];
                s1 += a[row + c + 1] * v[c + 1];
            }
            if (c < dim) {
                s0 += a[row + c] * v[c];
            }
            out[i] = s0 + s1;
        }
        return out;
    }

    private static void normalise(double[] v) {
        double n = Math.sqrt(dot(v, v));
        for (int i = 0; i < v.length; i++) {
            v[i] /= n;
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double alpha, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += alpha * x[i];
        }
    }
}
