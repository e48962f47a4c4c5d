package org.poisonscan.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.backend.JavaComputeBackend;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.api.scan.ScanReport;
import org.poisonscan.api.scan.Scanner;
import org.poisonscan.api.synthetic.SyntheticConfig;
import org.poisonscan.api.synthetic.SyntheticGenerator;

/**
 * One corrupted value in a poisoned class (1e6 where its activations are of order 1): fitted with it, spectral
 * signatures and SPECTRE both follow that row and judge the class clean (28 planted poisons unseen, a robustness
 * audit's probe); the scanner leaves it out of the fit, so the group is found, and still counts and scores it.
 */
class ExtremeRowScanTest {
    @Test
    void aCorruptedRowNoLongerHidesThePoisonGroupOfItsClass() throws IOException {
        InMemorySource planted = new SyntheticGenerator(SyntheticConfig.defaults(2000).withSize(2000, 32)
                .withPoison(0.05, 16).withSeed(1)).toMemory();
        float[] x = new float[2000 * 32];
        int corrupted = -1;
        int classRows = 0;
        try (var reader = planted.open(2000)) {
            var b = reader.next();
            System.arraycopy(b.features(), 0, x, 0, x.length);
            for (int i = 0; i < b.rows(); i++) {
                if (b.labels()[i] == 0) {
                    classRows++;
                    if (corrupted < 0 && !b.poison()[i]) {
                        corrupted = i;
                    }
                }
            }
        }
        x[corrupted * 32 + 5] = 1e6f;
        InMemorySource source = new InMemorySource(x, 32, planted.labels(), planted.poison(), "corrupted");
        ScanReport report = Scanner.run(source, List.of(new SpectralSignatureDetector(), new SpectreDetector()),
                new JavaComputeBackend(), List.of());
        assertEquals(List.of(0), report.poisonedClasses());
        assertTrue(report.evaluation().orElseThrow().overall().recall() >= 0.95,
                "recall " + report.evaluation().orElseThrow().overall().recall());
        assertEquals(classRows, report.classes().get(0).rows(), "the row left out of the fit is still counted");
        Map<String, Object> input = report.run().parameters().get(Scanner.INPUT_PARAMETERS);
        assertEquals(Map.of("0", List.of((long) corrupted)), input.get("rows_left_out_of_fit"));
    }
}
