package org.poisonscan.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.io.numpy.NpzSource;

/** Extraction from a SequentialBlock with constant weights, so the expected activations are known exactly. */
class ActivationExtractorTest {
    @TempDir
    Path dir;

    @Test
    void prefixRunsLeadingBlocksInBatchesAndKeepsOrderLabelsAndTruth() throws IOException {
        new DjlRuntime(1, 1, 1).configure();
        SequentialBlock block = new SequentialBlock()
                .add(Linear.builder().setUnits(3).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(2).build());
        block.setInitializer(new ConstantInitializer(0.5f), ai.djl.nn.Parameter.Type.WEIGHT);
        block.setInitializer(new ConstantInitializer(0f), ai.djl.nn.Parameter.Type.BIAS);
        try (Model model = Model.newInstance("t", "PyTorch")) {
            model.setBlock(block);
            block.initialize(model.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 4));
            float[] x = new float[7 * 4];
            int[] labels = new int[7];
            for (int i = 0; i < 7; i++) {
                x[i * 4] = i;
                x[i * 4 + 1] = -2 * i;
                labels[i] = i % 2;
            }
            LabelledTensors data = new LabelledTensors(x, new long[] {4}, labels);
            boolean[] truth = {true, false, false, false, false, false, true};
            List<Long> progress = new ArrayList<>();
            InMemorySource src = new ActivationExtractor(FeatureLayer.prefix(block, 1), model.getNDManager(), 3,
                    (done, total) -> progress.add(done)).extract(data, truth, "t");
            assertEquals(List.of(3L, 6L, 7L), progress);
            assertEquals(3, src.dimension());
            assertEquals(7, src.rowCount());
            float[] f = src.open(100).next().features();
            for (int i = 0; i < 7; i++) {
                // 0.5 * (i - 2i) = -i/2 before the ReLU.
                assertArrayEquals(new float[] {0, 0, 0}, java.util.Arrays.copyOfRange(f, i * 3, i * 3 + 3));
            }
            float[] byName = new ActivationExtractor(FeatureLayer.prefix(block, FeatureLayer.names(block).get(0)),
                    model.getNDManager(), 2, ProgressListener.none()).rows(data);
            assertEquals(-3f, byName[6 * 3], 1e-6f);
            assertEquals(List.of("01Linear", "02LambdaBlock", "03Linear"), FeatureLayer.names(block));

            new ActivationExtractor(FeatureLayer.prefix(block, 2), model.getNDManager(), 4, ProgressListener.none())
                    .extractTo(data, truth, dir.resolve("a.npz"));
            NpzSource npz = NpzSource.open(dir.resolve("a.npz"), "X", "y", NpzSource.DEFAULT_GROUND_TRUTH);
            assertEquals(2, npz.dimension());
            assertEquals(7, npz.rowCount());
            try (org.poisonscan.api.data.BatchReader r = npz.open(10)) {
                assertArrayEquals(truth, java.util.Arrays.copyOf(r.next().poison(), 7));
            }
            ParameterStore ps = new ParameterStore(model.getNDManager(), false);
            assertThrows(IllegalArgumentException.class, () -> FeatureLayer.prefix(block, 3));
            assertThrows(IllegalArgumentException.class, () -> FeatureLayer.prefix(block, "nope"));
            assertEquals(2, FeatureLayer.output(block, 0).forward(ps,
                    new ai.djl.ndarray.NDList(model.getNDManager().ones(new Shape(1, 4)))).getShape().get(1));
        }
    }
}
