package org.poisonscan.triggers.verify;

import org.poisonscan.triggers.image.ImageHypothesis;
import org.poisonscan.triggers.image.ImageSet;

/**
 * Stamps a hypothesised image trigger on clean images of other classes and counts how often the model then predicts
 * the target. Stamping writes the hypothesis' pattern (the trigger's value as the flagged rows hold it) into its area
 * pixels and leaves
 * every other pixel alone, as a patch trigger is applied.
 */
public final class ImageVerifier {
    private ImageVerifier() {
    }

    /** Stamps {@code h} on the images at {@code rows} and compares the model's predictions before and after. */
    public static Verification verify(ImageSet images, int[] rows, ImageHypothesis h, ImagePredictor model) {
        if (images.height() != h.height() || images.width() != h.width() || images.channels() != h.channels()) {
            throw new IllegalArgumentException("hypothesis is " + h.height() + " x " + h.width() + " x "
                    + h.channels() + ", images " + images.shapeText());
        }
        int size = images.imageSize();
        float[] clean = new float[rows.length * size];
        for (int i = 0; i < rows.length; i++) {
            images.copyImage(rows[i], clean, i * size);
        }
        float[] stamped = stamp(clean, rows.length, h);
        int[] before = model.predict(clean, rows.length, images.height(), images.width(), images.channels());
        int[] after = model.predict(stamped, rows.length, images.height(), images.width(), images.channels());
        return Verification.count(before, after, h.target());
    }

    /** A copy of {@code values} ({@code n} images) with the hypothesis' pattern written into its area. */
    public static float[] stamp(float[] values, int n, ImageHypothesis h) {
        float[] out = values.clone();
        float[] pattern = h.pattern();
        int channels = h.channels();
        int size = h.height() * h.width() * channels;
        for (int i = 0; i < n; i++) {
            for (int p : h.area()) {
                for (int c = 0; c < channels; c++) {
                    out[i * size + p * channels + c] = pattern[p * channels + c];
                }
            }
        }
        return out;
    }
}
