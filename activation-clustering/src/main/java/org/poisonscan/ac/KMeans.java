package org.poisonscan.ac;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.poisonscan.api.backend.ComputeBackend;

/**
 * k-means on rows held in memory: Lloyd iterations from several starts, keeping the clustering of least inertia.
 * The starts are one <em>axis start</em> per reduced dimension (the best split of that coordinate alone) and
 * {@code restarts} greedy k-means++ seedings (Arthur and Vassilvitskii 2007; the greedy variant of scikit-learn).
 *
 * <p>Why axis starts: after whitening (ICA), a poison cluster that is far away along one reduced direction is hidden
 * among several unit-variance noise directions, and random seedings mostly land in the bulk, where Lloyd settles on a
 * split of the bulk: measured on a class with 10% poison shifted by 16 sigma (d = 64), 10 greedy k-means++ restarts
 * found the poison split for 29 seeds out of 40. ICA puts such a shift on one component, so the start along that axis
 * finds it at once; the axis starts are deterministic. Start {@code s} draws from the {@code s}-th split of a
 * {@link SplittableRandom} seeded with the given seed, so results depend only on the rows and the seed. A cluster that
 * empties is re-seeded with the row farthest from its centre. Clusters are numbered by size, largest first.
 */
final class KMeans {

    /**
     * @param centres row-major {@code k x m}, cluster 0 the largest
     * @param assignment nearest centre of every row
     * @param sizes rows per cluster, descending
     * @param inertia sum of squared distances to the nearest centre
     * @param iterations Lloyd iterations of the kept restart
     * @param converged whether the kept restart stopped before the iteration limit
     */
    record Result(double[] centres, int[] assignment, long[] sizes, double inertia, int iterations, boolean converged) {
    }

    private KMeans() {
    }

    /**
     * Clusters {@code n} rows of dimension {@code m}.
     *
     * @throws DegenerateClassException when the rows hold fewer than k distinct points
     */
    static Result fit(float[] rows, int n, int m, KMeansOptions options, long seed, ComputeBackend backend) {
        int k = options.clusters();
        if (n < k) {
            throw new DegenerateClassException("only " + n + " rows for " + k + " clusters");
        }
        SplittableRandom root = new SplittableRandom(seed);
        Result best = null;
        for (int start = 0; start < m + options.restarts(); start++) {
            SplittableRandom random = root.split();
            double[] centres = start < m ? KMeansSeeding.axisStart(rows, n, m, k, start, random, backend)
                    : KMeansSeeding.greedy(rows, n, m, k, random, backend, null);
            if (centres == null) {
                continue;
            }
            Result result = lloyd(rows, n, m, centres, options, backend);
            if (best == null || result.inertia() < best.inertia()) {
                best = result;
            }
        }
        return ordered(best, m);
    }

    private static Result lloyd(float[] rows, int n, int m, double[] start, KMeansOptions options,
            ComputeBackend backend) {
        int k = options.clusters();
        double[] centres = start;
        int[] assignment = new int[n];
        int[] previous = new int[n];
        double[] d2 = new double[n];
        Nearest nearest = new Nearest(backend, centres, k, m);
        nearest.assign(rows, n, assignment, d2);
        double inertia = sum(d2, n);
        int iterations = 0;
        boolean converged = false;
        while (iterations < options.maxIterations() && !converged) {
            iterations++;
            centres = means(rows, n, m, k, assignment, d2, centres);
            System.arraycopy(assignment, 0, previous, 0, n);
            nearest.moveTo(centres);
            nearest.assign(rows, n, assignment, d2);
            double before = inertia;
            inertia = sum(d2, n);
            converged = Arrays.equals(assignment, 0, n, previous, 0, n)
                    || before - inertia <= options.tolerance() * before;
        }
        return new Result(centres, assignment, sizes(assignment, n, k), inertia, iterations, converged);
    }

    /** Cluster means; an empty cluster takes the row farthest from its own centre. */
    private static double[] means(float[] rows, int n, int m, int k, int[] assignment, double[] d2, double[] old) {
        double[] sums = new double[k * m];
        long[] counts = new long[k];
        for (int r = 0; r < n; r++) {
            int c = assignment[r];
            counts[c]++;
            for (int i = 0; i < m; i++) {
                sums[c * m + i] += rows[r * m + i];
            }
        }
        double[] centres = new double[k * m];
        boolean[] taken = new boolean[n];
        for (int c = 0; c < k; c++) {
            if (counts[c] > 0) {
                for (int i = 0; i < m; i++) {
                    centres[c * m + i] = sums[c * m + i] / counts[c];
                }
                continue;
            }
            int far = -1;
            for (int r = 0; r < n; r++) {
                if (!taken[r] && counts[assignment[r]] > 1 && (far < 0 || d2[r] > d2[far])) {
                    far = r;
                }
            }
            if (far < 0) {
                System.arraycopy(old, c * m, centres, c * m, m);
                continue;
            }
            taken[far] = true;
            for (int i = 0; i < m; i++) {
                centres[c * m + i] = rows[far * m + i];
            }
        }
        return centres;
    }

    static double sum(double[] v, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += v[i];
        }
        return s;
    }

    static long[] sizes(int[] assignment, int n, int k) {
        long[] s = new long[k];
        for (int r = 0; r < n; r++) {
            s[assignment[r]]++;
        }
        return s;
    }

    /** Renumbers the clusters by size, largest first (ties keep their order). */
    private static Result ordered(Result r, int m) {
        int k = r.sizes().length;
        int[] order = sizeOrder(r.sizes());
        int[] rank = new int[k];
        for (int i = 0; i < k; i++) {
            rank[order[i]] = i;
        }
        int[] assignment = new int[r.assignment().length];
        for (int i = 0; i < assignment.length; i++) {
            assignment[i] = rank[r.assignment()[i]];
        }
        return new Result(permuteRows(r.centres(), order, m), assignment, permute(r.sizes(), order), r.inertia(),
                r.iterations(), r.converged());
    }

    /** Cluster indices by descending size, ties by index. */
    static int[] sizeOrder(long[] sizes) {
        Integer[] idx = new Integer[sizes.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> sizes[a] != sizes[b] ? Long.compare(sizes[b], sizes[a]) : Integer.compare(a, b));
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }

    static double[] permuteRows(double[] rows, int[] order, int m) {
        double[] out = new double[rows.length];
        for (int i = 0; i < order.length; i++) {
            System.arraycopy(rows, order[i] * m, out, i * m, m);
        }
        return out;
    }

    static long[] permute(long[] values, int[] order) {
        long[] out = new long[values.length];
        for (int i = 0; i < order.length; i++) {
            out[i] = values[order[i]];
        }
        return out;
    }
}
