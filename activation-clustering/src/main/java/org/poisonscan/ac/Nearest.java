package org.poisonscan.ac;

import org.poisonscan.api.backend.ComputeBackend;

/**
 * Nearest-centre assignment of reduced rows, with the dot products {@code x . c_j} computed by the backend's
 * projection kernel: {@code |x - c_j|^2 = |x|^2 - 2 x . c_j + |c_j|^2}. The reduced rows are centred on their class
 * mean, so the expansion loses no precision that matters. Every part of the detector (k-means, mini-batch updates,
 * statistics, scoring) assigns rows through this class, so a row gets the same cluster wherever it is assigned. Ties go
 * to the lower cluster index. Not thread-safe (it reuses buffers).
 */
final class Nearest {
    private static final int CHUNK_ROWS = 4096;

    private final ComputeBackend backend;
    private final int m;
    private final int k;
    private final double[] centres;
    private final double[] norms;
    private final double[] zero;
    private double[] dots = new double[0];
    private float[] chunk = new float[0];

    /**
     * @param centres row-major {@code k x m} centres (copied)
     */
    Nearest(ComputeBackend backend, double[] centres, int k, int m) {
        this.backend = backend;
        this.m = m;
        this.k = k;
        this.centres = new double[k * m];
        this.norms = new double[k];
        this.zero = new double[m];
        moveTo(centres);
    }

    /** Moves the centres to new positions ({@code k x m} values, copied), keeping the buffers. */
    void moveTo(double[] newCentres) {
        System.arraycopy(newCentres, 0, centres, 0, k * m);
        for (int j = 0; j < k; j++) {
            double s = 0;
            for (int i = 0; i < m; i++) {
                s += centres[j * m + i] * centres[j * m + i];
            }
            norms[j] = s;
        }
    }

    /**
     * Assigns rows {@code 0..n-1} of {@code rows} (row-major, m values each).
     *
     * @param cluster receives the nearest centre of each row
     * @param dist2 receives the squared distance to it, or {@code null}
     */
    void assign(float[] rows, int n, int[] cluster, double[] dist2) {
        int rowsPerChunk = Math.min(CHUNK_ROWS, n);
        if (dots.length < rowsPerChunk * k) {
            dots = new double[rowsPerChunk * k];
            chunk = new float[rowsPerChunk * m];
        }
        for (int from = 0; from < n; from += CHUNK_ROWS) {
            int c = Math.min(CHUNK_ROWS, n - from);
            float[] block = rows;
            if (from > 0) {
                System.arraycopy(rows, from * m, chunk, 0, c * m);
                block = chunk;
            }
            backend.project(block, c, m, zero, centres, k, dots);
            for (int r = 0; r < c; r++) {
                double xx = 0;
                for (int i = 0; i < m; i++) {
                    double v = block[r * m + i];
                    xx += v * v;
                }
                int best = 0;
                double bestD = Double.POSITIVE_INFINITY;
                for (int j = 0; j < k; j++) {
                    double dd = xx - 2 * dots[r * k + j] + norms[j];
                    if (dd < bestD) {
                        bestD = dd;
                        best = j;
                    }
                }
                cluster[from + r] = best;
                if (dist2 != null) {
                    dist2[from + r] = Math.max(0, bestD);
                }
            }
        }
    }
}
