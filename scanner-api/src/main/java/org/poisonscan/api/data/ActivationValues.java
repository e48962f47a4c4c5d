package org.poisonscan.api.data;

import java.util.Locale;

/**
 * Which activation values a scan accepts: finite, and at most {@link #MAX_MAGNITUDE} in magnitude. The native kernels
 * compute in single precision, where sums of squares of values near 1e19 overflow to infinity and fail deep inside a
 * fit; no real activation comes near the bound, so a value beyond it is refused where it is read, by row and column.
 */
public final class ActivationValues {
    /** The largest magnitude accepted: a sum of 10^8 squares stays below float32's maximum (3.4e38). */
    public static final float MAX_MAGNITUDE = 1e15f;

    private ActivationValues() {
    }

    /** Whether {@code v} is finite and at most {@link #MAX_MAGNITUDE} in magnitude (false for NaN). */
    public static boolean usable(double v) {
        return Math.abs(v) <= MAX_MAGNITUDE;
    }

    /** What is wrong with a value that is not {@link #usable}, as the end of a message: {@code "is NaN (...)"}. */
    public static String problem(double v) {
        if (!Double.isFinite(v)) {
            return "is " + v + " (activations must be finite)";
        }
        return String.format(Locale.ROOT, "is %s, beyond +-1e15 (single-precision sums of squares would overflow;"
                + " rescale the activations)", v);
    }

    /**
     * Refuses a negative class label, as every reader does, naming {@code where} and the row (the sources built in
     * memory or by callers, which no file reader has checked).
     */
    public static void checkLabel(String where, long row, int label) {
        if (label < 0) {
            throw new InvalidInputException(where + ": row " + row + " has label " + label
                    + "; class labels must be non-negative integers");
        }
    }
}
