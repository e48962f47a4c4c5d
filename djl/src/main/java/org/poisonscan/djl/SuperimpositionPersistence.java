package org.poisonscan.djl;

import java.util.SplittableRandom;

/**
 * How firmly a model holds each training row's label when the row is superimposed on other images: the input
 * perturbation test of STRIP (Gao et al. 2019), applied to the training set. Each row is added pixel by pixel to
 * {@code perturbations} rows of other classes drawn at random (sums clipped to the data's largest value, so the
 * model sees inputs in its training range), and the score is the share of those blends the model still assigns to
 * the row's label. A trigger survives superimposition, so poisons keep their (target) label; a clean row's content
 * is mixed with another class's and its label holds less often. Rows whose content is simply strong (large bright
 * shapes) hold too, so a high score alone does not make a poison: {@link PersistenceCheck} pairs it with activation
 * outliers and exclusionary reclassification.
 *
 * @param perturbations blends per row (at least 1)
 * @param seed seeds the draw of the partner rows
 */
public record SuperimpositionPersistence(int perturbations, long seed) {
    /** Rows blended per model call: bounds the memory of one chunk to {@code CHUNK * perturbations} images. */
    private static final int CHUNK = 4096;

    public SuperimpositionPersistence {
        if (perturbations < 1) {
            throw new IllegalArgumentException("perturbations must be >= 1, got " + perturbations);
        }
    }

    /** Eight blends per row, seed 1. */
    public static SuperimpositionPersistence defaults() {
        return new SuperimpositionPersistence(8, 1);
    }

    /**
     * @param model the model trained on {@code data}
     * @param data the training rows and labels
     * @return per row, the share of its blends classified as its label, in [0, 1]
     * @throws IllegalArgumentException when {@code data} holds fewer than two classes (no partner to blend with)
     */
    public double[] scores(Classifier model, LabelledTensors data) {
        int n = data.size();
        int size = data.sampleSize();
        int[] labels = data.labels();
        requireTwoClasses(labels);
        float[] values = data.values();
        float ceiling = max(values);
        SplittableRandom random = new SplittableRandom(seed);
        double[] share = new double[n];
        for (int start = 0; start < n; start += CHUNK) {
            int rows = Math.min(CHUNK, n - start);
            float[] blends = new float[rows * perturbations * size];
            for (int k = 0; k < rows; k++) {
                int row = start + k;
                for (int j = 0; j < perturbations; j++) {
                    int partner = partner(random, labels, row);
                    int out = (k * perturbations + j) * size;
                    for (int x = 0; x < size; x++) {
                        blends[out + x] = Math.min(ceiling, values[row * size + x] + values[partner * size + x]);
                    }
                }
            }
            int[] predicted = model.predict(LabelledTensors.wrap(blends, data.sampleShape(),
                    new int[rows * perturbations]));
            for (int k = 0; k < rows; k++) {
                int kept = 0;
                for (int j = 0; j < perturbations; j++) {
                    kept += predicted[k * perturbations + j] == labels[start + k] ? 1 : 0;
                }
                share[start + k] = (double) kept / perturbations;
            }
        }
        return share;
    }

    /** A row of another class, uniformly at random (rejection: the classes are checked to be at least two). */
    private static int partner(SplittableRandom random, int[] labels, int row) {
        int p;
        do {
            p = random.nextInt(labels.length);
        } while (labels[p] == labels[row]);
        return p;
    }

    private static void requireTwoClasses(int[] labels) {
        for (int label : labels) {
            if (label != labels[0]) {
                return;
            }
        }
        throw new IllegalArgumentException("superimposition needs rows of at least two classes");
    }

    private static float max(float[] values) {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            m = Math.max(m, v);
        }
        return m;
    }
}
