package org.poisonscan.triggers.image;

import java.util.Locale;

/**
 * A hypothesised image trigger for one target class: where it is (mask, area, bounding box), what it looks like
 * (pattern) and the evidence (effect sizes and corrected p-values per pixel). Immutable; arrays are copied out.
 *
 * @param target the target class (the class the flagged rows carry)
 * @param flaggedRows flagged rows of the target class analysed
 * @param cleanRows unflagged rows of the target class
 * @param sourceRows unflagged rows of the reference classes (the second reference)
 * @param sourceClasses the reference classes: the possible sources (every other class, as {@code ImageTriggers} calls
 *     it)
 * @param height image rows
 * @param width image columns
 * @param channels values per pixel
 * @param mask per pixel (row-major, height x width), in [0, 1]: the flagged rows' excess mass over the clean rows of
 *     the target class and of the source classes there (the smaller one-sided Kolmogorov-Smirnov distance; about the
 *     share of flagged rows carrying the trigger), 0 where the pixel is not significant; higher = more likely part of
 *     the trigger
 * @param effect per pixel, the signed effect size (Glass's delta) of the channel with the largest magnitude: mean of
 *     the flagged rows minus the mean of the clean reference, over the reference's standard deviation
 * @param adjustedP per pixel, the smallest Benjamini-Hochberg adjusted p-value over its channels
 * @param pattern per pixel and channel (height x width x channels): inside the area the value to stamp, the mean of
 *     the flagged values in the clean references' tail (the trigger's value, which false positives among the flagged
 *     rows do not dilute); elsewhere the flagged rows' mean
 * @param referenceMean per pixel and channel, the mean of the clean reference (target and source classes)
 * @param area the pixels of the hypothesised trigger (indices into height x width, ascending): significant pixels
 *     whose mask value is at least the area fraction of the largest
 * @param alpha the significance level of the adjusted p-values
 */
public record ImageHypothesis(int target, int flaggedRows, int cleanRows, int sourceRows, int[] sourceClasses,
        int height, int width, int channels, float[] mask, float[] effect, double[] adjustedP, float[] pattern,
        float[] referenceMean, int[] area, double alpha) {
    public ImageHypothesis {
        sourceClasses = sourceClasses.clone();
        mask = mask.clone();
        effect = effect.clone();
        adjustedP = adjustedP.clone();
        pattern = pattern.clone();
        referenceMean = referenceMean.clone();
        area = area.clone();
    }

    @Override
    public int[] sourceClasses() {
        return sourceClasses.clone();
    }

    @Override
    public float[] mask() {
        return mask.clone();
    }

    @Override
    public float[] effect() {
        return effect.clone();
    }

    @Override
    public double[] adjustedP() {
        return adjustedP.clone();
    }

    @Override
    public float[] pattern() {
        return pattern.clone();
    }

    @Override
    public float[] referenceMean() {
        return referenceMean.clone();
    }

    @Override
    public int[] area() {
        return area.clone();
    }

    /** Whether any pixel is significant at {@link #alpha}: then the area is not empty. */
    public boolean significant() {
        return area.length > 0;
    }

    /**
     * The hypothesis' adjusted p-value: the largest adjusted p-value inside the area (every area pixel is significant
     * at that level), or the smallest over all pixels when no pixel is significant.
     */
    public double pValue() {
        double p = area.length == 0 ? 1 : 0;
        if (area.length == 0) {
            for (double x : adjustedP) {
                p = Math.min(p, x);
            }
        } else {
            for (int i : area) {
                p = Math.max(p, adjustedP[i]);
            }
        }
        return p;
    }

    /** {@code 1 - pValue()}: how sure the per-pixel tests are that every area pixel differs from clean rows. */
    public double confidence() {
        return 1 - pValue();
    }

    /** Bounding box of the area as {top, left, bottom, right} (inclusive), or null when the area is empty. */
    public int[] boundingBox() {
        if (area.length == 0) {
            return null;
        }
        int top = Integer.MAX_VALUE;
        int left = Integer.MAX_VALUE;
        int bottom = -1;
        int right = -1;
        for (int p : area) {
            top = Math.min(top, p / width);
            bottom = Math.max(bottom, p / width);
            left = Math.min(left, p % width);
            right = Math.max(right, p % width);
        }
        return new int[] {top, left, bottom, right};
    }

    /** Mean over the area (and channels) of the stamped values, or NaN when empty. */
    public double areaPatternMean() {
        return areaMean(pattern);
    }

    /** Mean over the area (and channels) of the clean reference's values, or NaN when empty. */
    public double areaReferenceMean() {
        return areaMean(referenceMean);
    }

    /** Mean signed effect size over the area, or NaN when empty. */
    public double areaEffect() {
        double s = 0;
        for (int p : area) {
            s += effect[p];
        }
        return area.length == 0 ? Double.NaN : s / area.length;
    }

    private double areaMean(float[] values) {
        double s = 0;
        for (int p : area) {
            for (int c = 0; c < channels; c++) {
                s += values[p * channels + c];
            }
        }
        return area.length == 0 ? Double.NaN : s / (area.length * channels);
    }

    /** The hypothesis in words, e.g. "9 pixels in rows 25-27, columns 25-27 (3 x 3 box) set to 1.000 ...". */
    public String describe() {
        if (area.length == 0) {
            return "no pixel differs significantly from clean rows of the class and of the other classes";
        }
        int[] b = boundingBox();
        int boxH = b[2] - b[0] + 1;
        int boxW = b[3] - b[1] + 1;
        String where = String.format(Locale.ROOT, "%d pixel%s in rows %d-%d, columns %d-%d (%d x %d box, %.0f%%"
                + " filled)", area.length, area.length == 1 ? "" : "s", b[0], b[2], b[1], b[3], boxH, boxW,
                100.0 * area.length / (boxH * boxW));
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int p : area) {
            for (int c = 0; c < channels; c++) {
                low = Math.min(low, pattern[p * channels + c]);
                high = Math.max(high, pattern[p * channels + c]);
            }
        }
        double pattern = areaPatternMean();
        double reference = areaReferenceMean();
        if (high - low <= UNIFORM_SPREAD * Math.max(Math.max(Math.abs(high), Math.abs(low)), Math.abs(reference))) {
            return String.format(Locale.ROOT, "%s set to %.3f (mean of clean rows: %.3f; %s)", where, pattern,
                    reference, pattern > reference ? "brighter" : "darker");
        }
        // A checker, a colour or any stamped pattern that is not one value: its mean alone misleads (a probe read
        // a 0/1 checker as "set to 0.480 ... darker" beside a clean mean of 0.479).
        return String.format(Locale.ROOT, "%s set to a pattern of values %.3f to %.3f%s (mean %.3f, mean of clean"
                + " rows: %.3f; per pixel in the pattern file)", where, low, high, channels > 1 ? " across channels" : "",
                pattern, reference);
    }

    /** Spread of the stamped values, relative to their or the clean mean's magnitude, up to which they are one value. */
    private static final double UNIFORM_SPREAD = 0.05;

    /**
     * The top-k pixels of the mask (largest first, ties by index): for scoring a hypothesis against a known trigger of
     * area {@code k}.
     */
    public int[] topPixels(int k) {
        return MaskScore.top(mask, k);
    }
}
