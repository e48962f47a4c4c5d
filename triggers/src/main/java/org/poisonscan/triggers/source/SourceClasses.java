package org.poisonscan.triggers.source;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where the flagged rows of a target class sit relative to the classes: for each class, how many flagged rows lie
 * nearest to its clean centroid, and the source classes read from that.
 *
 * @param space what the rows were compared in ({@code "activations"}, {@code "pixels"}, or {@code "none"} when no
 *     representation was available and every other class is assumed a source)
 * @param target the target class
 * @param flaggedRows flagged rows of the target class
 * @param nearest class label to the number of flagged rows whose nearest clean centroid is that class's
 * @param sources the source classes, most flagged rows first
 * @param estimated whether {@link #sources} were read from the data (false: every other class, by assumption)
 */
public record SourceClasses(String space, int target, int flaggedRows, Map<Integer, Integer> nearest, int[] sources,
        boolean estimated) {
    public SourceClasses {
        nearest = java.util.Collections.unmodifiableMap(new TreeMap<>(nearest));
        sources = sources.clone();
    }

    @Override
    public int[] sources() {
        return sources.clone();
    }

    /** Share of the flagged rows nearest to the target class's own clean centroid (NaN without a space). */
    public double shareNearestTarget() {
        return flaggedRows == 0 || nearest.isEmpty() ? Double.NaN
                : (double) nearest.getOrDefault(target, 0) / flaggedRows;
    }

    /** Flagged rows nearest to the target class's own clean centroid: their source is not known. */
    public int unattributed() {
        return nearest.getOrDefault(target, 0);
    }

    /** Every class but the target, for when nothing can be estimated. */
    public static SourceClasses assumeAllOthers(int target, int flaggedRows, int[] classes) {
        return new SourceClasses("none", target, flaggedRows, Map.of(),
                java.util.Arrays.stream(classes).filter(c -> c != target).toArray(), false);
    }
}
