package org.poisonscan.triggers.image;

/**
 * Images held in memory, channels last: {@code n x height x width x channels} float values, row-major. Immutable:
 * arrays are copied in and out; {@link #copyImage} reads one image without copying the whole set.
 *
 * @param values the pixel values (copied)
 * @param n images
 * @param height rows per image
 * @param width columns per image
 * @param channels values per pixel (1 for grey images)
 */
public record ImageSet(float[] values, int n, int height, int width, int channels) {
    public ImageSet {
        if (n < 0 || height < 1 || width < 1 || channels < 1) {
            throw new IllegalArgumentException("bad image set shape " + n + " x " + height + " x " + width + " x "
                    + channels);
        }
        if ((long) n * height * width * channels != values.length) {
            throw new IllegalArgumentException(values.length + " values for " + n + " images of " + height + " x "
                    + width + " x " + channels);
        }
        values = values.clone();
    }

    @Override
    public float[] values() {
        return values.clone();
    }

    /** Values per image. */
    public int imageSize() {
        return height * width * channels;
    }

    /** Pixels per image (without channels). */
    public int pixels() {
        return height * width;
    }

    /** Copies image {@code i} into {@code dst} at {@code offset}. */
    public void copyImage(int i, float[] dst, int offset) {
        System.arraycopy(values, i * imageSize(), dst, offset, imageSize());
    }

    /** Value of image {@code i} at pixel {@code p} (row-major over height x width), channel {@code c}. */
    public float value(int i, int p, int c) {
        return values[i * imageSize() + p * channels + c];
    }

    /** Smallest and largest value over every image. */
    public float[] range() {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return values.length == 0 ? new float[] {0, 0} : new float[] {lo, hi};
    }

    /** The shape as text, for messages. */
    public String shapeText() {
        return n + " x " + height + " x " + width + (channels == 1 ? "" : " x " + channels);
    }
}
