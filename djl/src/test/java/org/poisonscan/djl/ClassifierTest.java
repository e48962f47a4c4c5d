package org.poisonscan.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A model read as a {@link Classifier} from its block and manager (how the training hook hands a model in the middle
 * of training to the persistence check) classifies as the model itself does.
 */
class ClassifierTest {
    @Test
    void aBlockReadAsAClassifierPredictsAsItsModel() {
        new DjlRuntime(5, 1, 1).configure();
        SplittableRandom random = new SplittableRandom(3);
        int n = 600; // more than one batch of the classifier's 512
        int size = 28 * 28;
        float[] pixels = new float[n * size];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 4;
            for (int x = 0; x < size; x++) { // a class is a brightness: learnt in one epoch
                pixels[i * size + x] = (float) (0.25 * labels[i] + 0.2 * random.nextDouble());
            }
        }
        LabelledTensors data = new LabelledTensors(pixels, new long[] {1, 28, 28}, labels);
        try (ImageClassifier model = new ImageClassifier(SmallCnn.build(16, 4), data.sampleShape(),
                new TrainingSettings(1, 16, 1e-3f, 11), List.of())) {
            model.fit(data, new TrainingRows(n), ProgressListener.none());
            int[] expected = model.predict(data);
            int[] viaBlock = Classifier.of(model.block(), model.trainer().getManager()).predict(data);
            assertArrayEquals(expected, viaBlock);
            assertEquals(n, viaBlock.length);
            assertTrue(java.util.Arrays.stream(viaBlock).allMatch(c -> c >= 0 && c < 4), "classes 0-3 only");
            // Several classes among the predictions, so that agreeing says more than one constant class twice.
            assertTrue(java.util.Arrays.stream(viaBlock).distinct().count() >= 2, "one class for every sample");
            assertEquals(0, Classifier.of(model.block(), model.trainer().getManager())
                    .predict(data.head(0)).length, "no samples, no classes");
        }
    }
}
