package org.poisonscan.djl;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

/**
 * A model that puts each sample in a class: all that the model-assisted checks ({@link PersistenceCheck},
 * {@link SuperimpositionPersistence}) ask of the model that was trained on the data. An {@link ImageClassifier} is
 * one; {@link #of} makes one of any block whose first output is the class scores, such as a model in the middle of a
 * DJL training loop ({@link ScanningTrainingListener}).
 */
@FunctionalInterface
public interface Classifier {
    /** The predicted class (the highest score) of every sample, in order. */
    int[] predict(LabelledTensors data);

    /**
     * The block's first output, one score per class, read in inference mode in batches of 512.
     *
     * @param block the whole network (its first output holds the class scores)
     * @param manager the manager that holds the block's parameters (a trainer's)
     */
    static Classifier of(Block block, NDManager manager) {
        FeatureLayer scores = FeatureLayer.output(block, 0);
        return data -> highestScores(scores, manager, data, 512);
    }

    /** The class of the highest score per sample, the scores read through {@code scores} in batches. */
    static int[] highestScores(FeatureLayer scores, NDManager manager, LabelledTensors data, int batchSize) {
        if (data.size() == 0) {
            return new int[0];
        }
        float[] out = new ActivationExtractor(scores, manager, batchSize, ProgressListener.none()).rows(data);
        int classes = out.length / data.size();
        int[] predicted = new int[data.size()];
        for (int i = 0; i < predicted.length; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (out[i * classes + c] > out[i * classes + best]) {
                    best = c;
                }
            }
            predicted[i] = best;
        }
        return predicted;
    }
}
