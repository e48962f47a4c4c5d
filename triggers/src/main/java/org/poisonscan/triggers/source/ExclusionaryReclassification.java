package org.poisonscan.triggers.source;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.poisonscan.ac.ExclusionaryReclassifier;
import org.poisonscan.ac.SuspectCluster;

/**
 * Exclusionary reclassification of a target class's flagged rows (Chen et al. 2018): a model retrained WITHOUT them
 * never saw the trigger, so it puts poisons in their true, source class and legitimate rows back in the target. The
 * retraining is the caller's ({@link ExclusionaryReclassifier}, the callback activation clustering uses too), so any
 * training code can plug in.
 *
 * @param target the target class
 * @param predicted class to the number of flagged rows the retrained model assigns to it
 */
public record ExclusionaryReclassification(int target, Map<Integer, Long> predicted) {
    public ExclusionaryReclassification {
        predicted = java.util.Collections.unmodifiableMap(new TreeMap<>(predicted));
    }

    /**
     * Runs the callback ONCE for the flagged rows of every class (so the model is retrained once, without all of
     * them, as activation clustering and IBM ART do).
     *
     * @param flaggedRows class to its flagged rows (0-based input rows, ascending)
     * @return class to its reclassification
     */
    public static Map<Integer, ExclusionaryReclassification> run(ExclusionaryReclassifier reclassifier,
            Map<Integer, long[]> flaggedRows) throws IOException {
        List<SuspectCluster> clusters = new java.util.ArrayList<>();
        flaggedRows.forEach((c, rows) -> clusters.add(new SuspectCluster(c, 1, rows)));
        List<Map<Integer, Long>> out = reclassifier.reclassify(clusters);
        if (out.size() != clusters.size()) {
            throw new IllegalStateException("the reclassifier returned " + out.size() + " results for "
                    + clusters.size() + " clusters");
        }
        Map<Integer, ExclusionaryReclassification> result = new TreeMap<>();
        for (int i = 0; i < clusters.size(); i++) {
            result.put(clusters.get(i).label(), new ExclusionaryReclassification(clusters.get(i).label(), out.get(i)));
        }
        return result;
    }

    /** Rows reclassified. */
    public long total() {
        return predicted.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Share of the rows the retrained model keeps in the target class (high: probably not poison). */
    public double shareKept() {
        return total() == 0 ? Double.NaN : (double) predicted.getOrDefault(target, 0L) / total();
    }

    /** The class other than the target that receives the most rows, or -1. */
    public int topSource() {
        return predicted.entrySet().stream().filter(e -> e.getKey() != target)
                .max(java.util.Comparator.comparingLong((Map.Entry<Integer, Long> e) -> e.getValue())
                        .thenComparingInt(e -> -e.getKey()))
                .map(Map.Entry::getKey).orElse(-1);
    }
}
