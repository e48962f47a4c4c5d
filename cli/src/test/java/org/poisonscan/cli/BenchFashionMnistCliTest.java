package org.poisonscan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench fashion-mnist} on 3,000 images and one epoch: the options reach the benchmark and each expansion gets
 * its own result row. Needs Debian's {@code dataset-fashion-mnist} package.
 */
class BenchFashionMnistCliTest {
    private static final Path DATA = Path.of("/usr/share/datasets/fashion-mnist");

    @TempDir
    Path tmp;

    @BeforeEach
    void needsTheDataset() {
        assumeTrue(Files.isRegularFile(DATA.resolve("train-images-idx3-ubyte.gz")),
                "Fashion-MNIST missing: apt-get install -y dataset-fashion-mnist");
    }

    @Test
    void thePersistenceCheckAddsItsOwnRowAndLogsEachTestedClass() throws IOException {
        Path out = tmp.resolve("results.md");
        CliTest.Result r = CliTest.run("bench", "fashion-mnist", "--data", DATA.toString(), "--out", out.toString(),
                "--attacks", "badnets", "--rates", "0.3", "--train", "3000", "--epochs", "1", "--detectors",
                "default", "--persistence-check");
        assertEquals(0, r.code(), r.err());
        String md = Files.readString(out);
        assertTrue(md.contains("| BadNets 3x3 | 30% | 85 | default (spectral,spectre,ac) |"), md);
        assertTrue(md.contains("| BadNets 3x3 | 30% | 85 | default (spectral,spectre,ac) + persistence check |"), md);
        assertTrue(md.lines().anyMatch(l -> l.startsWith("  persistence check")), md);
    }

    @Test
    void reclassificationChecksTheScansFlagsAndTheExpandedOnes() throws IOException {
        Path out = tmp.resolve("results.md");
        CliTest.Result r = CliTest.run("bench", "fashion-mnist", "--data", DATA.toString(), "--out", out.toString(),
                "--attacks", "badnets", "--rates", "0.3", "--train", "3000", "--epochs", "1", "--detectors",
                "default", "--persistence-check", "--reclassify");
        assertEquals(0, r.code(), r.err());
        String md = Files.readString(out);
        assertTrue(md.contains("| BadNets 3x3 | 30% | 85 | default (spectral,spectre,ac) + reclassification |"), md);
        assertTrue(md.contains("| BadNets 3x3 | 30% | 85 | default (spectral,spectre,ac) + persistence check"
                + " + reclassification |"), md);
        assertTrue(md.contains("| BadNets 3x3 | 30% | 85 | default (spectral,spectre,ac) + row reclassification |"),
                md);
        assertTrue(md.contains("| BadNets 3x3 | 30% | 85 | default (spectral,spectre,ac) + persistence check"
                + " + row reclassification |"), md);
    }

    @Test
    void theTargetClassIsAnOption() throws IOException {
        Path out = tmp.resolve("target3.md");
        CliTest.Result r = CliTest.run("bench", "fashion-mnist", "--data", DATA.toString(), "--out", out.toString(),
                "--attacks", "badnets", "--rates", "0.3", "--target", "3", "--train", "3000", "--epochs", "1",
                "--detectors", "spectral");
        assertEquals(0, r.code(), r.err());
        String md = Files.readString(out);
        assertTrue(md.contains("target class 3,"), md);
        assertTrue(md.contains("| BadNets 3x3 | 30% |"), md);
    }
}
