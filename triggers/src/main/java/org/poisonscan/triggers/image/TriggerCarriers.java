package org.poisonscan.triggers.image;

/**
 * The rows of a hypothesis' target class whose inputs carry its trigger: inside the hypothesised area, a carrier's
 * pixels lie closer to the trigger's pattern than to the clean reference's mean in more than half of the area's
 * pixels. A detector in activation space misses poisons whose activations sit inside the clean tail; in input space a
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
        for (int i = 0; i < out.length; i++) {
            if (labels[i] != h.target()) {
                continue;
            }
            int closer = 0;
            for (int p : area) {
                double toPattern = 0;
                double toReference = 0;
                for (int c = 0; c < channels; c++) {
                    double v = images.value(i, p, c);
                    double a = v - pattern[p * channels + c];
                    double b = v - reference[p * channels + c];
                    toPattern += a * a;
                    toReference += b * b;
                }
                closer += toPattern < toReference ? 1 : 0;
            }
            out[i] = 2 * closer > area.length;
        }
        return out;
    }
}
