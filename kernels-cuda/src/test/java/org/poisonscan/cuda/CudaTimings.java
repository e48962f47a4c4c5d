package org.poisonscan.cuda;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.ComputeBackends;
import org.poisonscan.api.backend.GramAccumulator;
import org.poisonscan.api.detect.Detector;
import org.poisonscan.api.scan.Scanner;
import org.poisonscan.api.synthetic.SyntheticConfig;
import org.poisonscan.api.synthetic.SyntheticGenerator;
import org.poisonscan.spectral.SpectralSignatureDetector;
import org.poisonscan.spectral.SpectreDetector;

/**
 * Side-by-side medians of the GPU and pure-Java backends in one JVM, for a GPU machine without Maven:
 * {@code java -cp ... org.poisonscan.cuda.CudaTimings [reps [filter]]}, where a filter keeps the rows whose name contains
 * it. Kernels first (Gram accumulation in the scan's call
 * sizes, eigen-decompositions, projection), then whole scans of synthetic sets (10 classes).
 */
public final class CudaTimings {
    private CudaTimings() {
    }

    interface Work {
        void run() throws IOException;
    }

    private static String filter = "";

    private static boolean selected(String name) {
        return name.contains(filter);
    }

    public static void main(String[] args) throws IOException {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        filter = args.length > 1 ? args[1] : "";
        try (ComputeBackend gpu = ComputeBackends.open("cuda"); ComputeBackend java = ComputeBackends.open("java")) {
            System.out.println("GPU backend: " + gpu.describe());
            System.out.println("Java: " + System.getProperty("java.version") + ", "
                    + Runtime.getRuntime().availableProcessors() + " cores");
            System.out.println("| work | java median (s) | cuda median (s) | java / cuda |");
            System.out.println("|---|---|---|---|");
            for (int[] nd : new int[][] {{200_000, 512}, {50_000, 2048}}) {
                int n = nd[0];
                int d = nd[1];
                if (!selected("Gram " + n + " x " + d)) {
                    continue;
                }
                float[] x = rows(n, d);
                compare("Gram " + n + " x " + d + " (calls of 2,000 rows)", reps, java, gpu, b -> gram(b, x, n, d));
            }
            for (int d : new int[] {512, 2048}) {
                if (!selected("eigen d=" + d)) {
                    continue;
                }
                double[] g = covariance(d);
                compare("full eigen d=" + d, reps, java, gpu, b -> b.symmetricEigen(g, d));
                compare("top-100 eigen d=" + d, reps, java, gpu, b -> b.topEigen(g, d, 100));
            }
            if (selected("project")) {
                projection(reps, java, gpu);
            }
            for (int[] nd : new int[][] {{100_000, 512}, {1_000_000, 512}, {100_000, 2048}}) {
                String name = "spectral scan " + nd[0] + " x " + nd[1];
                if (!selected(name)) {
                    continue;
                }
                var source = new SyntheticGenerator(SyntheticConfig.defaults(nd[0]).withSize(nd[0], nd[1]))
                        .toMemory();
                scan(name, reps, java, gpu, source, new SpectralSignatureDetector());
            }
            for (int[] nd : new int[][] {{30_000, 128}, {100_000, 256}}) {
                String name = "SPECTRE scan " + nd[0] + " x " + nd[1];
                if (!selected(name)) {
                    continue;
                }
                var source = new SyntheticGenerator(SyntheticConfig.defaults(nd[0]).withSize(nd[0], nd[1])
                        .withPoison(0.02, 16)).toMemory();
                scan(name, reps, java, gpu, source, new SpectreDetector());
            }
        }
    }

    private static void projection(int reps, ComputeBackend java, ComputeBackend gpu) throws IOException {
        float[] x = rows(100_000, 512);
        double[] basis = new double[32 * 512];
        Arrays.fill(basis, 0.01);
        double[] out = new double[100_000 * 32];
        compare("project 100000 x 512 onto 32", reps, java, gpu,
                b -> b.project(x, 100_000, 512, new double[512], basis, 32, out));
    }

    private static void scan(String name, int reps, ComputeBackend java, ComputeBackend gpu,
            org.poisonscan.api.data.ActivationSource source, Detector detector) throws IOException {
        compare(name, reps, java, gpu, b -> Scanner.run(source, List.of(detector), b, List.of()));
    }

    interface BackendWork {
        void run(ComputeBackend backend) throws IOException;
    }

    private static void compare(String name, int reps, ComputeBackend java, ComputeBackend gpu, BackendWork work)
            throws IOException {
        double j = median(reps, () -> work.run(java));
        double g = median(reps, () -> work.run(gpu));
        System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.1f |%n", name, j, g, j / g);
    }

    private static void gram(ComputeBackend backend, float[] x, int n, int d) {
        try (GramAccumulator acc = backend.newGramAccumulator(d)) {
            int[] rows = new int[2000];
            float[] shift = new float[d];
            for (int first = 0; first < n; first += rows.length) {
                for (int i = 0; i < rows.length; i++) {
                    rows[i] = first + i;
                }
                acc.addShifted(x, rows, shift);
            }
            acc.gram();
        }
    }

    private static double median(int reps, Work work) throws IOException {
        work.run(); // warm-up
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long start = System.nanoTime();
            work.run();
            t[i] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(t);
        return t[reps / 2];
    }

    private static float[] rows(int n, int d) {
        Random r = new Random(1);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    private static double[] covariance(int d) {
        float[] x = rows(2 * d, d);
        try (GramAccumulator acc = ComputeBackends.open("java").newGramAccumulator(d)) {
            acc.add(x, 2 * d);
            return acc.gram();
        }
    }
}
