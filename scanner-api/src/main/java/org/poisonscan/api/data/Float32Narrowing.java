package org.poisonscan.api.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Watches wider values (float64, decimal text) narrowed to float32 column by column, and refuses a column that varies
 * as written but is constant once narrowed: N(0, 1) + 1e10, or values near 1e-50, all round to one float32, and the
 * scan would report the class "constant" and skip it, which says something false about the input.
 */
public final class Float32Narrowing {
    private final double[] min;
    private final double[] max;
    private final float[] narrowedMin;
    private final float[] narrowedMax;

    /** @param dimension columns watched */
    public Float32Narrowing(int dimension) {
        min = new double[dimension];
        max = new double[dimension];
        narrowedMin = new float[dimension];
        narrowedMax = new float[dimension];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        Arrays.fill(narrowedMin, Float.POSITIVE_INFINITY);
        Arrays.fill(narrowedMax, Float.NEGATIVE_INFINITY);
    }

    /** Records {@code value} of {@code column} as read and as narrowed. */
    public void observe(int column, double value) {
        float narrowed = (float) value;
        if (value < min[column]) {
            min[column] = value;
        }
        if (value > max[column]) {
            max[column] = value;
        }
        if (narrowed < narrowedMin[column]) {
            narrowedMin[column] = narrowed;
        }
        if (narrowed > narrowedMax[column]) {
            narrowedMax[column] = narrowed;
        }
    }

    /**
     * @param where the file (and array) for the message
     * @param columnName how to name a column in the message
     * @throws InvalidInputException for the first column that varied but is constant in float32
     */
    public void check(String where, IntFunction<String> columnName) {
        for (int j = 0; j < min.length; j++) {
            if (max[j] > min[j] && narrowedMax[j] == narrowedMin[j]) {
                throw new InvalidInputException(String.format(Locale.ROOT, "%s: %s varies from %s to %s, but every "
                        + "value rounds to %s in float32, the precision scans compute in: centre or rescale the "
                        + "activations (e.g. subtract each column's mean, or multiply by a power of ten)", where,
                        columnName.apply(j), min[j], max[j], narrowedMin[j]));
            }
        }
    }
}
