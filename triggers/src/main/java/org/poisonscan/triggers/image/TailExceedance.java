package org.poisonscan.triggers.image;

import java.util.Arrays;

/**
 * The share of flagged rows that hold, at a pixel and channel, a value clean rows rarely hold there: beyond the
 * clean reference's {@code 1 - tail} quantile (when the flagged mean is above the reference mean) or below its
 * {@code tail} quantile (when below). A trigger writes such a value into every poisoned image, so its pixels score the
 * poisons' share of the flagged rows; a source class's shape lies inside the reference (which holds the source
 * classes) and scores about {@code tail}. Bounded in [0, 1], read as "the share of flagged rows carrying the trigger
 * here", and unlike a t-statistic or a standardised difference it neither explodes where the reference is constant
 * nor shrinks when false positives inflate the flagged group's variance.
 */
final class TailExceedance {
    /** The reference quantile beyond which a value counts as rare. */
    static final double TAIL = 0.005;
    private static final int BLOCK = 64;

    private TailExceedance() {
    }

    /**
     * @param images the images
     * @param flagged rows of the flagged group
     * @param reference rows of the clean reference
     * @param above per position, whether to count values above (true) or below (false) the reference
     * @return per position the share of flagged rows beyond the reference's tail quantile
     */
    static double[] shares(ImageSet images, int[] flagged, int[] reference, boolean[] above) {
        int size = images.imageSize();
        double[] out = new double[size];
        if (flagged.length == 0 || reference.length == 0) {
            return out;
        }
        float[] buf = new float[size];
        float[][] cols = new float[Math.min(BLOCK, size)][reference.length];
        float[] hi = new float[size];
        float[] lo = new float[size];
        int upper = (int) Math.min(reference.length - 1, Math.ceil((1 - TAIL) * reference.length) - 1);
        int lower = (int) Math.max(0, Math.floor(TAIL * reference.length));
        for (int start = 0; start < size; start += BLOCK) {
            int width = Math.min(BLOCK, size - start);
            for (int r = 0; r < reference.length; r++) {
                images.copyImage(reference[r], buf, 0);
                for (int j = 0; j < width; j++) {
                    cols[j][r] = buf[start + j];
                }
            }
            for (int j = 0; j < width; j++) {
                Arrays.sort(cols[j]);
                hi[start + j] = cols[j][upper];
                lo[start + j] = cols[j][lower];
            }
        }
        for (int r : flagged) {
            images.copyImage(r, buf, 0);
            for (int j = 0; j < size; j++) {
                if (above[j] ? buf[j] > hi[j] : buf[j] < lo[j]) {
                    out[j]++;
                }
            }
        }
        for (int j = 0; j < size; j++) {
            out[j] /= flagged.length;
        }
        return out;
    }
}
