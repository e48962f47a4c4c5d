package org.poisonscan.spectral;

import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.GramAccumulator;

/**
 * Row count, column sums and Gram matrix {@code X^T X} of a selection of rows held in memory (the class's rows
 * projected on at most 100 principal directions, whose mean is near zero, so the moments suffer no cancellation). The
 * Gram matrix comes from the backend's kernel. Moments of disjoint selections subtract, which gives the moments of
 * "all rows but a few" at the cost of the few.
 *
 * @param count rows
 * @param sums column sums ({@code k} values)
 * @param gram {@code X^T X}, row-major {@code k x k}
 * @param k dimension
 */
record RowMoments(long count, double[] sums, double[] gram, int k) {

    /**
     * Moments of the rows {@code i} with {@code select[i]} (all rows when {@code select} is {@code null}).
     *
     * @param rows row-major, {@code n * k} values
     */
    static RowMoments of(ComputeBackend backend, float[] rows, int n, int k, boolean[] select) {
        float[] picked = rows;
        int m = n;
        if (select != null) {
            m = 0;
            for (int i = 0; i < n; i++) {
                if (select[i]) {
                    m++;
                }
            }
            picked = new float[Math.max(1, m) * k];
            int o = 0;
            for (int i = 0; i < n; i++) {
                if (select[i]) {
                    System.arraycopy(rows, i * k, picked, o, k);
                    o += k;
                }
            }
        }
        try (GramAccumulator acc = backend.newGramAccumulator(k)) {
            acc.add(picked, m);
            return new RowMoments(m, acc.columnSums(), acc.gram(), k);
        }
    }

    /** The moments of the rows in this selection but not in {@code other} (a subset of it). */
    RowMoments minus(RowMoments other) {
        double[] s = sums.clone();
        double[] g = gram.clone();
        for (int i = 0; i < s.length; i++) {
            s[i] -= other.sums[i];
        }
        for (int i = 0; i < g.length; i++) {
            g[i] -= other.gram[i];
        }
        return new RowMoments(count - other.count, s, g, k);
    }

    /** The moments of the first {@code j} coordinates. */
    RowMoments leading(int j) {
        double[] s = new double[j];
        double[] g = new double[j * j];
        System.arraycopy(sums, 0, s, 0, j);
        for (int a = 0; a < j; a++) {
            System.arraycopy(gram, a * k, g, a * j, j);
        }
        return new RowMoments(count, s, g, j);
    }

    /** Mean of the rows. */
    double[] mean() {
        double[] m = new double[k];
        for (int i = 0; i < k; i++) {
            m[i] = sums[i] / count;
        }
        return m;
    }

    /** Population covariance {@code X^T X / n - mean mean^T}. */
    double[] covariance() {
        double[] m = mean();
        double[] c = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                c[i * k + j] = gram[i * k + j] / count - m[i] * m[j];
            }
        }
        return c;
    }
}
