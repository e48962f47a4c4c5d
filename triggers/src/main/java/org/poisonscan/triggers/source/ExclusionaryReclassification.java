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

    /** Runs the callback once for the flagged rows of {@code target}. */
    public static ExclusionaryReclassification run(ExclusionaryReclassifier reclassifier, int target,
            long[] flaggedRows) throws IOException {
        List<Map<Integer, Long>> out = reclassifier.reclassify(List.of(new SuspectCluster(target, 1, flaggedRows)));
        if (out.size() != 1) {
            throw new IllegalStateException("the reclassifier returned " + out.size() + " results for 1 cluster");
        }
        return new ExclusionaryReclassification(target, out.get(0));
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
