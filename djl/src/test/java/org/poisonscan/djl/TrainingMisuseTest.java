package org.poisonscan.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.SequentialBlock;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.data.InvalidInputException;

/**
 * Mistakes a user makes in training code get a message that names the sample, row or model, instead of a PyTorch
 * index error, an array index error or a NaN model (from a probe of the DJL path).
 */
class TrainingMisuseTest {
    private static LabelledTensors images(int n, int[] labels) {
        SplittableRandom random = new SplittableRandom(3);
        float[] pixels = new float[n * 28 * 28];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextDouble();
        }
        return new LabelledTensors(pixels, new long[] {1, 28, 28}, labels);
    }

    private static ImageClassifier model(ScanningTrainingListener... listeners) {
        return new ImageClassifier(SmallCnn.build(16, 4), new long[] {1, 28, 28}, new TrainingSettings(1, 16, 1e-3f, 1),
                List.of(listeners));
    }

    @Test
    void aNonFiniteInputIsNamedBySample() {
        float[] pixels = new float[3 * 4];
        pixels[2 * 4 + 1] = Float.NaN;
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new LabelledTensors(pixels, new long[] {4}, new int[3]));
        assertEquals("labelled tensors: sample 2, value 1 is NaN (inputs must be finite)", e.getMessage());
    }

    @Test
    void aScannedRowIsNamedByItsTrainingRowToo() {
        assertEquals("acts: row 3, column 0 is NaN (scanned row 3 is training row 106)",
                ScanningTrainingListener.withTrainingRow("acts: row 3, column 0 is NaN", new int[] {100, 102, 104,
                    106}));
        assertEquals("acts: 3 labels", ScanningTrainingListener.withTrainingRow("acts: 3 labels", new int[] {1}));
    }

    @Test
    void badLabelsRowsOrShapesAreNamedBeforePyTorchSeesThem() {
        new DjlRuntime(5, 1, 1).configure();
        int[] labels = new int[40];
        labels[17] = 7;
        LabelledTensors data = images(40, labels);
        try (ImageClassifier m = model()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> m.trainEpoch(data, new int[] {0, 17, 3}, new SplittableRandom(1), ProgressListener.none()));
            assertEquals("sample 17 has label 7, but the model has 4 outputs (labels 0..3)", e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> m.trainEpoch(data, new int[] {0, 40}, new SplittableRandom(1), ProgressListener.none()));
            assertEquals("row 40 outside 0..39 of the data", e.getMessage());
            IllegalStateException none = assertThrows(IllegalStateException.class,
                    () -> m.trainEpoch(data, new int[0], new SplittableRandom(1), ProgressListener.none()));
            assertTrue(none.getMessage().endsWith("no rows left to train on (every row was dropped)"),
                    none.getMessage());
            LabelledTensors wide = new LabelledTensors(new float[2 * 32 * 32], new long[] {1, 32, 32}, new int[2]);
            e = assertThrows(IllegalArgumentException.class,
                    () -> m.trainEpoch(wide, new int[] {0, 1}, new SplittableRandom(1), ProgressListener.none()));
            assertEquals("samples of shape [1, 32, 32] for a model built for [1, 28, 28]", e.getMessage());
        }
    }

    @Test
    void aListenerScansOneModelAndSaysWhenItNeverScanned() {
        new DjlRuntime(5, 1, 1).configure();
        LabelledTensors data = images(64, new int[64]);
        TrainingRows rows = new TrainingRows(64);
        int[] calls = {0};
        ScanningTrainingListener late = new ScanningTrainingListener(3,
                b -> FeatureLayer.prefix((SequentialBlock) b, SmallCnn.PENULTIMATE), data, null, rows::kept,
                ActivationScan.defaults(), f -> calls[0]++, ProgressListener.none());
        try (ImageClassifier first = model(late)) {
            first.fit(data, rows, ProgressListener.none());
        }
        assertEquals(0, calls[0]);
        assertFalse(late.result().isPresent(), "no scan ran: training ended after epoch 1 of the 3 asked for");
        try (ImageClassifier second = model(late)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> second.fit(data, rows, ProgressListener.none()));
            assertTrue(e.getMessage().endsWith("and now sees another; use a new listener per model"), e.getMessage());
        }
    }
}
