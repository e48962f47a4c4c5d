package org.poisonscan.triggers.verify;

/**
 * A classifier of images, as verification needs it: predicted class per image. Implementations wrap a real model
 * ({@link DjlImagePredictor}); tests may pass any function.
 */
@FunctionalInterface
public interface ImagePredictor {

    /**
     * Classifies {@code n} images.
     *
     * @param values {@code n x height x width x channels} values, channels last
     * @param n images
     * @param height rows per image
     * @param width columns per image
     * @param channels values per pixel
     * @return the predicted class of each image
     */
    int[] predict(float[] values, int n, int height, int width, int channels);
}
