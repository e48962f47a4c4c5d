package org.poisonscan.ac;

import org.poisonscan.api.backend.ComputeBackend;

/** Statistics of a clustered sample of reduced rows: the silhouette and the candidate clusters' separation. */
final class ClusterStatistics {
    private static final int BLOCK_ROWS = 256;

    private ClusterStatistics() {
    }

    /**
     * Mean silhouette (Rousseeuw 1987) of the rows, with Euclidean distances: {@code (b - a) / max(a, b)} per row,
     * where a is the mean distance to the other rows of its cluster and b the least mean distance to another
     * cluster's rows; 0 for a row alone in its cluster. Pairwise dot products come from the backend's projection
     * kernel, a block of rows at a time. {@code NaN} when fewer than two clusters hold rows.
     */
    static double silhouette(float[] rows, int n, int m, int[] cluster, int k, ComputeBackend backend) {
        long[] counts = KMeans.sizes(cluster, n, k);
        int nonEmpty = 0;
        for (long c : counts) {
            nonEmpty += c > 0 ? 1 : 0;
        }
        if (nonEmpty < 2) {
            return Double.NaN;
        }
        double[] basis = new double[n * m];
        double[] norms = new double[n];
        for (int i = 0; i < n * m; i++) {
            basis[i] = rows[i];
            norms[i / m] += basis[i] * basis[i];
        }
        double[] zero = new double[m];
        float[] block = new float[BLOCK_ROWS * m];
        double[] dots = new double[BLOCK_ROWS * n];
        double[] sums = new double[k];
        double total = 0;
        for (int from = 0; from < n; from += BLOCK_ROWS) {
            int b = Math.min(BLOCK_ROWS, n - from);
            System.arraycopy(rows, from * m, block, 0, b * m);
            backend.project(block, b, m, zero, basis, n, dots);
            for (int r = 0; r < b; r++) {
                int i = from + r;
                java.util.Arrays.fill(sums, 0);
                for (int l = 0; l < n; l++) {
                    if (l != i) {
                        sums[cluster[l]] += Math.sqrt(Math.max(0, norms[i] + norms[l] - 2 * dots[r * n + l]));
                    }
                }
                total += rowSilhouette(sums, counts, cluster[i]);
            }
        }
        return total / n;
    }

    private static double rowSilhouette(double[] sums, long[] counts, int own) {
        if (counts[own] < 2) {
            return 0;
        }
        double a = sums[own] / (counts[own] - 1);
        double b = Double.POSITIVE_INFINITY;
        for (int c = 0; c < counts.length; c++) {
            if (c != own && counts[c] > 0) {
                b = Math.min(b, sums[c] / counts[c]);
            }
        }
        double scale = Math.max(a, b);
        return scale > 0 ? (b - a) / scale : 0;
    }

    /**
     * The axis statistics of candidate cluster {@code j} against the main cluster 0: the spread along the axis from
     * all {@code n} rows, the separation from the rows listed in {@code subset}.
     */
    static Candidate candidate(float[] rows, int n, int m, int[] cluster, double[] centres, int j, int[] subset) {
        double[] u = new double[m];
        double distance = 0;
        for (int i = 0; i < m; i++) {
            u[i] = centres[j * m + i] - centres[i];
            distance += u[i] * u[i];
        }
        distance = Math.sqrt(distance);
        if (!(distance > 0)) {
            return new Candidate(j, new double[m], 0, 1, Double.NaN, 0);
        }
        double c0u = 0;
        for (int i = 0; i < m; i++) {
            u[i] /= distance;
            c0u += centres[i] * u[i];
        }
        double[] p = new double[n];
        double[] sum = new double[2];
        double[] sumSq = new double[2];
        long[] cnt = new long[2];
        for (int r = 0; r < n; r++) {
            if (cluster[r] != 0 && cluster[r] != j) {
                continue;
            }
            double v = -c0u;
            for (int i = 0; i < m; i++) {
                v += rows[r * m + i] * u[i];
            }
            p[r] = v;
            int side = cluster[r] == 0 ? 0 : 1;
            sum[side] += v;
            sumSq[side] += v * v;
            cnt[side]++;
        }
        double within = 0;
        for (int s = 0; s < 2; s++) {
            if (cnt[s] > 0) {
                within += sumSq[s] - sum[s] * sum[s] / cnt[s];
            }
        }
        double sigma = cnt[0] + cnt[1] > 2 ? Math.sqrt(Math.max(0, within) / (cnt[0] + cnt[1] - 2)) : 0;
        if (!(sigma > 0)) {
            sigma = distance / 2;
        }
        int[] used = java.util.Arrays.stream(subset).filter(r -> cluster[r] == 0 || cluster[r] == j).toArray();
        double[] q = new double[used.length];
        boolean[] second = new boolean[used.length];
        for (int i = 0; i < used.length; i++) {
            q[i] = p[used[i]];
            second[i] = cluster[used[i]] == j;
        }
        return new Candidate(j, u, c0u + distance / 2, sigma, SplitMixture.separation(q, second), distance);
    }
}
