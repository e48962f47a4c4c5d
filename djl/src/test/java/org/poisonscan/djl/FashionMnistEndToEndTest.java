package org.poisonscan.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.api.eval.Metrics;
import org.poisonscan.djl.examples.ScanDuringTraining;

/**
 * The real path on a reduced Fashion-MNIST: DJL's PyTorch engine loads offline, a small CNN trains two epochs on
 * 5,000 BadNets-poisoned images with the scanning hook (scanning after the second), the hook extracts the penultimate
 * activations, scans them, checks the scan's flags with the model ({@link PersistenceCheck}, which trains one more
 * model) and drops the flagged rows. Needs Debian's {@code dataset-fashion-mnist} package.
 */
class FashionMnistEndToEndTest {
    private static final int ROWS = 5_000;

    @Test
    void trainsExtractsScansAndDropsThePoisons() throws IOException {
        assumeTrue(Files.isRegularFile(IdxImages.DEBIAN_FASHION_MNIST.resolve("train-images-idx3-ubyte.gz")),
                "Fashion-MNIST missing at " + IdxImages.DEBIAN_FASHION_MNIST
                        + ": install it with apt-get install -y dataset-fashion-mnist");
        LabelledTensors clean = IdxImages.train(IdxImages.DEBIAN_FASHION_MNIST).head(ROWS);
        LabelledTensors test = IdxImages.test(IdxImages.DEBIAN_FASHION_MNIST).head(2_000);
        Poisoning poisoning = new Poisoning(Trigger.badNets(3), 0);
        Poisoning.Poisoned poisoned = poisoning.poison(clean, 0.3, 1);
        TrainingSettings settings = new TrainingSettings(2, 32, 2e-3f, 42);

        ScanDuringTraining.Run run = ScanDuringTraining.train(poisoned.data(), poisoned.poison(), settings, 2, true);
        try (ImageClassifier model = run.model()) {
            double accuracy = model.accuracy(test);
            double asr = poisoning.attackSuccessRate(model.predict(poisoning.triggeredTest(test)));
            List<Double> losses = model.epochLosses();
            assertEquals(2, losses.size());
            assertTrue(losses.get(0) < Math.log(10), "mean loss " + losses.get(0) + " not below chance ln(10)");
            assertTrue(accuracy > 0.6, "test accuracy " + accuracy + " (chance 0.1)");

            InMemorySource activations = new ActivationExtractor(
                    FeatureLayer.prefix(model.block(), SmallCnn.PENULTIMATE), model.trainer().getManager(), 256,
                    ProgressListener.none()).extract(poisoned.data().head(300), null, "head");
            assertEquals(300, activations.rowCount());
            assertEquals(64, activations.dimension());

            assertEquals(1, run.scans().size());
            FlaggedRows scan = run.scans().get(0);
            assertEquals(ROWS, scan.scanned());
            Metrics m = scan.report().evaluation().orElseThrow().overall();
            System.out.printf("reduced run: accuracy %.4f, ASR %.4f, loss %s, poisons %d, scan %s%n", accuracy, asr,
                    losses, poisoned.count(), m);
            assertTrue(asr > 0.8, "the backdoor was not learnt: ASR " + asr);
            // The same seed trains a different model on another CPU (its float kernels round differently): after one
            // epoch the default set had recall 1.00 at precision 0.81 on the machine of sessions 1-21 but 0.47 on
            // session 22's, whose two-epoch model gives recall 0.97, precision 0.57, FPR 0.021 and SPECTRE AUROC
            // 0.980. Two epochs, and bounds that hold across machines: the poisons are found and ranked first.
            assertTrue(m.recall() >= 0.9, "recall " + m.recall());
            assertTrue(m.precision() >= 0.5, "precision " + m.precision());
            assertTrue(m.falsePositiveRate() <= 0.03, "FPR " + m.falsePositiveRate());
            assertTrue(m.auroc().get("spectre") >= 0.95, "SPECTRE AUROC " + m.auroc());
            assertEquals(ROWS - scan.rows().length, run.rows().kept().length);

            scan.evidence().forEach(System.out::println);
            long found = java.util.Arrays.stream(scan.rows()).filter(r -> poisoned.poison()[(int) r]).count();
            long falseFlags = scan.rows().length - found;
            System.out.printf("checked by the model: %d flagged, %d of %d poisons, %d clean rows (the scan: %d)%n",
                    scan.rows().length, found, poisoned.count(), falseFlags, m.flagged() - m.truePositives());
            // Measured on session 24's machine: 101 of the scan's 102 false flags were of class 1 (trousers), whose
            // flagged rows never keep their label under superimposition, so the check released them; class 0's
            // group grew to 137 rows and 136 were flagged: 137 of 137 poisons and 1 clean row.
            assertTrue(found >= 0.9 * poisoned.count(), found + " of " + poisoned.count() + " poisons after the check");
            assertTrue(falseFlags <= 0.01 * (ROWS - poisoned.count()), falseFlags + " clean rows after the check");
            assertTrue(scan.evidence().stream().anyMatch(l -> l.startsWith("persistence check class 0:")
                    && (l.endsWith("confirmed") || l.endsWith("the scan's flags hold"))),
                    "class 0: " + scan.evidence());
        }
    }
}
