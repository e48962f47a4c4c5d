package org.poisonscan.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.poisonscan.ac.ActivationClusteringConfig;
import org.poisonscan.ac.ActivationClusteringDetector;
import org.poisonscan.ac.ReductionOptions;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.ComputeBackends;
import org.poisonscan.api.backend.GramAccumulator;
import org.poisonscan.api.backend.JavaComputeBackend;
import org.poisonscan.api.backend.SymmetricEigen;
import org.poisonscan.api.detect.Detector;
import org.poisonscan.api.scan.InMemoryRows;
import org.poisonscan.api.scan.ScanReport;
import org.poisonscan.api.scan.Scanner;
import org.poisonscan.api.synthetic.SyntheticConfig;
import org.poisonscan.api.synthetic.SyntheticGenerator;
import org.poisonscan.spectral.SpectralSignatureDetector;
import org.poisonscan.spectral.SpectreDetector;

/**
 * The GPU backend gives the pure-Java backend's results within 1e-4 relative (in practice about 1e-12: both compute
 * in double), kernel by kernel and scan by scan. Needs a GPU: on a machine without one every test is skipped by an
 * assumption, and {@code DeviceTests} runs them on a GPU machine.
 */
class CudaParityTest {
    private static final JavaComputeBackend JAVA = new JavaComputeBackend();
    private static ComputeBackend cuda;

    @BeforeAll
    static void open() {
        var probe = new CudaBackendProvider().probe();
        Assumptions.assumeTrue(probe.available(), "no GPU here: " + probe.detail());
        cuda = ComputeBackends.open("cuda");
    }

    @AfterAll
    static void close() {
        if (cuda != null) {
            cuda.close();
        }
    }

    @Test
    void automaticChoicePicksTheGpu() {
        try (ComputeBackend auto = ComputeBackends.open("auto")) {
            assertEquals("cuda", auto.name());
            assertTrue(auto.describe().startsWith("CUDA: "), auto.describe());
        }
    }

