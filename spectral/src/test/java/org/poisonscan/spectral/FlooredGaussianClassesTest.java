package org.poisonscan.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.backend.JavaComputeBackend;
import org.poisonscan.api.detect.ClassResult;
import org.poisonscan.api.eval.EvaluationCollector;
import org.poisonscan.api.eval.Metrics;
import org.poisonscan.api.scan.ScanReport;
import org.poisonscan.api.scan.Scanner;
import org.poisonscan.api.synthetic.SyntheticConfig;
import org.poisonscan.api.synthetic.SyntheticGenerator;

/**
 * The synthetic generator's Gaussian classes through a ReLU (30,000 rows x 32, the quality grid's floored cells): each
 * direction of such a class has a long tail on one side and none on the other, which the plain robust filter took for
 * a group in nearly every clean class, so SPECTRE alone judged a clean class poisoned in every such set (session 27).
 * The sweep whose filter allows for skewed tails ({@link PowerLawTail}) now vetoes those verdicts.
 */
class FlooredGaussianClassesTest {
    private static SyntheticConfig floored(double rate, long seed) {
        return SyntheticConfig.defaults(30_000).withSize(30_000, 32).withPoison(rate, 16).withSeed(seed)
                .withFloored(true);
    }

    private static ScanReport scan(SyntheticConfig config) throws IOException {
        return scan(config, new EvaluationCollector());
    }

    private static ScanReport scan(SyntheticConfig config, EvaluationCollector evaluation) throws IOException {
        return Scanner.run(new SyntheticGenerator(config).source(), List.of(new SpectreDetector()),
                new JavaComputeBackend(), List.of(evaluation));
    }

    @Test
    void noCleanFlooredClassIsJudgedPoisoned() throws IOException {
        for (long seed = 1; seed <= 2; seed++) {
            ScanReport report = scan(floored(0, seed));
            assertEquals(List.of(), report.poisonedClasses(), "seed " + seed);
            // The plain filter judged a class in each of these sets (class 6, and classes 2 and 3): vetoed.
            long vetoed = report.classes().stream()
                    .filter(c -> "skewed tails".equals(c.detectors().get(0).details().get("verdict_filter")))
                    .count();
            assertTrue(vetoed >= 1, "seed " + seed);
            for (var c : report.classes()) {
                ClassResult r = c.detectors().get(0);
                if (r.details().containsKey("verdict_filter")) {
                    assertTrue((double) r.details().get("plain_filter_criterion") >= 1.05, r.reason());
                    assertTrue(r.reason().contains("allows for their skewed tails"), r.reason());
                }
            }
        }
    }

    /**
     * A 5% group at delta 16 is the only class judged (the plain filter judged class 6 too); with other detectors it
     * still asks for corroboration, since the plain filter finds a group in most other classes.
     */
    @Test
    void aFivePercentGroupIsTheOnlyClassJudgedAndIsFlagged() throws IOException {
        EvaluationCollector evaluation = new EvaluationCollector();
        ScanReport report = scan(floored(0.05, 1), evaluation);
        assertEquals(List.of(0), report.poisonedClasses());
        ClassResult target = report.classes().get(0).detectors().get(0);
        assertTrue((double) target.details().get("other_classes_with_a_group") >= 0.5, target.details().toString());
        assertTrue(target.needsCorroboration(), target.reason());
        Metrics e = evaluation.evaluation().overall();
        assertTrue(e.recall() >= 0.95, "recall " + e.recall());
        assertTrue(e.falsePositiveRate() <= 0.01, "FPR " + e.falsePositiveRate());
    }
}
