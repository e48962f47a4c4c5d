package org.poisonscan.triggers;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a previous {@code poisonscan scan} left in its output directory, as the trigger analysis needs it: the label
 * and final flag of every scanned row (from {@code scores.csv}, indexed by the 0-based {@code row} column) and the
 * per-class verdicts (from {@code report.json}). Immutable.
 *
 * @param labels the scanned label of each row (copied)
 * @param flagged whether the scan flagged each row (copied)
 * @param classNames class label to the name the report gives it
 * @param poisonedClasses classes the scan judged poisoned
 */
public record ScanOutput(int[] labels, boolean[] flagged, Map<Integer, String> classNames,
        Set<Integer> poisonedClasses) {
    public ScanOutput {
        if (labels.length != flagged.length) {
            throw new IllegalArgumentException(labels.length + " labels for " + flagged.length + " flags");
        }
        labels = labels.clone();
        flagged = flagged.clone();
        // Sorted by label (Map.copyOf and Set.copyOf iterate in an order that changes from one JVM run to the next).
        classNames = java.util.Collections.unmodifiableMap(new TreeMap<>(classNames));
        poisonedClasses = java.util.Collections.unmodifiableSet(new TreeSet<>(poisonedClasses));
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    @Override
    public boolean[] flagged() {
        return flagged.clone();
    }

    /** Number of scanned rows. */
    public int rows() {
        return labels.length;
    }

    /** The report's name of a class, or its number. */
    public String className(int label) {
        return classNames.getOrDefault(label, Integer.toString(label));
    }

    /** Flagged rows per class, by label ascending (classes without flags left out). */
    public Map<Integer, Integer> flaggedPerClass() {
        Map<Integer, Integer> out = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            if (flagged[i]) {
                out.merge(labels[i], 1, Integer::sum);
            }
        }
        return out;
    }
}
