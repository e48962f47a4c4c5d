package org.poisonscan.triggers.items;

/**
 * One item's evidence of being (part of) a trigger: how often it occurs in the flagged rows, in the clean rows of the
 * target class and in the clean rows of the source classes, and the tests.
 *
 * @param item the token or feature value
 * @param flaggedWith flagged rows holding it
 * @param flagged flagged rows
 * @param cleanWith clean target-class rows holding it
 * @param clean clean target-class rows
 * @param sourceWith clean source-class rows holding it
 * @param source clean source-class rows
 * @param logOdds log odds ratio (Haldane-corrected) of holding it, flagged against clean target rows
 * @param logOddsSource the same against clean source rows
 * @param logP natural log of the item's p-value: the larger of the two one-sided Fisher tests (flagged against clean
 *     target rows, and against clean source rows; an intersection-union test)
 * @param adjustedP Benjamini-Hochberg adjusted p-value over every item tested for the class
 */
public record EnrichedItem(String item, int flaggedWith, int flagged, int cleanWith, int clean, int sourceWith,
        int source, double logOdds, double logOddsSource, double logP, double adjustedP) {

    /** The item's p-value (0 when it underflows; {@link #logP} keeps the order). */
    public double p() {
        return Math.exp(logP);
    }

    /** log10 of the p-value, for reports. */
    public double log10P() {
        return logP / Math.log(10);
    }
}
