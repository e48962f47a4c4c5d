package org.poisonscan.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.backend.JavaComputeBackend;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.detect.Detector;
import org.poisonscan.api.detect.FittedDetector;
import org.poisonscan.api.eval.Evaluation;
import org.poisonscan.api.eval.Metrics;
import org.poisonscan.api.scan.ScanReport;
import org.poisonscan.api.scan.Scanner;
import org.poisonscan.api.synthetic.SyntheticConfig;
import org.poisonscan.api.synthetic.SyntheticGenerator;
import org.poisonscan.pipeline.Detectors;

/** The suite fits each detector once and combines sets itself: that must give what a scan with the set gives. */
class QualitySuiteTest {

    @Test
    void setsCombinedFromSharedFitsEqualScansWithTheSets() throws IOException {
        JavaComputeBackend backend = new JavaComputeBackend();
        ActivationSource source = new SyntheticGenerator(SyntheticConfig.defaults(8_000).withSize(8_000, 16)
                .withPoison(0.1, 16).withSeed(3)).toMemory();
        Map<String, FittedDetector> fitted = new LinkedHashMap<>();
        for (Detector d : Detectors.defaults()) {
            fitted.put(d.name(), d.fit(source, backend));
        }
        Map<String, List<String>> sets = new LinkedHashMap<>();
        sets.put("spectre", List.of("spectre"));
        sets.put("all", List.copyOf(fitted.keySet()));
        Map<String, Evaluation> shared = QualitySuite.evaluate(source, fitted, sets);

        ScanReport alone = Scanner.run(source, Detectors.of(List.of("spectre"), Double.NaN), backend, List.of());
        ScanReport all = Scanner.run(source, Detectors.defaults(), backend, List.of());
        assertSame(alone.evaluation().orElseThrow().overall(), shared.get("spectre").overall());
        assertSame(all.evaluation().orElseThrow().overall(), shared.get("all").overall());
        assertTrue(shared.get("all").overall().truePositives() > 0, "the poisons are found");
    }

    /** A floored cell gets its detector rows but no ceiling row: the oracle's test assumes Gaussian rows. */
    @Test
    void flooredCellsHaveDetectorRowsButNoCeiling() throws IOException {
        QualitySuite suite = new QualitySuite(Map.of("spectral", () -> Detectors.of(List.of("spectral"), Double.NaN)),
                4_000, 16, 1);
        List<String> lines = suite.run(List.of(new QualityCell("one direction", 0.1, 16, List.of(0), 1),
                new QualityCell("floored (ReLU)", 0.1, 16, List.of(0), 1, true)), new JavaComputeBackend(), null);
        List<String> rows = lines.stream().filter(l -> l.startsWith("| one direction") || l.startsWith("| floored"))
                .toList();
        assertEquals(3, rows.size(), String.join("\n", lines));
        assertTrue(rows.get(0).startsWith("| one direction | 0.100 | 16 | spectral |"), rows.get(0));
        assertTrue(rows.get(1).startsWith("| floored (ReLU) | 0.100 | 16 | spectral |"), rows.get(1));
        assertTrue(rows.get(2).startsWith("| one direction | 0.100 | 16 | 1"), "the ceiling row: " + rows.get(2));
    }

    private static void assertSame(Metrics scan, Metrics suite) {
        assertEquals(scan.truePositives(), suite.truePositives());
        assertEquals(scan.falsePositives(), suite.falsePositives());
        assertEquals(scan.auroc(), suite.auroc());
    }
}
