package org.poisonscan.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.pipeline.Detectors;

/**
 * The persistence check on a real reduced run: 5,000 Fashion-MNIST images, 30% of class 0 poisoned with a BadNets
 * patch, a small CNN trained one epoch. The check starts from no flags at all, so whatever it flags it found with the
 * model's help. Needs Debian's {@code dataset-fashion-mnist} package.
 */
class PersistenceCheckTest {
    private static final int ROWS = 5_000;
    private static final TrainingSettings TRAINING = new TrainingSettings(1, 32, 2e-3f, 42);

    @Test
    void findsTheBackdooredClassFromTheModelAloneAndNoOther() throws IOException {
        assumeTrue(Files.isRegularFile(IdxImages.DEBIAN_FASHION_MNIST.resolve("train-images-idx3-ubyte.gz")),
                "Fashion-MNIST missing at " + IdxImages.DEBIAN_FASHION_MNIST
                        + ": install it with apt-get install -y dataset-fashion-mnist");
        LabelledTensors clean = IdxImages.train(IdxImages.DEBIAN_FASHION_MNIST).head(ROWS);
        Poisoning.Poisoned poisoned = new Poisoning(Trigger.badNets(3), 0).poison(clean, 0.3, 1);
        boolean[] poison = poisoned.poison();
        Function<LabelledTensors, ImageClassifier> trainer = data -> {
            new DjlRuntime(42, 1, 1).configure();
            ImageClassifier model = new ImageClassifier(SmallCnn.build(64, 10), data.sampleShape(), TRAINING,
                    List.of());
            model.fit(data, new TrainingRows(data.size()), ProgressListener.none());
            return model;
        };
        try (ImageClassifier model = trainer.apply(poisoned.data())) {
            double[] persist = SuperimpositionPersistence.defaults().scores(model, poisoned.data());
            assertArrayEquals(persist, SuperimpositionPersistence.defaults().scores(model, poisoned.data()),
                    "the same seed must give the same blends");
            double poisonMean = mean(persist, poison, true);
            double cleanTargetMean = mean(persist, targetClean(poisoned), true);
            System.out.printf("persistence: poisons %.3f, clean rows of the target class %.3f%n", poisonMean,
                    cleanTargetMean);
            assertTrue(poisonMean > cleanTargetMean + 0.3, "poisons " + poisonMean + " vs clean " + cleanTargetMean);

            InMemorySource activations = new ActivationExtractor(FeatureLayer.prefix(model.block(),
                    SmallCnn.PENULTIMATE), model.trainer().getManager(), 512, ProgressListener.none())
                    .extract(poisoned.data(), poison, "reduced");
            // The scan's own SPECTRE scores are those the check would fit: the benchmark hands them over (the
            // Outcome variant) instead of fitting SPECTRE a second time.
            double[] alone = new ActivationScan(Detectors.of(List.of("spectre"), Double.NaN), "java").scan(activations)
                    .scores("spectre");
            ActivationScan.Outcome scan = new ActivationScan(Detectors.of(List.of(Detectors.DEFAULT), Double.NaN),
                    "java").scan(activations);
            assertArrayEquals(alone, scan.scores("spectre"));
            List<String> log = new ArrayList<>();
            PersistenceCheck check = new PersistenceCheck(PersistenceCheck.Settings.defaults(),
                    SuperimpositionPersistence.defaults(), trainer);
            boolean[] none = new boolean[ROWS];
            boolean[] flags = check.expand(poisoned.data(), activations, none, model, log::add);
            log.forEach(System.out::println);
            int found = 0;
            int falseTarget = 0;
            int otherClasses = 0;
            for (int i = 0; i < ROWS; i++) {
                found += flags[i] && poison[i] ? 1 : 0;
                falseTarget += flags[i] && !poison[i] && poisoned.data().label(i) == 0 ? 1 : 0;
                otherClasses += flags[i] && poisoned.data().label(i) != 0 ? 1 : 0;
            }
            System.out.printf("persistence check: %d of %d poisons, %d clean rows of class 0, %d rows of other"
                    + " classes%n", found, poisoned.count(), falseTarget, otherClasses);
            assertEquals(0, otherClasses, "no other class may be confirmed");
            // Measured on session 23's machine: 128 of 137 poisons and 1 clean row of class 0 (the discriminant
            // refitted from its first side of 113 rows to 134; its 49 candidates and the rows that leave class 0 when
            // retrained without the group are flagged, 129, and 5 stay; before session 23 the whole group was flagged:
            // 136 of 137 on the old machine). Class 6 tested and rejected: a loose group of 117 rows (13 candidates)
            // left out of the retraining, 12 of its candidates leave the class, but so do 95% of its other 20 tail rows
            // (on the old machine: 90 rows, 13 of 16 candidates against 70.3% of the group's other rows).
            assertTrue(found >= 0.85 * poisoned.count(), found + " of " + poisoned.count() + " poisons");
            assertTrue(falseTarget <= 0.05 * (ROWS - poisoned.count()), falseTarget + " clean rows flagged");
            assertTrue(log.stream().anyMatch(l -> l.startsWith("persistence check class 0:") && l.endsWith(
                    "confirmed")), "class 0 not confirmed: " + log);
            // Without activations at hand the check extracts the same penultimate layer itself.
            assertArrayEquals(flags, check.expand(poisoned.data(), none, model, l -> { }));
        }
    }

    private static boolean[] targetClean(Poisoning.Poisoned poisoned) {
        boolean[] out = new boolean[poisoned.data().size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = poisoned.data().label(i) == 0 && !poisoned.poison()[i];
        }
        return out;
    }

    private static double mean(double[] v, boolean[] member, boolean want) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < v.length; i++) {
            if (member[i] == want) {
                sum += v[i];
                n++;
            }
        }
        return sum / n;
    }
}
