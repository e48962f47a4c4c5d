package org.poisonscan.api.detect;

import java.util.Arrays;

/**
 * The MAD anomaly index used to compare a class-level statistic across classes (Neural Cleanse, SCAn):
 * {@code (x - median) / (1.4826 * MAD)}, signed, so that large positive values stand out upwards. The MAD is floored
 * so that classes whose statistics happen to be nearly identical do not make every small difference look enormous.
 */
public final class AnomalyIndex {
    /** Consistency constant that makes 1.4826 MAD estimate a normal standard deviation. */
    public static final double MAD_SCALE = 1.4826;

    private AnomalyIndex() {
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
