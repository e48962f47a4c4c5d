package org.poisonscan.ac;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.poisonscan.api.backend.ComputeBackend;

/** The starting centres of {@link KMeans}: axis starts and greedy k-means++. */
final class KMeansSeeding {
    private KMeansSeeding() {
    }

    /**
     * An axis start: the first two centres are the means of the two groups of the best two-way split of reduced
     * coordinate {@code axis} alone (the exact one-dimensional 2-means optimum, found by sorting); any further ones
     * come from greedy k-means++. A minority cluster far out along the axis is its own group, however small, where a
     * cut at the mean would mix it with the bulk's tail. {@code null} when the coordinate is constant.
     */
    static double[] axisStart(float[] rows, int n, int m, int k, int axis, SplittableRandom random,
            ComputeBackend backend) {
        Integer[] order = new Integer[n];
        for (int r = 0; r < n; r++) {
            order[r] = r;
        }
        Arrays.sort(order, (a, b) -> Float.compare(rows[a * m + axis], rows[b * m + axis]));
        double total = 0;
        for (int r = 0; r < n; r++) {
            total += rows[r * m + axis];
        }
        double left = 0;
        double best = 0;
        int cut = -1;
        for (int t = 1; t < n; t++) {
            left += rows[order[t - 1] * m + axis];
            if (rows[order[t - 1] * m + axis] == rows[order[t] * m + axis]) {
                continue;
            }
            double difference = left / t - (total - left) / (n - t);
            double between = (double) t * (n - t) / n * difference * difference;
            if (between > best) {
                best = between;
                cut = t;
            }
        }
        if (cut < 0) {
            return null;
        }
        double[] centres = new double[k * m];
        for (int t = 0; t < n; t++) {
            int side = t < cut ? 0 : 1;
            for (int i = 0; i < m; i++) {
                centres[side * m + i] += rows[order[t] * m + i];
            }
        }
        for (int i = 0; i < m; i++) {
            centres[i] /= cut;
            centres[m + i] /= n - cut;
        }
        return k == 2 ? centres : greedy(rows, n, m, k, random, backend, Arrays.copyOf(centres, 2 * m));
    }

    /**
     * Greedy k-means++ (as scikit-learn seeds): the first centre uniformly (unless {@code given} fixes the first
     * ones); for each next one, {@code 2 + ln k} candidates drawn with probability proportional to D^2, keeping the
     * candidate that lowers the total D^2 most.
     */
    static double[] greedy(float[] rows, int n, int m, int k, SplittableRandom random, ComputeBackend backend,
            double[] given) {
        int trials = 2 + (int) Math.log(k);
        double[] centres = new double[k * m];
        double[] nearest = new double[n];
        double[] d2 = new double[n];
        double[] bestD2 = new double[n];
        int[] ignored = new int[n];
        Nearest single = new Nearest(backend, new double[m], 1, m);
        int fixed = given == null ? 1 : given.length / m;
        if (given == null) {
            setCentre(centres, 0, rows, random.nextInt(n), m);
        } else {
            System.arraycopy(given, 0, centres, 0, given.length);
        }
        Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        for (int c = 0; c < fixed; c++) {
            single.moveTo(Arrays.copyOfRange(centres, c * m, c * m + m));
            single.assign(rows, n, ignored, d2);
            for (int r = 0; r < n; r++) {
                nearest[r] = Math.min(nearest[r], d2[r]);
            }
        }
        for (int c = fixed; c < k; c++) {
            double total = KMeans.sum(nearest, n);
            if (!(total > 0)) {
                throw new DegenerateClassException("fewer than " + k + " distinct reduced rows");
            }
            double bestPotential = Double.POSITIVE_INFINITY;
            int best = -1;
            for (int t = 0; t < trials; t++) {
                int pick = drawProportional(nearest, total, random.nextDouble() * total);
                single.moveTo(rowAsCentre(rows, pick, m));
                single.assign(rows, n, ignored, d2);
                double potential = 0;
                for (int r = 0; r < n; r++) {
                    d2[r] = Math.min(d2[r], nearest[r]);
                    potential += d2[r];
                }
                if (potential < bestPotential) {
                    bestPotential = potential;
                    best = pick;
                    System.arraycopy(d2, 0, bestD2, 0, n);
                }
            }
            setCentre(centres, c, rows, best, m);
            System.arraycopy(bestD2, 0, nearest, 0, n);
        }
        return centres;
    }

    private static int drawProportional(double[] weights, double total, double target) {
        double cumulative = 0;
        for (int r = 0; r < weights.length; r++) {
            cumulative += weights[r];
            if (cumulative > target && weights[r] > 0) {
                return r;
            }
        }
        return lastPositive(weights);
    }

    private static double[] rowAsCentre(float[] rows, int r, int m) {
        double[] c = new double[m];
        for (int i = 0; i < m; i++) {
            c[i] = rows[r * m + i];
        }
        return c;
    }

    private static void setCentre(double[] centres, int c, float[] rows, int r, int m) {
        for (int i = 0; i < m; i++) {
            centres[c * m + i] = rows[r * m + i];
        }
    }

    private static int lastPositive(double[] values) {
        for (int r = values.length - 1; r >= 0; r--) {
            if (values[r] > 0) {
                return r;
            }
        }
        throw new IllegalStateException("no positive distance");
    }
}
