package org.poisonscan.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.backend.JavaComputeBackend;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.detect.Verdict;
import org.poisonscan.api.eval.Metrics;
import org.poisonscan.api.scan.ClassSummary;
import org.poisonscan.api.scan.ScanReport;
import org.poisonscan.api.scan.Scanner;
import org.poisonscan.api.synthetic.SyntheticConfig;
import org.poisonscan.api.synthetic.SyntheticGenerator;

class SpectralSignatureDetectorTest {
    private static ScanReport scan(ActivationSource source, SpectralConfig config) throws IOException {
        return Scanner.run(source, List.of(new SpectralSignatureDetector(config)), new JavaComputeBackend(), List.of());
    }

    private static SyntheticConfig small(double rate, double delta, long seed) {
        return SyntheticConfig.defaults(20_000).withSize(20_000, 128).withPoison(rate, delta).withSeed(seed);
    }

    @Test
    void findsPoisonsAndOnlyTheTargetClassWithoutARate() throws IOException {
        for (long seed = 1; seed <= 3; seed++) {
            ScanReport report = scan(new SyntheticGenerator(small(0.05, 16, seed)).source(), SpectralConfig.defaults());
            Metrics m = report.evaluation().orElseThrow().overall();
            assertTrue(m.recall() >= 0.98, "recall " + m.recall() + " seed " + seed);
            assertTrue(m.falsePositiveRate() <= 0.01, "FPR " + m.falsePositiveRate() + " seed " + seed);
            assertEquals(List.of(0), report.poisonedClasses(), "seed " + seed);
            assertTrue(m.auroc().get("spectral") > 0.99);
        }
    }

    @Test
    void cleanSetHasNoPoisonedClassAndFewFlags() throws IOException {
        for (long seed = 1; seed <= 3; seed++) {
            ScanReport report = scan(new SyntheticGenerator(small(0, 16, seed)).source(), SpectralConfig.defaults());
            assertEquals(List.of(), report.poisonedClasses(), "seed " + seed);
            assertTrue(report.flaggedRows() <= 0.005 * report.rows(), "flagged " + report.flaggedRows());
        }
    }

    @Test
    void refusesARateWhosePolicyWouldFlagEveryRow() {
        // 1.5 x 0.7 >= 1: the rate policy would flag every row of every class.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SpectralConfig.defaults().withExpectedPoisonRate(0.7));
        assertEquals("expectedPoisonRate 0.7: the rate-based policy flags the top 1.5 x rate of each class, which would"
                + " be every row; give a rate of at most 0.666", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SpectralConfig.defaults().withExpectedPoisonRate(2 / 3.0));
        assertEquals(0.666, SpectralConfig.defaults().withExpectedPoisonRate(0.666).expectedPoisonRate());
        assertEquals(0.499, SpectralConfig.maxRate(2), 1e-12);
    }

    @Test
    void expectedRatePolicyFlagsTopFractionOfEveryClass() throws IOException {
        ScanReport report = scan(new SyntheticGenerator(small(0.05, 16, 7)).source(),
                SpectralConfig.defaults().withExpectedPoisonRate(0.05));
        for (ClassSummary c : report.classes()) {
            double fraction = (double) c.flaggedRows() / c.rows();
            assertEquals(0.075, fraction, 0.005, "class " + c.label());
        }
        assertEquals(1.0, report.evaluation().orElseThrow().perClass().get(0).recall(), 1e-9);
        assertEquals(List.of(0), report.poisonedClasses());
    }

    @Test
    void smallClassIsReportedNotScanned() throws IOException {
        SyntheticGenerator gen = new SyntheticGenerator(small(0.05, 16, 3).withSize(3000, 64));
        var mem = gen.toMemory();
        int[] labels = mem.labels();
        // Relabel all but 5 rows of class 9 to class 8, leaving a class too small to judge.
        int kept = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == 9 && kept++ >= 5) {
                labels[i] = 8;
            }
        }
        float[] features = new float[labels.length * 64];
        var reader = mem.open(labels.length);
        System.arraycopy(reader.next().features(), 0, features, 0, features.length);
        var source = new org.poisonscan.api.data.InMemorySource(features, 64, labels, mem.poison(), "test");
        ScanReport report = scan(source, SpectralConfig.defaults());
        ClassSummary nine = report.classes().stream().filter(c -> c.label() == 9).findFirst().orElseThrow();
        assertEquals(Verdict.NOT_SCANNED, nine.verdict());
        assertEquals(5, nine.rows());
        assertEquals(0, nine.flaggedRows());
        assertTrue(nine.detectors().get(0).reason().contains("only 5 row"));
    }

    @Test
    void uncentredScoringMatchesArtDefinition() throws IOException {
        ScanReport centred = scan(new SyntheticGenerator(small(0.05, 16, 5)).source(), SpectralConfig.defaults());
        ScanReport art = scan(new SyntheticGenerator(small(0.05, 16, 5)).source(),
                SpectralConfig.defaults().withScoring(SpectralConfig.Scoring.UNCENTRED_ART));
        assertEquals(centred.poisonedClasses(), art.poisonedClasses());
        assertEquals(centred.flaggedRows(), art.flaggedRows());
    }

    @Test
    void singleCleanClassWithoutClassesToCompareIsNotJudgedPoisoned() throws IOException {
        // Without other classes the cross-class test cannot help: the tail-excess test alone must reject the few
        // extreme points that a two-component fit of one Gaussian settles on.
        java.util.Random r = new java.util.Random(0);
        for (int seed = 0; seed < 20; seed++) {
            int n = 500;
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) r.nextGaussian();
            }
            var source = new org.poisonscan.api.data.InMemorySource(x, 1, new int[n], null, "one");
            ScanReport report = scan(source, SpectralConfig.defaults());
            assertEquals(List.of(), report.poisonedClasses(), "draw " + seed);
            assertEquals(0, report.flaggedRows());
        }
    }

    @Test
    void singlePoisonedClassIsStillFound() throws IOException {
        java.util.Random r = new java.util.Random(1);
        int n = 2000;
        float[] x = new float[n * 2];
        boolean[] poison = new boolean[n];
        for (int i = 0; i < n; i++) {
            poison[i] = i < 40;
            x[2 * i] = (float) (r.nextGaussian() + (poison[i] ? 10 : 0));
            x[2 * i + 1] = (float) r.nextGaussian();
        }
        var source = new org.poisonscan.api.data.InMemorySource(x, 2, new int[n], poison, "one");
        ScanReport report = scan(source, SpectralConfig.defaults());
        assertEquals(List.of(0), report.poisonedClasses());
        assertEquals(1.0, report.evaluation().orElseThrow().overall().recall(), 1e-9);
        assertTrue(report.evaluation().orElseThrow().overall().falsePositiveRate() < 0.005);
    }
}
