package org.poisonscan.triggers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.JavaComputeBackend;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.api.scan.ScanReport;
import org.poisonscan.api.scan.Scanner;
import org.poisonscan.api.synthetic.SyntheticConfig;
import org.poisonscan.api.synthetic.SyntheticGenerator;
import org.poisonscan.io.numpy.DenseArray;
import org.poisonscan.io.numpy.DenseArrays;
import org.poisonscan.io.numpy.NpzWriter;
import org.poisonscan.io.report.ReportJson;
import org.poisonscan.io.report.ScoresCsvWriter;
import org.poisonscan.spectral.SpectralSignatureDetector;

/**
 * A real scan directory for tests: synthetic activations (4 classes, d = 32; class 0 poisoned when asked) scanned
 * with spectral signatures into DIR/scores.csv and DIR/report.json, the activations as DIR/acts.npz, and raw images
 * row-aligned with them as DIR/raw.npz (array {@code images}): each poisoned row shows another class with the patch.
 */
final class ScanFixture {
    static final int ROWS = 3_000;

    private ScanFixture() {
    }

    /** What was written. */
    record Written(Path dir, InMemorySource activations, ScanReport report) {
    }

    static Written write(Path dir, double poisonRate, long seed) throws IOException {
        SyntheticConfig config = new SyntheticConfig(ROWS, 32, 4, 20, 3.0, 1.0, poisonRate, 24.0, List.of(0), 1,
                seed);
        InMemorySource acts = new SyntheticGenerator(config).toMemory();
        ScanReport report;
        ScoresCsvWriter scores = new ScoresCsvWriter(dir.resolve("scores.csv"));
        try (ComputeBackend backend = new JavaComputeBackend()) {
            report = Scanner.run(acts, List.of(new SpectralSignatureDetector()), backend, List.of(scores));
        }
        ReportJson.write(report, dir.resolve("report.json"));
        NpzWriter.write(acts, dir.resolve("acts.npz"));
        int[] labels = acts.labels();
        boolean[] poison = acts.poison();
        int[] source = new int[labels.length];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < labels.length; i++) {
            source[i] = poison[i] ? 1 + random.nextInt(3) : labels[i];
        }
        var images = SyntheticImages.images(labels, poison, source, 1, seed + 1);
        DenseArrays.writeNpz(dir.resolve("raw.npz"), Map.of("images", new DenseArray("raw", new long[] {images.n(),
                images.height(), images.width()}, images.values())));
        return new Written(dir, acts, report);
    }
}
