package org.poisonscan.ac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.poisonscan.api.detect.ClassResult;
import org.poisonscan.api.eval.Metrics;
import org.poisonscan.api.scan.ScanReport;

/**
 * The acceptance at reduced size (n = 20,000, d = 128, 10 classes, delta = 16) with the default configuration:
 * recall >= 0.95, FPR <= 2%, only the target class flagged; nothing flagged on a clean set.
 */
class DetectionQualityTest {

    @ParameterizedTest(name = "rate {0}, seed {1}")
    @CsvSource({"0.10, 1", "0.10, 2", "0.33, 1", "0.33, 2"})
    void findsThePoisonsAndOnlyTheTargetClass(double rate, long seed) throws IOException {
        ScanReport report = Fixtures.scan(Fixtures.memory(Fixtures.synthetic(20_000, 128, rate, seed)),
                ActivationClusteringConfig.defaults());
        Metrics m = report.evaluation().orElseThrow().overall();
        assertEquals(List.of(0), report.poisonedClasses());
        assertTrue(m.recall() >= 0.95, "recall " + m.recall());
        assertTrue(m.falsePositiveRate() <= 0.02, "FPR " + m.falsePositiveRate());
        assertTrue(m.auroc().get(ActivationClusteringDetector.NAME) > 0.99, "AUROC " + m.auroc());
        ClassResult target = Fixtures.result(report, 0);
        assertEquals(List.of(1), target.details().get("poison_clusters"));
        assertTrue(((List<?>) target.details().get("rules_fired")).containsAll(
                List.of("relative_size", "separation", "cross_class")), target.reason());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2})
    void cleanSetHasNoPoisonedClassAndNoFlags(long seed) throws IOException {
        ScanReport report = Fixtures.scan(Fixtures.memory(Fixtures.synthetic(20_000, 128, 0, seed)),
                ActivationClusteringConfig.defaults());
        assertEquals(List.of(), report.poisonedClasses());
        assertEquals(0, report.flaggedRows());
        for (int label = 0; label < 10; label++) {
            ClassResult r = Fixtures.result(report, label);
            assertTrue(r.value() < 3, "class " + label + " separation " + r.value());
        }
    }
}
