package org.poisonscan.triggers.source;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Source classes by nearest clean centroid (the SCAn / activation-clustering "distance" idea): the centroid of every
 * class is computed from its UNFLAGGED rows only, so the poisons cannot pull their target's centroid towards
 * themselves (an exclusionary reclassification in the representation space, without retraining); each flagged row of
 * the target class goes to the class of its nearest centroid (Euclidean). Classes other than the target that receive
 * at least {@code minShare} of the flagged rows are the source classes.
 *
 * <p>In a network's penultimate activations the poisons may sit nearest to the target itself (the backdoor moved them
 * there); then the sources are not estimated and every other class is assumed. In raw pixels a small trigger hardly
 * moves an image, so poisons usually sit nearest to their source.
 */
public final class NearestCentroids {
    private NearestCentroids() {
    }

    /**
     * @param rows row-major representations, {@code labels.length x dim}
     * @param dim values per row
     * @param labels the scanned label per row
     * @param flagged the scan's flag per row
     * @param target the target class
     * @param minShare share of the flagged rows a class needs to be a source, in (0, 1]
     * @param space name of the representation, for the report
     */
    public static SourceClasses analyse(float[] rows, int dim, int[] labels, boolean[] flagged, int target,
            double minShare, String space) {
        if ((long) labels.length * dim != rows.length) {
            throw new IllegalArgumentException(rows.length + " values for " + labels.length + " rows of " + dim);
        }
        Map<Integer, double[]> sums = new HashMap<>();
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i = 0; i < labels.length; i++) {
            if (flagged[i]) {
                continue;
            }
            double[] s = sums.computeIfAbsent(labels[i], k -> new double[dim]);
            for (int j = 0; j < dim; j++) {
                s[j] += rows[i * dim + j];
            }
            counts.merge(labels[i], 1, Integer::sum);
        }
        List<Integer> classes = new ArrayList<>(sums.keySet());
        classes.sort(null);
        double[][] centroids = new double[classes.size()][];
        for (int k = 0; k < classes.size(); k++) {
            double[] s = sums.get(classes.get(k));
            int n = counts.get(classes.get(k));
            centroids[k] = new double[dim];
            for (int j = 0; j < dim; j++) {
                centroids[k][j] = s[j] / n;
            }
        }
        Map<Integer, Integer> nearest = new HashMap<>();
        int flaggedRows = 0;
        for (int i = 0; i < labels.length; i++) {
            if (!flagged[i] || labels[i] != target) {
                continue;
            }
            flaggedRows++;
            int best = -1;
            double bestD = Double.POSITIVE_INFINITY;
            for (int k = 0; k < centroids.length; k++) {
                double d = 0;
                for (int j = 0; j < dim; j++) {
                    double x = rows[i * dim + j] - centroids[k][j];
                    d += x * x;
                }
                if (d < bestD) {
                    bestD = d;
                    best = k;
                }
            }
            if (best >= 0) {
                nearest.merge(classes.get(best), 1, Integer::sum);
            }
        }
        int total = flaggedRows;
        int[] sources = nearest.entrySet().stream()
                .filter(e -> e.getKey() != target && e.getValue() >= minShare * total)
                .sorted(Map.Entry.<Integer, Integer>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .mapToInt(Map.Entry::getKey).toArray();
        if (sources.length == 0) {
            int[] others = classes.stream().mapToInt(Integer::intValue).filter(c -> c != target).toArray();
            return new SourceClasses(space, target, flaggedRows, nearest, others, false);
        }
        return new SourceClasses(space, target, flaggedRows, nearest, sources, true);
    }
}
