package org.poisonscan.spark.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.poisonscan.api.scan.ScanReport;
import org.poisonscan.io.report.ReportJson;
import org.poisonscan.spark.PoisonScanModel;
import org.poisonscan.spark.PoisonScanner;

/**
 * An example Spark job: reads activations from Parquet, scans them, and writes the rows that no detector flags to a
 * clean Parquet data set (with the input's columns only) and the flagged rows to a quarantine data set (with their
 * scores, flag and class verdict, for review), plus the scan's {@code report.json}. Run it with {@code spark-submit}
 * (see the README's Spark section).
 *
 * <p>Nothing is written when the input cannot be scanned: the fit reads and checks every row first, so a null or
 * wrong-length activation array or a bad label fails the job, naming the column and the row, before either output
 * exists.
 *
 * <pre>
 * --input PATH          Parquet file or directory (required)
 * --clean PATH          output for unflagged rows (required; must not exist, checked before the scan)
 * --quarantine PATH     output for flagged rows (required; must not exist, checked before the scan)
 * --report FILE         report.json on the driver's file system (optional)
 * --features-col NAME   activation column (default activation, as PoisonScan's Parquet files)
 * --label-col NAME      label column (default label): integers, or strings numbered in sorted order (as the CLI)
 * --id-col NAME         distinct row ids; default: rows numbered in input order
 * --detectors LIST      comma-separated: spectral, spectre, ac (default spectral,spectre,ac)
 * --backend NAME        auto, java or nd4j (default auto)
 * --seed N              sampling seed (default 1)
 * </pre>
 */
public final class QuarantineJob {
    private QuarantineJob() {
    }

