package org.poisonscan.api.detect;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

/**
 * One detector's judgement of one class.
 *
 * @param label the class label
 * @param rows rows of this class in the input
 * @param verdict poisoned, clean or not scanned
 * @param statistic name of the class-level statistic behind the verdict
 * @param value its value for this class ({@code NaN} when not scanned)
 * @param anomalyIndex how far the value stands out from the other classes: |value - median| / (1.4826 MAD), or
 *     {@code NaN} when there are too few classes to compare
 * @param reason why the verdict was reached, in words (for not-scanned classes: why not)
 * @param details further named figures (eigenvalues, cluster sizes, thresholds), in insertion order; the values are
 *     numbers, booleans, strings, lists and maps of them (serialisable, so a result can travel with its fitted
 *     detector between JVMs), copied read-only to any depth
 */
public record ClassResult(int label, long rows, Verdict verdict, String statistic, double value, double anomalyIndex,
        String reason, Map<String, Object> details) implements Serializable {
    public ClassResult {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(statistic, "statistic");
        Objects.requireNonNull(reason, "reason");
        details = ReportValues.frozenMap(details);
    }

    /**
     * The {@link #details} key, a boolean, by which a detector says that its verdict of poisoned on this class counts in
     * a set of several detectors only when another detector of the set judges the class poisoned too (its model does
     * not fit the class's activations; see {@code CombinationRule}).
     */
    public static final String NEEDS_CORROBORATION = "needs_corroboration";

    /** Whether the detector asks for another's verdict to back its own ({@link #NEEDS_CORROBORATION}). */
    public boolean needsCorroboration() {
        return Boolean.TRUE.equals(details.get(NEEDS_CORROBORATION));
    }

    /** A result for a class that was not scanned. */
    public static ClassResult notScanned(int label, long rows, String statistic, String reason) {
        return new ClassResult(label, rows, Verdict.NOT_SCANNED, statistic, Double.NaN, Double.NaN, reason, Map.of());
    }
}
