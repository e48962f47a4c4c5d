package org.poisonscan.djl;

/**
 * How {@link ImageClassifier} trains.
 *
 * @param epochs passes over the training rows, at least 1
 * @param batchSize samples per step, at least 1
 * @param learningRate Adam's learning rate, positive
 * @param seed seeds the engine (weight initialisation) and the per-epoch shuffles
 * @param weightDecay Adam's L2 weight decay, at least 0 (0: none, the default)
 */
public record TrainingSettings(int epochs, int batchSize, float learningRate, long seed, float weightDecay) {
    public TrainingSettings {
        if (epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("epochs and batch size must be >= 1, got " + epochs + ", " + batchSize);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        }
    }

    /** Settings without weight decay. */
    public TrainingSettings(int epochs, int batchSize, float learningRate, long seed) {
        this(epochs, batchSize, learningRate, seed, 0f);
    }

    /** A copy with another number of epochs. */
    public TrainingSettings withEpochs(int n) {
        return new TrainingSettings(n, batchSize, learningRate, seed, weightDecay);
    }
}