    /** The job's options (see the class comment). */
    public record Options(String input, String clean, String quarantine, String report, String featuresCol,
            String labelCol, String idCol, String[] detectors, String backend, long seed) {
        public Options {
            if (input == null || clean == null || quarantine == null) {
                throw new IllegalArgumentException("--input, --clean and --quarantine are required");
            }
        }

        /** Parses {@code --name value} pairs. */
        public static Options parse(String... args) {
            String input = null;
            String clean = null;
            String quarantine = null;
            String report = null;
            String features = "activation";
            String label = "label";
            String id = null;
            String detectors = "spectral,spectre,ac";
            String backend = "auto";
            long seed = 1;
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + args[i] + " needs a value");
                }
                String v = args[i + 1];
                switch (args[i]) {
                    case "--input" -> input = v;
                    case "--clean" -> clean = v;
                    case "--quarantine" -> quarantine = v;
                    case "--report" -> report = v;
                    case "--features-col" -> features = v;
                    case "--label-col" -> label = v;
                    case "--id-col" -> id = v;
                    case "--detectors" -> detectors = v;
                    case "--backend" -> backend = v;
                    case "--seed" -> seed = Long.parseLong(v);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(input, clean, quarantine, report, features, label, id,
                    Arrays.stream(detectors.split(",")).map(String::trim).toArray(String[]::new), backend, seed);
        }
    }

    /**
     * Runs the job. Bad usage or bad input (an option, a path, a row that cannot be scanned) ends it with one line on
     * stderr and exit code 2, as the {@code poisonscan} command does; other failures keep Spark's trace.
     */
    public static void main(String[] args) throws IOException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("poisonscan-quarantine: " + e.getMessage());
            System.exit(2);
            return;
        }
        SparkSession spark = SparkSession.builder().appName("poisonscan-quarantine").getOrCreate();
        int code;
        try {
            code = runReporting(spark, options, System.out, System.err);
        } finally {
            spark.stop();
        }
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * {@link #run} with the outcome printed: a summary line and 0, or one line naming the bad input and 2. Other
     * failures are rethrown.
     */
    public static int runReporting(SparkSession spark, Options o, java.io.PrintStream out, java.io.PrintStream err)
            throws IOException {
        try {
            ScanReport report = run(spark, o);
            out.printf("%d rows scanned, %d flagged; poisoned classes: %s%n", report.rows(), report.flaggedRows(),
                    report.poisonedClasses());
            return 0;
        } catch (Exception e) {
            // A bad row, column, label or option names itself; Spark's AnalysisException covers a missing input.
            if (e instanceof IllegalArgumentException || e instanceof org.poisonscan.api.data.InvalidInputException
                    || e instanceof org.apache.spark.sql.AnalysisException) {
                err.println("poisonscan-quarantine: " + e.getMessage().lines().findFirst().orElse(""));
                return 2;
            }
            if (e instanceof IOException io) {
                throw io;
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    /**
     * Scans the input and writes the two outputs (and the report); returns the report. The outputs are checked
     * before the fit (neither may exist, they must differ, the report's folder must exist), and if writing fails
     * after the clean output was written, it is removed again: a reader must never find clean rows without their
     * quarantine.
     */
    public static ScanReport run(SparkSession spark, Options o) throws IOException {
        org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
        org.apache.hadoop.fs.Path clean = qualified(o.clean(), conf);
        org.apache.hadoop.fs.Path quarantine = qualified(o.quarantine(), conf);
        if (clean.equals(quarantine)) {
            throw new IllegalArgumentException("--clean and --quarantine name the same path: " + clean);
        }
        // One output inside the other (or inside the input) would be read back as part of it: a probe's quarantine
        // inside --clean made a reader of the clean folder see the flagged rows too.
        org.apache.hadoop.fs.Path source = qualified(o.input(), conf);
        for (org.apache.hadoop.fs.Path[] pair : List.of(new org.apache.hadoop.fs.Path[] {quarantine, clean},
                new org.apache.hadoop.fs.Path[] {clean, quarantine}, new org.apache.hadoop.fs.Path[] {clean, source},
                new org.apache.hadoop.fs.Path[] {quarantine, source})) {
            if (inside(pair[0], pair[1])) {
                throw new IllegalArgumentException(pair[0] + " lies inside " + pair[1] + "; give outputs outside each"
                        + " other and outside the input");
            }
        }
        for (org.apache.hadoop.fs.Path out : List.of(clean, quarantine)) {
            if (out.getFileSystem(conf).exists(out)) {
                throw new IllegalArgumentException(out + " exists already; give an output path that does not exist");
            }
        }
        if (o.report() != null) {
            if (java.nio.file.Files.isDirectory(Path.of(o.report()))) {
                throw new IllegalArgumentException("--report " + o.report() + " is a directory; name a file");
            }
            Path parent = Path.of(o.report()).toAbsolutePath().getParent();
            if (parent == null || !java.nio.file.Files.isDirectory(parent)) {
                throw new IllegalArgumentException("--report " + o.report() + ": folder " + parent
                        + " does not exist");
            }
        }
        Dataset<Row> input = spark.read().parquet(o.input());
        // String labels are numbered in sorted order, as the CLI numbers them, in a column of their own.
        LabelIndex labels = LabelIndex.of(input, o.labelCol());
        Dataset<Row> scanned = labels == null ? input : labels.withIds(input);
        PoisonScanner scanner = new PoisonScanner().setFeaturesCol(o.featuresCol())
                .setLabelCol(labels == null ? o.labelCol() : LabelIndex.COLUMN)
                .setDetectors(o.detectors()).setBackend(o.backend()).setSeed(o.seed());
        if (o.idCol() != null) {
            scanner.setIdCol(o.idCol());
        }
        PoisonScanModel model = scanner.fit(scanned);
        ScanReport report = labels == null ? model.report() : labels.named(model.report());
        Dataset<Row> scored = model.transform(scanned).persist(StorageLevel.MEMORY_AND_DISK());
        // A stop (Ctrl-C, SIGTERM) while writing removes both outputs too, so no reader finds clean rows alone.
        Thread removeOnStop = new Thread(() -> deleteQuietly(List.of(clean, quarantine), conf),
                "poisonscan-quarantine-outputs");
        Runtime.getRuntime().addShutdownHook(removeOnStop);
        try {
            Column flagged = scored.col(model.getFlagCol());
            List<Column> original = new ArrayList<>();
            for (String c : input.columns()) {
                original.add(scored.col(c));
            }
            scored.filter(flagged.equalTo(false)).select(original.toArray(Column[]::new)).write().parquet(o.clean());
            Dataset<Row> quarantined = scored.filter(flagged);
            if (labels != null) {
                quarantined = quarantined.drop(LabelIndex.COLUMN);
            }
            quarantined.write().parquet(o.quarantine());
            if (o.report() != null) {
                ReportJson.write(report, Path.of(o.report()));
            }
            unhook(removeOnStop);
        } catch (Throwable e) {
            // Any failure, Spark's checked SparkException included (a write that failed on a full disk left the clean
            // output committed when only IOException and RuntimeException were caught here).
            unhook(removeOnStop);
            deleteQuietly(List.of(clean, quarantine), conf);
            if (e instanceof IOException io) {
                throw io;
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            if (e instanceof Error err) {
                throw err;
            }
            throw new IOException("writing the outputs failed: " + e.getMessage(), e);
        } finally {
            scored.unpersist();
        }
        return report;
    }

    private static void unhook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is stopping: the hook runs and removes the outputs.
        }
    }

    /** Whether {@code path} is {@code parent} or lies below it. */
    static boolean inside(org.apache.hadoop.fs.Path path, org.apache.hadoop.fs.Path parent) {
        for (org.apache.hadoop.fs.Path p = path; p != null; p = p.getParent()) {
            if (p.equals(parent)) {
                return true;
            }
        }
        return false;
    }

    private static void deleteQuietly(List<org.apache.hadoop.fs.Path> outputs,
            org.apache.hadoop.conf.Configuration conf) {
        for (org.apache.hadoop.fs.Path out : outputs) {
            try {
                out.getFileSystem(conf).delete(out, true);
            } catch (IOException | RuntimeException e) {
                // Removing what can be removed; the failure being reported is the one that matters.
            }
        }
    }

    private static org.apache.hadoop.fs.Path qualified(String path, org.apache.hadoop.conf.Configuration conf)
            throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
        return p.getFileSystem(conf).makeQualified(p);
    }
}
