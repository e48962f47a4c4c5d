package org.poisonscan.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.backend.JavaComputeBackend;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.BatchReader;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.api.detect.ClassResult;
import org.poisonscan.api.detect.Verdict;
import org.poisonscan.api.scan.ClassSummary;
import org.poisonscan.api.scan.ScanReport;
import org.poisonscan.api.stats.ChanceSeparation;
import org.poisonscan.api.scan.Scanner;
import org.poisonscan.api.synthetic.SyntheticConfig;
import org.poisonscan.api.synthetic.SyntheticGenerator;

/** Classes of few rows for their dimension, judged against {@link SmallClassNull}. */
class SmallClassSpectralTest {
    private static final int DIM = 32;

    @Test
    void theNullOfFewRowsInManyDimensionsIsWellAboveAshmansThreshold() {
        ChanceSeparation few = SmallClassNull.of(24, DIM);
        assertTrue(few.threshold(3) > 5, few.toString());
        assertEquals(few, SmallClassNull.of(24, DIM));
        ChanceSeparation between = SmallClassNull.at(22, DIM);
        assertEquals(22, between.rows());
        assertTrue(SmallClassNull.applies(24, DIM) && SmallClassNull.applies(127, DIM));
        assertTrue(!SmallClassNull.applies(128, DIM) && !SmallClassNull.applies(300, 512));
    }

    @Test
    void aCleanClassOfFewerRowsThanDimensionsIsNotJudgedForItsOwnSplit() throws IOException {
        int splitApart = 0;
        for (long seed = 1; seed <= 8; seed++) {
            InMemorySource source = withSmallClass(seed, 24, 0, 0);
            ClassResult small = result(scan(source), 9);
            assertEquals(Verdict.CLEAN, small.verdict(), "seed " + seed + ": " + small.reason());
            assertTrue((Double) small.details().get("min_separation") > 3, "seed " + seed);
            if (small.value() >= 3) {
                splitApart++;
            }
        }
        // Without the null these classes' own split would have passed Ashman's D >= 3.
        assertTrue(splitApart >= 2, splitApart + " of 8 small classes with D >= 3");
    }

    @Test
    void aGroupFarFromTheRestOfASmallClassIsStillFound() throws IOException {
        InMemorySource source = withSmallClass(5, 60, 15, 40);
        ScanReport report = scan(source);
        ClassResult small = result(report, 9);
        assertEquals(Verdict.POISONED, small.verdict(), small.reason());
        assertEquals(List.of(9), report.poisonedClasses());
        assertEquals(1.0, report.evaluation().orElseThrow().overall().recall(), 1e-12);
    }

    private static ScanReport scan(InMemorySource source) throws IOException {
        return Scanner.run(source, List.of(new SpectralSignatureDetector()), new JavaComputeBackend(), List.of());
    }

    private static ClassResult result(ScanReport report, int label) {
        ClassSummary s = report.classes().stream().filter(c -> c.label() == label).findFirst().orElseThrow();
        return s.detectors().get(0);
    }

    /**
     * The generator's clean classes 0-8 (rank-20 covariance, about 1,800 rows each) and a class 9 of {@code rows}
     * isotropic rows around its own mean, the last {@code group} of them shifted by {@code shift} deviations along a
     * random direction.
     */
    private static InMemorySource withSmallClass(long seed, int rows, int group, double shift) throws IOException {
        SyntheticConfig config = SyntheticConfig.defaults(18_000).withSize(18_000, DIM).withPoison(0, 16)
                .withSeed(seed);
        InMemorySource clean = new SyntheticGenerator(config).toMemory();
        int[] labels = clean.labels();
        float[] features;
        try (BatchReader reader = clean.open(labels.length)) {
            Batch b = reader.next();
            features = java.util.Arrays.copyOf(b.features(), b.rows() * DIM);
        }
        int kept = 0;
        for (int label : labels) {
            kept += label < 9 ? 1 : 0;
        }
        float[] x = new float[(kept + rows) * DIM];
        int[] y = new int[kept + rows];
        boolean[] poison = new boolean[kept + rows];
        int r = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 9) {
                System.arraycopy(features, i * DIM, x, r * DIM, DIM);
                y[r++] = labels[i];
            }
        }
        SplittableRandom random = new SplittableRandom(seed * 7919);
        double[] mean = gaussian(random, DIM);
        double[] direction = gaussian(random, DIM);
        double norm = Math.sqrt(java.util.Arrays.stream(direction).map(v -> v * v).sum());
        for (int i = 0; i < rows; i++, r++) {
            double[] z = gaussian(random, DIM);
            boolean shifted = i >= rows - group;
            for (int a = 0; a < DIM; a++) {
                x[r * DIM + a] = (float) (5 * mean[a] + z[a] + (shifted ? shift * direction[a] / norm : 0));
            }
            y[r] = 9;
            poison[r] = shifted;
        }
        return new InMemorySource(x, DIM, y, poison, "a small class");
    }

    private static double[] gaussian(SplittableRandom random, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double u = 1 - random.nextDouble();
            out[i] = Math.sqrt(-2 * Math.log(u)) * Math.sin(2 * Math.PI * random.nextDouble());
        }
        return out;
    }
}
