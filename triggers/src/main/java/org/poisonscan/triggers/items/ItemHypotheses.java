package org.poisonscan.triggers.items;

import java.util.List;

/**
 * The enriched items of one target class, strongest first.
 *
 * @param target the target class
 * @param flaggedRows flagged rows of the class
 * @param cleanRows clean rows of the class
 * @param sourceRows clean rows of the source classes
 * @param sourceClasses the source classes used
 * @param tested items tested (the Benjamini-Hochberg family size)
 * @param top the strongest items, by p-value ascending then log odds descending then name
 * @param alpha the significance level
 */
public record ItemHypotheses(int target, int flaggedRows, int cleanRows, int sourceRows, int[] sourceClasses,
        int tested, List<EnrichedItem> top, double alpha) {
    public ItemHypotheses {
        sourceClasses = sourceClasses.clone();
        top = List.copyOf(top);
    }

    @Override
    public int[] sourceClasses() {
        return sourceClasses.clone();
    }
}
