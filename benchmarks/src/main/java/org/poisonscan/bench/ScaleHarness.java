package org.poisonscan.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.ComputeBackends;
import org.poisonscan.api.scan.Scanner;
import org.poisonscan.api.synthetic.SyntheticConfig;
import org.poisonscan.api.synthetic.SyntheticGenerator;
import org.poisonscan.io.OutputFiles;
import org.poisonscan.spectral.SpectralSignatureDetector;

/**
 * The scale harness: for each n and d, the median wall time of a full spectral scan (all passes, 10 classes) next to
 * the time of one native sgemm X^T X over the same matrix measured in the same run (the compute floor), their ratio,
 * and the peak RSS, for each backend. Usage:
 * {@code ScaleHarness [--n 10000,100000,1000000] [--d 512,2048] [--reps 3] [--backends nd4j,java] [--out FILE.md]}.
 */
public final class ScaleHarness {
    private ScaleHarness() {
    }

    public static void main(String[] args) throws IOException {
        long[] ns = longs(option(args, "--n", "10000,100000"));
        int[] ds = Arrays.stream(longs(option(args, "--d", "512"))).mapToInt(x -> (int) x).toArray();
        int reps = Integer.parseInt(option(args, "--reps", "3"));
        List<String> backends = List.of(option(args, "--backends", "nd4j,java").split(","));
        String out = option(args, "--out", null);
        if (out != null) {
            OutputFiles.requireWritableFile("--out", Path.of(out), true);
        }
        List<String> lines = new ArrayList<>();
        lines.add("| n | d | backend | scan median (s) | sgemm floor median (s) | scan / floor | peak RSS (MiB) |");
        lines.add("|---|---|---|---|---|---|---|");
        System.out.println(lines.get(0));
        for (long n : ns) {
            for (int d : ds) {
                ChunkedSource source = new ChunkedSource(new SyntheticGenerator(
                        SyntheticConfig.defaults(n).withSize(n, d)));
                double floor;
                try (INDArray x = toNative(source); INDArray c = Nd4j.zeros(DataType.FLOAT, d, d)) {
                    floor = median(reps, () -> Nd4j.gemm(x, x, c, true, false, 1.0, 0.0));
                }
                for (String name : backends) {
                    try (ComputeBackend backend = ComputeBackends.open(name)) {
                        double scan = median(reps, () -> {
                            Scanner.run(source, List.of(new SpectralSignatureDetector()), backend, List.of());
                        });
                        String line = String.format(Locale.ROOT, "| %d | %d | %s | %.3f | %.3f | %.2f | %d |", n, d,
                                name, scan, floor, scan / floor, peakRssMiB());
                        lines.add(line);
                        System.out.println(line);
                    }
                }
            }
        }
        if (out != null) {
            String machine = String.format(Locale.ROOT, "%d cores, %d MiB max heap, Java %s, %s %s",
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                    System.getProperty("java.version"), System.getProperty("os.name"), System.getProperty("os.arch"));
            Files.write(Path.of(out), concat(List.of("Machine: " + machine, ""), lines));
        }
    }

    /** The whole matrix in one native array, for the sgemm floor (the copy is not timed). */
    private static INDArray toNative(ChunkedSource source) {
        int d = source.dimension();
        INDArray x = Nd4j.create(DataType.FLOAT, source.rowCount(), d);
        long row = 0;
        for (float[] chunk : source.chunks()) {
            int n = chunk.length / d;
            // Each chunk's native temporary (512 MiB at d = 2048) is freed at once: left to the garbage collector they
            // piled up beside the 8 GB copy and the 8 GB of chunks, and the 1,000,000 x 2048 run ran out of memory.
            try (INDArray part = Nd4j.create(chunk, new long[] {n, d}, 'c')) {
                x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(row, row + n),
                        org.nd4j.linalg.indexing.NDArrayIndex.all()).assign(part);
            }
            row += n;
        }
        return x;
    }

    private interface Step {
        void run() throws IOException;
    }

    private static double median(int reps, Step step) throws IOException {
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            step.run();
            t[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(t);
        return t[reps / 2];
    }

    private static long peakRssMiB() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static long[] longs(String csv) {
        return Arrays.stream(csv.split(",")).mapToLong(s -> (long) Double.parseDouble(s.trim())).toArray();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