    private static float[] gaussianRows(int n, int d, double mean, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (mean + r.nextGaussian() * (1 + i % d));
        }
        return x;
    }

    private static void assertSameGram(GramAccumulator a, GramAccumulator b) {
        int d = a.dim();
        double[] ga = a.gram();
        double[] gb = b.gram();
        for (int i = 0; i < ga.length; i++) {
            double scale = Math.sqrt(gb[i / d * d + i / d] * gb[i % d * d + i % d]);
            assertEquals(gb[i], ga[i], 1e-10 * scale + 1e-300, "entry " + i);
        }
        assertArrayEquals(b.columnSums(), a.columnSums(), 1e-9 * b.count());
        assertEquals(b.count(), a.count());
    }

    @Test
    void gramAcrossCallsAndStagingBlocksMatches() {
        // d = 600: one staging block holds 1,747 rows, so the 5,000-row call crosses blocks.
        int d = 600;
        float[] x = gaussianRows(6000, d, 0, 2);
        try (GramAccumulator a = cuda.newGramAccumulator(d); GramAccumulator b = JAVA.newGramAccumulator(d)) {
            assertTrue(a instanceof CudaGramAccumulator);
            a.add(x, 1000);
            b.add(x, 1000);
            float[] rest = Arrays.copyOfRange(x, 1000 * d, 6000 * d);
            a.add(rest, 5000);
            b.add(rest, 5000);
            assertSameGram(a, b);
        }
    }

    @Test
    void shiftedGramOfIndexedRowsMatches() {
        int n = 3000;
        int d = 96;
        float[] x = gaussianRows(n, d, 500, 8);
        int[] picked = new int[n / 2];
        for (int k = 0; k < picked.length; k++) {
            picked[k] = (k * 13) % n;
        }
        float[] shift = new float[d];
        Arrays.fill(shift, 499.5f);
        try (GramAccumulator a = cuda.newGramAccumulator(d); GramAccumulator b = JAVA.newGramAccumulator(d)) {
            for (int from = 0; from < picked.length; from += 700) {
                int[] part = Arrays.copyOfRange(picked, from, Math.min(picked.length, from + 700));
                a.addShifted(x, part, shift);
                b.addShifted(x, part, shift);
            }
            assertSameGram(a, b);
        }
    }

    @Test
    void emptyAndNarrowAccumulators() {
        try (GramAccumulator empty = cuda.newGramAccumulator(128)) {
            assertEquals(0, empty.count());
            assertArrayEquals(new double[128 * 128], empty.gram());
        }
        try (GramAccumulator narrow = cuda.newGramAccumulator(CudaComputeBackend.GPU_MIN_GRAM_DIM - 1)) {
            assertTrue(!(narrow instanceof CudaGramAccumulator), "narrow rows stay in Java");
        }
    }

    private static double[] covariance(int d, long seed) {
        float[] x = new float[(2 * d + 100) * d];
        Random r = new Random(seed);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() * Math.pow(1 + i % d, -0.5));
        }
        try (GramAccumulator acc = JAVA.newGramAccumulator(d)) {
            acc.add(x, 2 * d + 100);
            return acc.gram();
        }
    }

    @Test
    void fullEigenDecompositionMatches() {
        int d = 512;
        double[] g = covariance(d, 3);
        SymmetricEigen a = cuda.symmetricEigen(g, d);
        SymmetricEigen b = JAVA.symmetricEigen(g, d);
        for (int i = 0; i < d; i++) {
            assertEquals(b.value(i), a.value(i), 1e-10 * b.value(0), "value " + i);
        }
        for (int j = 0; j < 3; j++) {
            assertArrayEquals(b.vector(j), a.vector(j), 1e-7, "vector " + j);
        }
    }

    @Test
    void topEigenMatchesTheFullDecomposition() {
        int d = 300;
        double[] g = covariance(d, 5);
        SymmetricEigen full = JAVA.symmetricEigen(g, d);
        for (int k : new int[] {1, 10, 100}) {
            SymmetricEigen top = cuda.topEigen(g, d, k);
            for (int j = 0; j < k; j++) {
                assertEquals(full.value(j), top.value(j), 1e-10 * full.value(0), "k=" + k + " value " + j);
            }
            for (int j = 0; j < Math.min(k, 3); j++) {
                assertArrayEquals(full.vector(j), top.vector(j), 1e-7, "k=" + k + " vector " + j);
            }
            assertEquals(0, top.value(k), "pairs beyond k are zero");
        }
    }

    @Test
    void projectionsOfAllAndOfIndexedRowsMatch() {
        int n = 5000;
        int d = 512;
        int k = 16;
        float[] x = gaussianRows(n, d, 100, 4);
        double[] center = new double[d];
        Arrays.fill(center, 100);
        double[] basis = new double[k * d];
        Random r = new Random(9);
        for (int i = 0; i < basis.length; i++) {
            basis[i] = r.nextGaussian();
        }
        double[] a = new double[n * k];
        double[] b = new double[n * k];
        cuda.project(x, n, d, center, basis, k, a);
        JAVA.project(x, n, d, center, basis, k, b);
        for (int i = 0; i < a.length; i++) {
            assertEquals(b[i], a[i], 1e-9 * (1 + Math.abs(b[i])), "value " + i);
        }
        int[] picked = new int[4000];
        for (int i = 0; i < picked.length; i++) {
            picked[i] = (i * 7919) % n;
        }
        double[] pa = new double[picked.length * k];
        double[] pb = new double[picked.length * k];
        cuda.projectRows(x, d, picked, center, basis, k, pa);
        JAVA.projectRows(x, d, picked, center, basis, k, pb);
        for (int i = 0; i < pa.length; i++) {
            assertEquals(pb[i], pa[i], 1e-9 * (1 + Math.abs(pb[i])), "indexed value " + i);
        }
    }

    private static void assertSameScan(Detector detector, SyntheticConfig config) throws IOException {
        InMemoryRows rowsJava = new InMemoryRows();
        InMemoryRows rowsGpu = new InMemoryRows();
        var source = new SyntheticGenerator(config).toMemory();
        ScanReport java = Scanner.run(source, List.of(detector), JAVA, List.of(rowsJava));
        ScanReport gpu = Scanner.run(source, List.of(detector), cuda, List.of(rowsGpu));
        assertEquals(java.poisonedClasses(), gpu.poisonedClasses());
        assertArrayEquals(rowsJava.flags(), rowsGpu.flags());
        double[] sj = rowsJava.scores(detector.name());
        double[] sg = rowsGpu.scores(detector.name());
        for (int i = 0; i < sj.length; i++) {
            assertEquals(sj[i], sg[i], 1e-4 * Math.abs(sj[i]) + 1e-6, "row " + i);
        }
        assertEquals("cuda", gpu.run().backend());
    }

    @Test
    void spectralScansAgree() throws IOException {
        SyntheticConfig c = SyntheticConfig.defaults(8000).withSize(8000, 512);
        assertSameScan(new SpectralSignatureDetector(), c);
        assertSameScan(new SpectralSignatureDetector(), c.clean());
    }

    @Test
    void spectreScansAgree() throws IOException {
        SyntheticConfig c = SyntheticConfig.defaults(20_000).withSize(20_000, 128).withPoison(0.02, 16);
        assertSameScan(new SpectreDetector(), c);
        assertSameScan(new SpectreDetector(), c.clean());
    }

    @Test
    void activationClusteringScansAgree() throws IOException {
        SyntheticConfig c = SyntheticConfig.defaults(12_000).withSize(12_000, 128).withPoison(0.1, 16);
        ActivationClusteringConfig pca = ActivationClusteringConfig.defaults()
                .withReduction(ReductionOptions.defaults().withMethod(ReductionOptions.Method.PCA));
        assertSameScan(new ActivationClusteringDetector(pca), c);
        assertSameScan(new ActivationClusteringDetector(pca), c.clean());
    }

    @Test
    void classesOfFewRowsAreJudgedAlikeOnBothBackends() throws IOException {
        // 100-row classes in 64 dimensions: both detectors judge them against their pure-Java small-class nulls.
        SyntheticConfig c = SyntheticConfig.defaults(1_000).withSize(1_000, 64).withPoison(0.2, 16);
        assertSameScan(new SpectralSignatureDetector(), c);
        assertSameScan(new SpectralSignatureDetector(), c.clean());
        assertSameScan(new ActivationClusteringDetector(), c);
        assertSameScan(new ActivationClusteringDetector(), c.clean());
    }
}
