package org.poisonscan.ac;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.poisonscan.api.backend.ComputeBackend;

/**
 * k-means on rows held in memory: k-means++ seeding (Arthur and Vassilvitskii 2007), Lloyd iterations, several
 * restarts keeping the clustering of least inertia. Restart {@code r} draws from the {@code r}-th split of a
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
        for (int r = 0; r < options.restarts(); r++) {
            Result result = lloyd(rows, n, m, seedCentres(rows, n, m, k, root.split(), backend), options, backend);
            if (best == null || result.inertia() < best.inertia()) {
                best = result;
            }
        }
        return ordered(best, m);
    }

    /** k-means++: the first centre uniformly, each next one with probability proportional to D^2. */
    static double[] seedCentres(float[] rows, int n, int m, int k, SplittableRandom random, ComputeBackend backend) {
        double[] centres = new double[k * m];
        double[] nearest = new double[n];
        Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        double[] d2 = new double[n];
        int[] ignored = new int[n];
        Nearest single = new Nearest(backend, new double[m], 1, m);
        int pick = random.nextInt(n);
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < m; i++) {
                centres[c * m + i] = rows[pick * m + i];
            }
            if (c == k - 1) {
                break;
            }
            single.moveTo(Arrays.copyOfRange(centres, c * m, c * m + m));
            single.assign(rows, n, ignored, d2);
            double total = 0;
            for (int r = 0; r < n; r++) {
                nearest[r] = Math.min(nearest[r], d2[r]);
                total += nearest[r];
            }
            if (!(total > 0)) {
                throw new DegenerateClassException("fewer than " + k + " distinct reduced rows");
            }
            double target = random.nextDouble() * total;
            double cumulative = 0;
            pick = -1;
            for (int r = 0; r < n && pick < 0; r++) {
                cumulative += nearest[r];
                if (cumulative > target && nearest[r] > 0) {
                    pick = r;
                }
            }
            if (pick < 0) {
                pick = lastPositive(nearest);
            }
        }
        return centres;
    }

    private static int lastPositive(double[] values) {
        for (int r = values.length - 1; r >= 0; r--) {
            if (values[r] > 0) {
                return r;
            }
        }
        throw new IllegalStateException("no positive distance");
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

    private static double sum(double[] v, int n) {
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
