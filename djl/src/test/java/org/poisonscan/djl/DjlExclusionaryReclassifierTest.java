package org.poisonscan.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.poisonscan.ac.SuspectCluster;

/**
 * Exclusionary reclassification on real images: a model retrained without a BadNets cluster sends most of it to its
 * source classes, and a cluster of genuine target-class images stays in the target class. Needs Debian's
 * {@code dataset-fashion-mnist} package.
 */
class DjlExclusionaryReclassifierTest {
    private static final int ROWS = 4_000;

    @Test
    void retrainedModelSendsPoisonsToTheirSourceClassesAndKeepsGenuineRows() throws IOException {
        assumeTrue(Files.isRegularFile(IdxImages.DEBIAN_FASHION_MNIST.resolve("train-images-idx3-ubyte.gz")),
                "Fashion-MNIST missing at " + IdxImages.DEBIAN_FASHION_MNIST
                        + ": install it with apt-get install -y dataset-fashion-mnist");
        LabelledTensors clean = IdxImages.train(IdxImages.DEBIAN_FASHION_MNIST).head(ROWS);
        Poisoning poisoning = new Poisoning(Trigger.badNets(3), 0);
        Poisoning.Poisoned poisoned = poisoning.poison(clean, 0.3, 1);
        boolean[] poison = poisoned.poison();
        long[] poisonRows = IntStream.range(0, poison.length).filter(i -> poison[i]).asLongStream().toArray();
        long[] genuineRows = IntStream.range(0, poison.length)
                .filter(i -> !poison[i] && poisoned.data().label(i) == 0).limit(60).asLongStream().toArray();
        TrainingSettings settings = new TrainingSettings(1, 32, 2e-3f, 42);
        new DjlRuntime(42, 1, 1).configure();
        DjlExclusionaryReclassifier reclassifier = new DjlExclusionaryReclassifier(poisoned.data(),
                () -> new ImageClassifier(SmallCnn.build(64, 10), poisoned.data().sampleShape(), settings, List.of()));

        List<Map<Integer, Long>> answers = reclassifier.reclassify(List.of(
                new SuspectCluster(0, 1, poisonRows), new SuspectCluster(0, 2, genuineRows)));

        assertEquals(2, answers.size());
        long poisonsKept = answers.get(0).getOrDefault(0, 0L);
        assertEquals(poisonRows.length, answers.get(0).values().stream().mapToLong(Long::longValue).sum());
        assertTrue(poisonsKept < 0.2 * poisonRows.length,
                "retrained model still puts " + poisonsKept + " of " + poisonRows.length + " poisons in class 0");
        long genuineKept = answers.get(1).getOrDefault(0, 0L);
        assertTrue(genuineKept > 0.5 * genuineRows.length,
                "only " + genuineKept + " of " + genuineRows.length + " genuine class-0 rows stay in class 0");
    }

    @Test
    void rejectsRowsOutsideTheTrainingSet() {
        LabelledTensors tiny = new LabelledTensors(new float[4 * 784], new long[] {1, 28, 28}, new int[] {0, 1, 2, 3});
        DjlExclusionaryReclassifier reclassifier = new DjlExclusionaryReclassifier(tiny, () -> {
            throw new AssertionError("no model may be trained for invalid suspects");
        });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> reclassifier.reclassify(List.of(new SuspectCluster(0, 1, new long[] {2, 7}))));
        assertTrue(e.getMessage().contains("suspect row 7"), e.getMessage());
    }
}
