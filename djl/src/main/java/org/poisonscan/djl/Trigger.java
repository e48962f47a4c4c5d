package org.poisonscan.djl;

import java.util.SplittableRandom;

/**
 * A backdoor trigger stamped on a 1 x h x w image with values in [0, 1].
 * <ul>
 *   <li>{@link #badNets}: a white square patch in the bottom-right corner (Gu et al. 2017, BadNets);</li>
 *   <li>{@link #blend}: a seeded uniform-noise pattern blended over the whole image, {@code (1-alpha) x + alpha p}
 *       (Chen et al. 2017, blended injection).</li>
 * </ul>
 */
public interface Trigger {

    /** A short name for reports. */
    String name();

    /** Stamps the trigger on the image at {@code offset} in place. */
    void apply(float[] values, int offset, int height, int width);

    /** A {@code size x size} white patch in the bottom-right corner. */
    static Trigger badNets(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("patch size must be >= 1, got " + size);
        }
        return new Trigger() {
            @Override
            public String name() {
                return "BadNets " + size + "x" + size;
            }

            @Override
            public void apply(float[] values, int offset, int height, int width) {
                for (int r = height - size; r < height; r++) {
                    for (int c = width - size; c < width; c++) {
                        values[offset + r * width + c] = 1f;
                    }
                }
            }
        };
    }

    /** A uniform [0, 1) pattern drawn from {@code seed}, blended with weight {@code alpha}. */
    static Trigger blend(double alpha, long seed, int height, int width) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1], got " + alpha);
        }
        float[] pattern = new float[height * width];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = (float) random.nextDouble();
        }
        return new Trigger() {
            @Override
            public String name() {
                return "Blend alpha=" + alpha;
            }

            @Override
            public void apply(float[] values, int offset, int h, int w) {
                if (h * w != pattern.length) {
                    throw new IllegalArgumentException("pattern is " + height + "x" + width + ", image " + h + "x" + w);
                }
                for (int i = 0; i < pattern.length; i++) {
                    values[offset + i] = (float) ((1 - alpha) * values[offset + i] + alpha * pattern[i]);
                }
            }
        };
    }
}
