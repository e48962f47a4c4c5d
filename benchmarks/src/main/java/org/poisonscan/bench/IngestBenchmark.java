package org.poisonscan.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.BatchReader;
import org.poisonscan.api.scan.Scanner;
import org.poisonscan.api.synthetic.SyntheticConfig;
import org.poisonscan.api.synthetic.SyntheticGenerator;
import org.poisonscan.io.numpy.NpySource;
import org.poisonscan.io.numpy.NpyWriter;
import org.poisonscan.io.parquet.ParquetActivationsWriter;
import org.poisonscan.io.parquet.ParquetOptions;
import org.poisonscan.io.parquet.ParquetSource;

/**
 * Ingest throughput: the same n x d float32 activations (synthetic, 10 classes) written once as {@code .npy} (with a
 * labels {@code .npy}) and once as Parquet (a LIST of float plus an int32 label, per codec asked for), then read in
 * full passes of the scanner's batch size, alternating formats, in one run. Reports the median MB/s of activation
 * payload ({@code n * d * 4} bytes, 10^6 bytes per MB) per format. The files stay in the page cache after writing,
 * so these are warm-cache figures: decoding cost, not disk speed. Each pass sums every value, and the sums of the
 * formats must agree.
 *
 * <p>Usage: {@code IngestBenchmark [--n 1000000] [--d 512] [--reps 3] [--codecs SNAPPY,UNCOMPRESSED] [--dir DIR]}.
 * Needs {@code 2 + codecs} times {@code n * d * 4} bytes of disk in DIR (default: a temporary directory, removed
 * after).
 */
public final class IngestBenchmark {
    private IngestBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        long n = (long) Double.parseDouble(option(args, "--n", "1000000"));
        int d = Integer.parseInt(option(args, "--d", "512"));
        int reps = Integer.parseInt(option(args, "--reps", "3"));
        List<CompressionCodecName> codecs = Arrays.stream(option(args, "--codecs", "SNAPPY,UNCOMPRESSED").split(","))
                .map(s -> CompressionCodecName.valueOf(s.trim().toUpperCase(Locale.ROOT))).toList();
        String dirOption = option(args, "--dir", null);
        Path dir = dirOption == null ? Files.createTempDirectory("ingest-bench") : Files.createDirectories(
                Path.of(dirOption));
        try {
            run(n, d, reps, codecs, dir);
        } finally {
            if (dirOption == null) {
                deleteTree(dir);
            }
        }
    }

    private static void run(long n, int d, int reps, List<CompressionCodecName> codecs, Path dir) throws IOException {
        ActivationSource generated = new SyntheticGenerator(SyntheticConfig.defaults(n).withSize(n, d)).source();
        List<String> names = new ArrayList<>();
        List<ActivationSource> sources = new ArrayList<>();
        List<String> writes = new ArrayList<>();

        Path npy = dir.resolve("x.npy");
        long t0 = System.nanoTime();
        NpyWriter.write(generated, npy, dir.resolve("x_labels.npy"), null);
        writes.add(String.format(Locale.ROOT, "npy written in %.1f s, %,d bytes", seconds(t0), Files.size(npy)));
        names.add("npy");
        sources.add(NpySource.open(npy, dir.resolve("x_labels.npy"), null));
        for (CompressionCodecName codec : codecs) {
            Path parquet = dir.resolve("x-" + codec.name().toLowerCase(Locale.ROOT) + ".parquet");
            t0 = System.nanoTime();
            ParquetActivationsWriter.write(generated, parquet, ParquetOptions.defaults(), codec);
            writes.add(String.format(Locale.ROOT, "parquet %s written in %.1f s, %,d bytes", codec, seconds(t0),
                    Files.size(parquet)));
            names.add("parquet " + codec);
            sources.add(ParquetSource.open(parquet, ParquetOptions.defaults()));
        }
        writes.forEach(System.out::println);

        double[][] times = new double[sources.size()][reps];
        double[] sums = new double[sources.size()];
        for (int rep = 0; rep < reps; rep++) {
            for (int k = 0; k < sources.size(); k++) {
                int s = (k + rep) % sources.size();
                t0 = System.nanoTime();
                sums[s] = pass(sources.get(s));
                times[s][rep] = seconds(t0);
            }
        }
        double mb = n * (double) d * 4 / 1e6;
        System.out.printf(Locale.ROOT, "%nn = %,d, d = %d, %.0f MB of float32 activations, %d passes each, %d cores,"
                + " Java %s%n", n, d, mb, reps, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        System.out.println("| format | median pass (s) | MB/s | vs npy |");
        System.out.println("|---|---|---|---|");
        double npyRate = 0;
        for (int s = 0; s < sources.size(); s++) {
            double[] t = times[s].clone();
            Arrays.sort(t);
            double rate = mb / t[reps / 2];
            if (s == 0) {
                npyRate = rate;
            }
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.0f | %.2f |%n", names.get(s), t[reps / 2], rate,
                    rate / npyRate);
            if (sums[s] != sums[0]) {
                throw new IllegalStateException(names.get(s) + " read other values than npy: sum " + sums[s] + " vs "
                        + sums[0]);
            }
        }
    }

    /** One full pass at the scanner's batch size; returns the sum of every value. */
    private static double pass(ActivationSource source) throws IOException {
        double sum = 0;
        try (BatchReader reader = source.open(Scanner.DEFAULT_BATCH_ROWS)) {
            for (Batch b = reader.next(); b != null; b = reader.next()) {
                float[] f = b.features();
                double s = 0;
                for (int i = 0, end = b.rows() * b.dim(); i < end; i++) {
                    s += f[i];
                }
                sum += s;
            }
        }
        return sum;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
