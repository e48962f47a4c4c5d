package org.poisonscan.ac;

import java.util.SplittableRandom;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.SymmetricEigen;

/**
 * Symmetric FastICA (Hyvarinen 1999) with the log-cosh contrast ({@code g = tanh}) on whitened data. Every iteration
 * updates all unmixing vectors at once, {@code W <- E[g(W x) x^T] - diag(E[g'(W x)]) W}, then restores orthogonality by
 * symmetric decorrelation {@code W <- (W W^T)^(-1/2) W}. The result is an orthogonal {@code m x m} matrix, so the
 * sources keep unit variance. The start is a seeded Gaussian matrix: the same data and seed give the same result.
 */
final class FastIca {

    /**
     * @param unmixing row-major orthogonal {@code m x m} matrix: sources are {@code unmixing * x}
     * @param iterations iterations run
     * @param converged whether {@code max |1 - |<w_new, w_old>||} fell below the tolerance
     */
    record Result(double[] unmixing, int iterations, boolean converged) {
    }

    private FastIca() {
    }

    /**
     * Fits the unmixing matrix.
     *
     * @param x whitened rows, row-major {@code n x m}
     * @param n number of rows (at least 1)
     * @param m dimension
     */
    static Result fit(float[] x, int n, int m, int maxIterations, double tolerance, long seed, ComputeBackend backend) {
        if (m == 1) {
            return new Result(new double[] {1}, 0, true);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] w = new double[m * m];
        for (int i = 0; i < w.length; i++) {
            w[i] = random.nextGaussian();
        }
        w = decorrelate(w, m, backend);
        double[] zero = new double[m];
        double[] y = new double[n * m];
        double[] xd = new double[n * m];
        for (int i = 0; i < n * m; i++) {
            xd[i] = x[i];
        }
        double[] g = new double[m];
        for (int it = 1; it <= maxIterations; it++) {
            backend.project(x, n, m, zero, w, m, y);
            double[] next = new double[m * m];
            double[] meanDerivative = new double[m];
            for (int r = 0; r < n; r++) {
                int base = r * m;
                for (int a = 0; a < m; a++) {
                    double t = tanh(y[base + a]);
                    g[a] = t;
                    meanDerivative[a] += 1 - t * t;
                }
                for (int a = 0; a < m; a++) {
                    double t = g[a];
                    int row = a * m;
                    for (int b = 0; b < m; b++) {
                        next[row + b] += t * xd[base + b];
                    }
                }
            }
            for (int a = 0; a < m; a++) {
                for (int b = 0; b < m; b++) {
                    next[a * m + b] = next[a * m + b] / n - meanDerivative[a] / n * w[a * m + b];
                }
            }
            next = decorrelate(next, m, backend);
            double change = 0;
            for (int a = 0; a < m; a++) {
                double dot = 0;
                for (int b = 0; b < m; b++) {
                    dot += next[a * m + b] * w[a * m + b];
                }
                change = Math.max(change, Math.abs(Math.abs(dot) - 1));
            }
            w = next;
            if (change < tolerance) {
                return new Result(w, it, true);
            }
        }
        return new Result(w, maxIterations, false);
    }

    /** tanh through one exponential ({@code Math.tanh} is several times slower and dominates the iteration). */
    static double tanh(double v) {
        if (v > 20) {
            return 1;
        }
        if (v < -20) {
            return -1;
        }
        return 1 - 2 / (Math.exp(2 * v) + 1);
    }

    /** {@code (W W^T)^(-1/2) W}, through the backend's symmetric eigen-decomposition. */
    static double[] decorrelate(double[] w, int m, ComputeBackend backend) {
        double[] s = new double[m * m];
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                double v = 0;
                for (int c = 0; c < m; c++) {
                    v += w[a * m + c] * w[b * m + c];
                }
                s[a * m + b] = v;
            }
        }
        SymmetricEigen eig = backend.symmetricEigen(s, m);
        double[] inverseRoot = new double[m * m];
        for (int j = 0; j < m; j++) {
            double scale = 1 / Math.sqrt(Math.max(eig.value(j), Double.MIN_NORMAL));
            double[] e = eig.vector(j);
            for (int a = 0; a < m; a++) {
                for (int b = 0; b < m; b++) {
                    inverseRoot[a * m + b] += scale * e[a] * e[b];
                }
            }
        }
        double[] out = new double[m * m];
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                double v = 0;
                for (int c = 0; c < m; c++) {
                    v += inverseRoot[a * m + c] * w[c * m + b];
                }
                out[a * m + b] = v;
            }
        }
        return out;
    }
}
