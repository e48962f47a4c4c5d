package org.poisonscan.api.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.backend.JavaComputeBackend;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.api.pass.PairedAggregation;
import org.poisonscan.api.pass.SourcePasses;

class UnitFloorsTest {

    private static final int DIM = 4;

    /** The rows of {@link #gaussianAndRelu()}, row-major. */
    private static float[] features() {
        int n = 1000;
        int dim = DIM;
        float[] x = new float[2 * n * dim];
        Random rnd = new Random(7);
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < dim; j++) {
                float v = (float) rnd.nextGaussian();
                x[r * dim + j] = v;
                // Unit 3 of class 1 is dead: zero in every row, saying nothing about the class's shape.
                x[(n + r) * dim + j] = j == 3 ? 0f : Math.max(0f, v);
            }
        }
        return x;
    }

    private static int[] labels() {
        int[] labels = new int[2000];
        java.util.Arrays.fill(labels, 1000, 2000, 1);
        return labels;
    }

    /** Class 0 Gaussian, class 1 the same rows through a ReLU, with a dead unit; 1,000 rows x 4 each. */
    private static InMemorySource gaussianAndRelu() {
        return new InMemorySource(features(), DIM, labels(), null, "gaussian and relu");
    }

    @Test
    void reluClassesHoldTheirFloorGaussianOnesDoNot() throws IOException {
        TreeMap<Integer, UnitFloors.Floors> floors = new SourcePasses(gaussianAndRelu(), 128,
                new JavaComputeBackend()).aggregate(new UnitFloors());
        assertEquals(1000, floors.get(0).rows());
        assertEquals(0.001, floors.get(0).flooredShare(), 1e-9, "each Gaussian unit holds its minimum once");
        // Half of a ReLU'd standard normal is zero; the dead unit is left out of the mean.
        assertEquals(0.5, floors.get(1).flooredShare(), 0.05);
    }

    @Test
    void mergedStretchesGiveTheSameFloorsAsOnePass() {
        UnitFloors aggregation = new UnitFloors();
        JavaComputeBackend backend = new JavaComputeBackend();
        float[] x = features();
        int[] labels = labels();
        TreeMap<Integer, UnitFloors.Floors> whole = run(aggregation, backend, x, labels, 0, 2000);
        // Stretches that split both classes, merged in reverse order.
        TreeMap<Integer, UnitFloors.Floors> merged = aggregation.merge(run(aggregation, backend, x, labels, 1500,
                2000), aggregation.merge(run(aggregation, backend, x, labels, 700, 1500), run(aggregation, backend, x,
                        labels, 0, 700)));
        for (int label : whole.keySet()) {
            assertEquals(whole.get(label).rows(), merged.get(label).rows());
            assertEquals(whole.get(label).flooredShare(), merged.get(label).flooredShare(), 0.0);
        }
        assertTrue(merged.get(1).flooredShare() > 0.4);
    }

    @Test
    void aPairedPassGivesEachAggregationItsOwnResult() throws IOException {
        InMemorySource source = gaussianAndRelu();
        PairedAggregation.Results<TreeMap<Integer, UnitFloors.Floors>, TreeMap<Integer, UnitFloors.Floors>> both =
                new SourcePasses(source, 100, new JavaComputeBackend())
                        .aggregate(new PairedAggregation<>(new UnitFloors(), new UnitFloors()));
        assertEquals(both.first().get(1).flooredShare(), both.second().get(1).flooredShare(), 0.0);
        assertEquals(2, both.first().size());
    }

    private static TreeMap<Integer, UnitFloors.Floors> run(UnitFloors aggregation, JavaComputeBackend backend,
            float[] x, int[] allLabels, int from, int to) {
        int dim = DIM;
        int rows = to - from;
        float[] features = java.util.Arrays.copyOfRange(x, from * dim, to * dim);
        int[] labels = java.util.Arrays.copyOfRange(allLabels, from, to);
        long[] index = java.util.stream.LongStream.range(from, to).toArray();
        try (var acc = aggregation.start(backend, dim)) {
            acc.add(new org.poisonscan.api.data.Batch(features, rows, dim, labels, index, null));
            return acc.finish();
        }
    }
}
