package org.poisonscan.triggers.bench;

import java.nio.file.Path;

/**
 * Settings of the Fashion-MNIST BadNets trigger run.
 *
 * @param data directory of the Fashion-MNIST IDX files
 * @param trainLimit training images used (the first this many)
 * @param testLimit test images used for accuracy, attack success and verification
 * @param rate poisons as a share of the target class (BadNets 3x3, target 0, as the djl benchmark)
 * @param epochs training epochs
 * @param batch batch size
 * @param learningRate Adam's learning rate
 * @param hidden penultimate units of {@link org.poisonscan.djl.SmallCnn}
 * @param seed engine seed and shuffles; the poison draw uses {@code seed + 1}
 * @param permutations shuffles of the per-pixel permutation test
 * @param exclusionary whether to retrain without the flagged rows (exclusionary reclassification)
 */
public record ImageBenchSettings(Path data, int trainLimit, int testLimit, double rate, int epochs, int batch,
        float learningRate, int hidden, long seed, int permutations, boolean exclusionary) {

    /** The full benchmark: 60,000 training images, 10% BadNets, 2 epochs, batch 128, as RESULTS-fashion-mnist.md. */
    public static ImageBenchSettings full(Path data) {
        return new ImageBenchSettings(data, 60_000, 10_000, 0.1, 2, 128, 1e-3f, 64, 42, 999, true);
    }
}
