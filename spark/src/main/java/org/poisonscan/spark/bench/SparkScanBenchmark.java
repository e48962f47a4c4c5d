package org.poisonscan.spark.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.poisonscan.ac.ActivationClusteringDetector;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.ComputeBackends;
import org.poisonscan.api.detect.Detector;
import org.poisonscan.api.scan.ScanReport;
import org.poisonscan.api.scan.Scanner;
import org.poisonscan.api.synthetic.SyntheticConfig;
import org.poisonscan.api.synthetic.SyntheticGenerator;
import org.poisonscan.io.parquet.ParquetActivationsWriter;
import org.poisonscan.io.parquet.ParquetOptions;
import org.poisonscan.io.parquet.ParquetSource;
import org.poisonscan.spark.PoisonScanModel;
import org.poisonscan.spark.PoisonScanner;
import org.poisonscan.spectral.SpectralSignatureDetector;
import org.poisonscan.spectral.SpectreDetector;

/**
 * Rows per second of a full scan (fit and the counting scoring pass) of one Parquet file: the single-machine
 * {@link Scanner} over io's {@link ParquetSource} against {@link PoisonScanner} in Spark {@code local[N]}, with the
 * file's rows spread over a range of partition counts. Both use the same detectors and backend; the Spark fits must
 * report the same flagged rows as the single-machine scan, or the benchmark stops.
 *
 * <p>The file (written with {@link ParquetActivationsWriter}, with an id column) is one row group, so Spark reads it
 * as one partition; {@code repartition(p)} spreads it, and the rows keep their numbers through the id column. The
 * Spark time therefore includes reading, one shuffle, decoding and caching ("load"), then the detectors' passes.
 *
 * <pre>
 * --rows 200000 --dim 128 --reps 3 --partitions 2,4,8,16 --master local[2] --backend java
 * --detectors spectral,spectre --dir target/spark-bench
 * </pre>
 */
public final class SparkScanBenchmark {
    private SparkScanBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        long rows = 200_000;
        int dim = 128;
        int reps = 3;
        int[] partitions = {2, 4, 8, 16};
        String master = "local[2]";
        String backend = "java";
        String[] detectors = {"spectral", "spectre"};
        Path dir = Path.of("target", "spark-bench");
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--rows" -> rows = Long.parseLong(v);
                case "--dim" -> dim = Integer.parseInt(v);
                case "--reps" -> reps = Integer.parseInt(v);
                case "--partitions" -> partitions = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                case "--master" -> master = v;
                case "--backend" -> backend = v;
                case "--detectors" -> detectors = v.split(",");
                case "--dir" -> dir = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Files.createDirectories(dir);
        Path file = dir.resolve("activations-" + rows + "x" + dim + ".parquet");
        ParquetOptions names = new ParquetOptions("activation", "label", "id", null);
        if (!Files.exists(file)) {
            SyntheticConfig c = SyntheticConfig.defaults(rows).withSize(rows, dim);
            long t0 = System.nanoTime();
            ParquetActivationsWriter.write(new SyntheticGenerator(c).source(), file, names,
                    CompressionCodecName.SNAPPY);
            System.out.printf(Locale.ROOT, "wrote %s (%,d bytes) in %.1f s%n", file, Files.size(file),
                    (System.nanoTime() - t0) / 1e9);
        }

        double[] local = new double[reps];
        long flagged = -1;
        try (ComputeBackend b = ComputeBackends.open(backend)) {
            for (int r = 0; r < reps; r++) {
                long t0 = System.nanoTime();
                ScanReport report = Scanner.run(ParquetSource.open(file, ParquetOptions.defaults()),
                        detectors(detectors), b, List.of());
                local[r] = (System.nanoTime() - t0) / 1e9;
                flagged = report.flaggedRows();
                System.out.println("  single machine steps (ms): " + report.run().timingsMillis());
            }
        }
        System.out.printf(Locale.ROOT, "single machine (%s): median %.2f s, %,.0f rows/s, %d flagged%n", backend,
                median(local), rows / median(local), flagged);

        SparkSession spark = SparkSession.builder().master(master).appName("poisonscan-bench")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "16")
                .config("spark.local.dir", dir.resolve("spark-local").toAbsolutePath().toString())
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
        List<String> table = new ArrayList<>();
        table.add(String.format(Locale.ROOT, "| single machine | 1 | %.2f | %,.0f | - | %d |", median(local),
                rows / median(local), flagged));
        try {
            Dataset<Row> input = spark.read().parquet(file.toString());
            for (int p : partitions) {
                double[] total = new double[reps];
                double[] afterLoad = new double[reps];
                for (int r = 0; r < reps; r++) {
                    long t0 = System.nanoTime();
                    PoisonScanModel model = new PoisonScanner().setFeaturesCol("activation").setIdCol("id")
                            .setDetectors(detectors).setBackend(backend).fit(input.repartition(p));
                    total[r] = (System.nanoTime() - t0) / 1e9;
                    System.out.println("  spark steps (ms): " + model.report().run().timingsMillis());
                    afterLoad[r] = total[r] - model.report().run().timingsMillis().get("load_and_check") / 1e3;
                    if (model.report().flaggedRows() != flagged) {
                        throw new IllegalStateException("Spark flagged " + model.report().flaggedRows()
                                + " rows, the single-machine scan " + flagged);
                    }
                }
                System.out.printf(Locale.ROOT, "spark %s, %d partitions: median %.2f s (%.2f s after load), %,.0f"
                        + " rows/s%n", master, p, median(total), median(afterLoad), rows / median(total));
                table.add(String.format(Locale.ROOT, "| spark %s | %d | %.2f | %,.0f | %.2f | %d |", master, p,
                        median(total), rows / median(total), median(afterLoad), flagged));
            }
        } finally {
            spark.stop();
        }
        System.out.println();
        System.out.println("| scanner | partitions | median scan (s) | rows/s | after load (s) | flagged |");
        System.out.println("|---|---|---|---|---|---|");
        table.forEach(System.out::println);
    }

    private static List<Detector> detectors(String[] names) {
        List<Detector> out = new ArrayList<>();
        for (String n : names) {
            switch (n.trim()) {
                case SpectralSignatureDetector.NAME -> out.add(new SpectralSignatureDetector());
                case SpectreDetector.NAME -> out.add(new SpectreDetector());
                case ActivationClusteringDetector.NAME -> out.add(new ActivationClusteringDetector());
                default -> throw new IllegalArgumentException("unknown detector " + n);
            }
        }
        return out;
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
