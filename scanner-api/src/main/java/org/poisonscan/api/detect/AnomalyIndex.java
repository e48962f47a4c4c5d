package org.poisonscan.api.detect;

import java.util.Arrays;
import org.poisonscan.api.stats.Erf;

/**
 * The MAD anomaly index used to compare a class-level statistic across classes (Neural Cleanse, SCAn):
 * {@code (x - median) / (1.4826 * MAD)}, signed, so that large positive values stand out upwards. The MAD is floored
 * so that classes whose statistics happen to be nearly identical do not make every small difference look enormous.
 */
public final class AnomalyIndex {
    /** Consistency constant that makes 1.4826 MAD estimate a normal standard deviation. */
    public static final double MAD_SCALE = 1.4826;

    /**
     * Number of compared classes up to which a detector's configured threshold applies as it is: its chance of
     * judging some clean class anomalous is then that of one class's index passing it, times at most this many.
     */
    public static final int REFERENCE_CLASSES = 10;

    private AnomalyIndex() {
    }

    /**
     * The threshold an anomaly index must reach among {@code classes} compared classes. Each clean class's index is
     * roughly standard normal, so with many classes some pass a fixed threshold by chance (with 1,000 classes about
     * 1.3 pass 3.0). Above {@link #REFERENCE_CLASSES} classes the threshold rises so that the chance that any clean
     * class passes stays what it is for that many (Bonferroni): 3.0 becomes 3.64 for 100 classes, 4.20 for 1,000.
     *
     * @param minIndex the configured threshold, as it applies to up to {@link #REFERENCE_CLASSES} classes
     * @param classes how many classes are compared
     */
    public static double threshold(double minIndex, int classes) {
        if (classes <= REFERENCE_CLASSES || !Double.isFinite(minIndex)) {
            return minIndex;
        }
        double tail = Erf.normalUpperTail(minIndex) * REFERENCE_CLASSES / classes;
        return Math.max(minIndex, Erf.normalUpperQuantile(tail));
    }

    /** A threshold for messages: one decimal when that is exact (3.0), two otherwise (3.64). */
    public static String format(double threshold) {
        double tenths = Math.rint(threshold * 10) / 10;
        return String.format(java.util.Locale.ROOT, tenths == threshold ? "%.1f" : "%.2f", threshold);
    }

    /** Median of the values (the mean of the middle two for an even count). */
    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
    }

    /**
     * Signed anomaly indices of the values.
     *
     * @param values the class statistics
     * @param minScale floor on the robust scale, in the statistic's units
     */
    public static double[] of(double[] values, double minScale) {
        double med = median(values);
        double[] dev = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            dev[i] = Math.abs(values[i] - med);
        }
        double scale = Math.max(MAD_SCALE * median(dev), minScale);
        double[] idx = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            idx[i] = (values[i] - med) / scale;
        }
        return idx;
    }
}
