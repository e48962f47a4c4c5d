package org.poisonscan.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.data.InMemorySource;

/**
 * Which models the persistence check trains, on two synthetic classes of 200 images: 20 rows of class 0 (and of class
 * 1 in one case) carry a one-pixel trigger that a stand-in classifier obeys under superimposition (so they persist)
 * and hold the class's top SPECTRE scores (so they are its candidates). Where their activations share a direction,
 * the discriminant's side is a minority and one verdict model is trained, without it; where their activations are
 * like the class's other rows, the side is no minority, and the class is judged in a model of its own, trained
 * without the candidates and their nearest rows, 35% of the class. The verdict models are real (a small CNN, one
 * epoch); what they decide is not asserted here, only what they were trained on.
 */
class PersistenceCheckWideSideTest {
    private static final int PER_CLASS = 200;
    private static final int TRIGGERED = 20;
    private static final int DIM = 3;

    @Test
    void aClassWithNoMinoritySideIsJudgedInASecondModelWithoutItsNearestRows() {
        Run run = check(0.0, 1);
        assertEquals(List.of(2 * PER_CLASS - TRIGGERED, 2 * PER_CLASS - (int) (0.35 * PER_CLASS)), run.trainedRows,
                "the shared model without the candidates alone, the class's own without 35% of the class");
        assertTrue(run.log.stream().anyMatch(l -> l.contains("no minority group") && l.contains("its 70 nearest rows")),
                String.join("\n", run.log));
        assertTrue(run.log.stream().anyMatch(l -> l.contains("class 0: no minority side; a model of its own")),
                String.join("\n", run.log));
    }

    /** Two such classes get a model each: one class's slice left out would move the other's baseline. */
    @Test
    void eachClassWithNoMinoritySideHasAModelOfItsOwn() {
        Run run = check(0.0, 2);
        assertEquals(3, run.trainedRows.size(), "models trained: " + run.trainedRows);
        int candidates = 2 * PER_CLASS - run.trainedRows.get(0);
        assertTrue(candidates > TRIGGERED + 10 && candidates <= 2 * TRIGGERED, candidates + " candidates");
        // Each own model leaves out the other class's candidates and this class's 70 nearest rows (its candidates
        // among them).
        int slice = (int) (0.35 * PER_CLASS);
        for (int m = 1; m <= 2; m++) {
            int leftOut = 2 * PER_CLASS - run.trainedRows.get(m);
            assertTrue(leftOut > slice + 10 && leftOut <= slice + TRIGGERED, "model " + m + " left out " + leftOut);
        }
        for (int label = 0; label < 2; label++) {
            String own = "class " + label + ": no minority side; a model of its own";
            assertTrue(run.log.stream().anyMatch(l -> l.contains(own)), String.join("\n", run.log));
        }
    }

    @Test
    void aMinoritySideIsJudgedInTheSharedModelAlone() {
        Run run = check(8.0, 1);
        assertEquals(1, run.trainedRows.size(), "models trained: " + run.trainedRows);
        assertTrue(run.trainedRows.get(0) <= 2 * PER_CLASS - TRIGGERED, "trained on " + run.trainedRows.get(0));
        assertTrue(run.log.stream().noneMatch(l -> l.contains("no minority")), String.join("\n", run.log));
    }

    private record Run(List<Integer> trainedRows, List<String> log) {
    }

    /**
     * @param shift how far the triggered rows' activations lie from the class's others along the first axis
     * @param triggeredClasses how many classes, from class 0, have triggered rows (class c's trigger is pixel c)
     */
    private static Run check(double shift, int triggeredClasses) {
        int n = 2 * PER_CLASS;
        int size = 28 * 28;
        SplittableRandom random = new SplittableRandom(5);
        float[] pixels = new float[n * size];
        int[] labels = new int[n];
        float[] activations = new float[n * DIM];
        double[] spectre = new double[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i < PER_CLASS ? 0 : 1;
            boolean triggered = i % PER_CLASS < TRIGGERED && labels[i] < triggeredClasses;
            for (int x = 2; x < size; x++) {
                // Class 1 brighter on the left half, so the verdict models have something to learn.
                pixels[i * size + x] = (float) (random.nextDouble() * 0.4 + (labels[i] == 1 && x % 28 < 14 ? 0.3 : 0));
            }
            pixels[i * size + labels[i]] = triggered ? 1f : 0f;
            for (int a = 0; a < DIM; a++) {
                activations[i * DIM + a] = (float) (gaussian(random) + (triggered && a == 0 ? shift : 0));
            }
            spectre[i] = triggered ? 10 + i % PER_CLASS : random.nextDouble();
        }
        LabelledTensors data = new LabelledTensors(pixels, new long[] {1, 28, 28}, labels);
        // Obeys the trigger pixels, which superimposition keeps (sums are clipped at 1); no other row keeps its label.
        Classifier standIn = images -> {
            int[] out = new int[images.size()];
            float[] v = images.values();
            for (int i = 0; i < out.length; i++) {
                out[i] = v[i * size] > 0.5f ? 0 : v[i * size + 1] > 0.5f ? 1 : 9;
            }
            return out;
        };
        List<Integer> trainedRows = new ArrayList<>();
        Function<LabelledTensors, ImageClassifier> trainer = rows -> {
            trainedRows.add(rows.size());
            new DjlRuntime(42, 1, 1).configure();
            ImageClassifier model = new ImageClassifier(SmallCnn.build(16, 2), rows.sampleShape(),
                    new TrainingSettings(1, 32, 2e-3f, 42), List.of());
            model.fit(rows, new TrainingRows(rows.size()), ProgressListener.none());
            return model;
        };
        List<String> log = new ArrayList<>();
        new PersistenceCheck(PersistenceCheck.Settings.defaults(), SuperimpositionPersistence.defaults(), trainer)
                .check(data, new InMemorySource(activations, DIM, labels, null, "synthetic"),
                        new ActivationScan.Outcome(null, new boolean[n], Map.of("spectre", spectre)), standIn,
                        log::add);
        log.forEach(System.out::println);
        return new Run(trainedRows, log);
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
