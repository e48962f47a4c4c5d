package org.poisonscan.api.stats;

import java.util.SplittableRandom;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.SymmetricEigen;

/**
 * The top {@code k} eigenpairs of a symmetric positive semi-definite matrix by block subspace iteration with
 * Rayleigh-Ritz: far cheaper than a full decomposition when k is small (spectral signatures need one vector of a
 * 512 x 512 or 2048 x 2048 covariance). The block is wider than k so convergence is governed by the gap to the
 * eigenvalue just past the block, not by the gap between the top two. The start is seeded, so results are identical on
 * every backend; when the iteration does not converge, the backend's full decomposition is used instead.
 */
public final class TopEigen {
    private static final int EXTRA = 8;
    private static final int MAX_ITERATIONS = 500;
    private static final double TOLERANCE = 1e-10;

    private TopEigen() {
    }

    /**
     * @param matrix row-major symmetric PSD {@code dim x dim} matrix
     * @param k number of eigenpairs wanted
     * @return eigenvalues (descending) and unit eigenvectors, signs normalised as in {@link SymmetricEigen}; only the
     *     first {@code k} pairs are meaningful, the rest of the result is zero
     */
    public static SymmetricEigen compute(double[] matrix, int dim, int k, ComputeBackend fallback) {
        int p = Math.min(dim, k + EXTRA);
        if (p >= dim / 2) {
            return fallback.symmetricEigen(matrix, dim);
        }
        double[][] q = new double[p][dim];
        SplittableRandom rng = new SplittableRandom(0x5EED);
        for (double[] v : q) {
            for (int i = 0; i < dim; i++) {
                v[i] = rng.nextGaussian();
            }
        }
        orthonormalise(q);
        double[] ritzValues = new double[p];
        double[][] ritz = new double[p][];
        double scale = 0;
        for (int i = 0; i < dim; i++) {
            scale = Math.max(scale, Math.abs(matrix[i * dim + i]));
        }
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double[][] z = multiply(matrix, dim, q);
            // Rayleigh-Ritz on the block: H = Q^T A Q, small symmetric p x p.
            double[] h = new double[p * p];
            for (int a = 0; a < p; a++) {
                for (int b = a; b < p; b++) {
                    double s = dot(q[a], z[b]);
                    h[a * p + b] = s;
                    h[b * p + a] = s;
                }
            }
            SymmetricEigen small = new org.poisonscan.api.backend.JavaComputeBackend().symmetricEigen(h, p);
            for (int j = 0; j < p; j++) {
                double[] w = small.vector(j);
                double[] v = new double[dim];
                for (int a = 0; a < p; a++) {
                    axpy(w[a], q[a], v);
                }
                ritz[j] = v;
                ritzValues[j] = small.value(j);
            }
            if (converged(matrix, dim, ritz, ritzValues, k, scale)) {
                return result(ritz, ritzValues, dim, k);
            }
            q = z;
            orthonormalise(q);
        }
        return fallback.symmetricEigen(matrix, dim);
    }

    private static boolean converged(double[] a, int dim, double[][] v, double[] values, int k, double scale) {
        for (int j = 0; j < k; j++) {
            double[] av = multiply(a, dim, new double[][] {v[j]})[0];
            double r = 0;
            for (int i = 0; i < dim; i++) {
                double e = av[i] - values[j] * v[j][i];
                r += e * e;
            }
            if (Math.sqrt(r) > TOLERANCE * Math.max(scale, Math.abs(values[0]))) {
                return false;
            }
        }
        return true;
    }

    private static SymmetricEigen result(double[][] v, double[] values, int dim, int k) {
        double[] vals = new double[dim];
        double[] vecs = new double[dim * dim];
        for (int j = 0; j < k; j++) {
            vals[j] = values[j];
            System.arraycopy(v[j], 0, vecs, j * dim, dim);
        }
        // Unused pairs get -infinity so sorting keeps the k real ones first; reset to 0 after.
        for (int j = k; j < dim; j++) {
            vals[j] = Double.NEGATIVE_INFINITY;
        }
        SymmetricEigen sorted = SymmetricEigen.sortedAndSigned(vals, vecs, dim);
        double[] fixed = sorted.values();
        for (int j = k; j < dim; j++) {
            fixed[j] = 0;
        }
        return new SymmetricEigen(fixed, sorted.vectors(), dim);
    }

    private static double[][] multiply(double[] a, int dim, double[][] vectors) {
        double[][] out = new double[vectors.length][dim];
        for (int i = 0; i < dim; i++) {
            int row = i * dim;
            for (int j = 0; j < vectors.length; j++) {
                double[] v = vectors[j];
                double s = 0;
                for (int c = 0; c < dim; c++) {
                    s += a[row + c] * v[c];
                }
                out[j][i] = s;
            }
        }
        return out;
    }

    private static void orthonormalise(double[][] q) {
        SplittableRandom refill = new SplittableRandom(0xB10C);
        for (int j = 0; j < q.length; j++) {
            for (int attempt = 0; ; attempt++) {
                double before = Math.sqrt(dot(q[j], q[j]));
                for (int pass = 0; pass < 2; pass++) {
                    for (int i = 0; i < j; i++) {
                        axpy(-dot(q[i], q[j]), q[i], q[j]);
                    }
                }
                double n = Math.sqrt(dot(q[j], q[j]));
                if (n > 1e-10 * before && n > 0) {
                    for (int i = 0; i < q[j].length; i++) {
                        q[j][i] /= n;
                    }
                    break;
                }
                if (attempt > 10) {
                    throw new ArithmeticException("cannot complete an orthonormal block");
                }
                // The matrix maps this direction into the span of the others (rank deficiency): restart it randomly.
                for (int i = 0; i < q[j].length; i++) {
                    q[j][i] = refill.nextGaussian();
                }
            }
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
