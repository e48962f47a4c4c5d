package org.poisonscan.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A model's weights come from its settings' seed, not from what the engine drew for earlier models in the JVM. */
class ImageClassifierSeedTest {
    private static float[] logits(LabelledTensors data, long seed) {
        try (ImageClassifier model = new ImageClassifier(SmallCnn.build(16, 4), data.sampleShape(),
                new TrainingSettings(1, 16, 1e-3f, seed), List.of())) {
            FeatureLayer all = FeatureLayer.prefix(model.block(), model.block().getChildren().size() - 1);
            return new ActivationExtractor(all, model.trainer().getManager(), 64, ProgressListener.none()).rows(data);
        }
    }

    @Test
    void twoModelsWithTheSameSeedStartFromTheSameWeights() {
        new DjlRuntime(5, 1, 1).configure();
        SplittableRandom random = new SplittableRandom(3);
        float[] pixels = new float[20 * 28 * 28];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextDouble();
        }
        LabelledTensors data = new LabelledTensors(pixels, new long[] {1, 28, 28}, new int[20]);
        float[] first = logits(data, 11);
        float[] other = logits(data, 12);
        float[] again = logits(data, 11);
        assertArrayEquals(first, again, "same seed, built after other models");
        assertFalse(java.util.Arrays.equals(first, other), "another seed gives other weights");
    }
}
