package org.poisonscan.triggers.image;

/**
 * The rows of a hypothesis' target class whose inputs carry its trigger: inside the hypothesised area, a carrier's
 * pixels lie closer to the trigger's pattern than to both the clean reference's mean and the target class's own
 * per-pixel median in more than half of the area's pixels. The class's own median matters when the class differs from
 * the pooled reference there: a black patch on a class whose pixels are dark anyway made 234 of its 292 clean rows
 * "carriers" against the pooled mean alone (a probe). The median is robust to the poisons among the class's rows. A detector in activation space misses poisons whose activations sit inside the clean tail; in input space a
 * confirmed patch trigger marks each of them, so the carriers complete the detector's flags.
 */
public final class TriggerCarriers {
    private TriggerCarriers() {
    }

    /**
     * @param images the inputs, row-aligned with {@code labels}
     * @param labels the training labels
     * @param h a hypothesis with a non-empty area
     * @return per row, whether it is in the target class and carries the trigger
     */
    public static boolean[] of(ImageSet images, int[] labels, ImageHypothesis h) {
        if (labels.length != images.n()) {
            throw new IllegalArgumentException(images.n() + " images for " + labels.length + " labels");
        }
        if (images.height() != h.height() || images.width() != h.width() || images.channels() != h.channels()) {
            throw new IllegalArgumentException("images are " + images.shapeText() + ", the hypothesis "
                    + h.height() + " x " + h.width() + " x " + h.channels());
        }
        int[] area = h.area();
        float[] pattern = h.pattern();
        float[] reference = h.referenceMean();
        int channels = h.channels();
        boolean[] out = new boolean[images.n()];
        if (area.length == 0) {
            return out;
        }
        float[][] classMedian = classMedian(images, labels, h.target(), area, channels);
        for (int i = 0; i < out.length; i++) {
            if (labels[i] != h.target()) {
                continue;
            }
            int closer = 0;
            for (int a = 0; a < area.length; a++) {
                int p = area[a];
                double toPattern = 0;
                double toReference = 0;
                double toClass = 0;
                for (int c = 0; c < channels; c++) {
                    double v = images.value(i, p, c);
                    double x = v - pattern[p * channels + c];
                    double y = v - reference[p * channels + c];
                    double z = v - classMedian[a][c];
                    toPattern += x * x;
                    toReference += y * y;
                    toClass += z * z;
                }
                closer += toPattern < toReference && toPattern < toClass ? 1 : 0;
            }
            out[i] = 2 * closer > area.length;
        }
        return out;
    }

    /** Per area pixel and channel, the median over the target class's rows. */
    private static float[][] classMedian(ImageSet images, int[] labels, int target, int[] area, int channels) {
        int members = 0;
        for (int label : labels) {
            members += label == target ? 1 : 0;
        }
        float[][] median = new float[area.length][channels];
        float[] values = new float[members];
        for (int a = 0; a < area.length; a++) {
            for (int c = 0; c < channels; c++) {
                int k = 0;
                for (int i = 0; i < labels.length; i++) {
                    if (labels[i] == target) {
                        values[k++] = images.value(i, area[a], c);
                    }
                }
                java.util.Arrays.sort(values, 0, k);
                median[a][c] = k == 0 ? Float.NaN : k % 2 == 1 ? values[k / 2] : (values[k / 2 - 1] + values[k / 2]) / 2;
            }
        }
        return median;
    }
}
