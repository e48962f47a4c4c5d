package org.poisonscan.cli;

import org.poisonscan.pipeline.Detectors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.ComputeBackends;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.detect.Verdict;
import org.poisonscan.api.scan.FlaggedCopies;
import org.poisonscan.api.scan.RowSink;
import org.poisonscan.api.scan.ScanProgress;
import org.poisonscan.api.scan.ScanReport;
import org.poisonscan.api.scan.Scanner;
import org.poisonscan.io.ActivationSources;
import org.poisonscan.io.PartialOutputs;
import org.poisonscan.io.parquet.ParquetSource;
import org.poisonscan.io.parquet.ScoresParquetWriter;
import org.poisonscan.io.report.ReportJson;
import org.poisonscan.io.report.ScoresCsvWriter;
import org.poisonscan.spectral.SpectralConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code poisonscan scan INPUT --out DIR}: scans an activation file and writes report.json and scores.csv, and for
 * Parquet input also scores.parquet (with the input's id column when {@code --id} names one).
 */
@Command(name = "scan", mixinStandardHelpOptions = true, exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the scan completed, whatever it found", "1:internal error (one line on stderr)",
            "2:bad usage or bad input (nothing written)", "3:a gate option failed (every output written)"},
        description = {"Scans activations (.npz, .npy, .csv, .parquet or a directory of .parquet part files) for"
                + " poisoned rows.",
            "Writes DIR/report.json and DIR/scores.csv (row,label,flagged,score_<detector>...) and prints a summary;"
                + " for .parquet input also DIR/scores.parquet (row, id, label, label_name, flagged, scores)."})
final class ScanCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INPUT",
            description = "Activations: .npz, .npy (with a labels .npy), .csv, .parquet, or a directory of .parquet part"
                    + " files (Spark's or pyarrow's output; read in name order as one data set)")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for report.json and scores.csv")
    Path out;

    @Option(names = "--detector", paramLabel = "NAME", defaultValue = Detectors.DEFAULT,
            description = "Detector(s) to run, repeatable or comma-separated: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})",
            completionCandidates = DetectorNames.class)
    List<String> detectors;

    @Option(names = "--expected-poison-rate", paramLabel = "R",
            description = "Expected fraction of poisoned rows per class: spectral signatures then flag the top 1.5 x R"
                    + " of every class (the paper's rule), so R must be below 2/3. Default: automatic thresholds that"
                    + " need no rate. Other detectors estimate the rate themselves and ignore this option.")
    Double expectedPoisonRate;

    @Option(names = "--features", paramLabel = "NAME", description = "Features array (.npz, default X), column prefix"
            + " or comma-separated column list (.csv), or activation list column (.parquet, default activation)")
    String features;

    @Option(names = "--labels", paramLabel = "NAME", description = "Labels array (.npz, default y), labels .npy file"
            + " (.npy), or label column (.csv and .parquet, default label; class names instead of integer ids are"
            + " classes in sorted order)")
    String labels;

    @Option(names = "--id", paramLabel = "NAME", description = "Id column of a .parquet input (any primitive type):"
            + " written to DIR/scores.parquet so that 'poisonscan split --id' can join other files on it; of a .csv"
            + " input: kept out of the features (CSV rows are numbered, not joined)")
    String id;

    @Option(names = "--ground-truth", paramLabel = "NAME",
            description = "Ground-truth poison array/column/.npy (optional; .npz, .csv and .parquet default: poison"
                    + " when present)")
    String groundTruth;

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "auto",
            description = "Compute backend: auto, java, or a native one (see 'poisonscan doctor')")
    String backend;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of every detector's samples,"
            + " splits and clustering starts (default ${DEFAULT-VALUE}): the same seed gives the same result")
    long seed;

    @Option(names = "--fail-if-poisoned", description = "CI gate: exit with code 3 (after writing every output) when"
            + " any class is judged poisoned")
    boolean failIfPoisoned;

    @Option(names = "--max-flagged", paramLabel = "SHARE", description = "CI gate: exit with code 3 (after writing"
            + " every output) when more than this share of the rows, in [0, 1], is flagged")
    Double maxFlagged;

    @Option(names = "--fail-if-unscanned", description = "CI gate: exit with code 3 (after writing every output) when"
            + " any class could not be scanned (too few rows, constant activations; reasons in report.json)")
    boolean failIfUnscanned;

    @Option(names = "--quiet", description = "Print no progress lines on standard error (fit and scoring steps with"
            + " their times)")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        OptionValues.requireValue("--out", out);
        OptionValues.requireNotBlank("--features", features);
        OptionValues.requireNotBlank("--labels", labels);
        OptionValues.requireNotBlank("--ground-truth", groundTruth);
        OptionValues.requireNotBlank("--id", id);
        if (expectedPoisonRate != null && !(expectedPoisonRate > 0 && expectedPoisonRate < 1)) {
            throw new IllegalArgumentException("--expected-poison-rate must be in (0, 1), got " + expectedPoisonRate);
        }
        double multiplier = SpectralConfig.defaults().removalMultiplier();
        if (expectedPoisonRate != null && multiplier * expectedPoisonRate >= 1) {
            // Spectral signatures would flag every row of every class: refused here, before the input is read. The
            // bound given is the largest R of three decimals below 1 / multiplier (0.666).
            throw new IllegalArgumentException(String.format(Locale.ROOT, "--expected-poison-rate %s: spectral"
                    + " signatures flag the top %s x R of each class, which would be every row; give R of at most %.3f",
                    expectedPoisonRate, multiplier, (Math.ceil(1000 / multiplier) - 1) / 1000));
        }
        if (maxFlagged != null && !(maxFlagged >= 0 && maxFlagged <= 1)) {
            throw new IllegalArgumentException("--max-flagged must be in [0, 1], got " + maxFlagged);
        }
        var chosen = Detectors.of(detectors, expectedPoisonRate == null ? Double.NaN : expectedPoisonRate, seed);
        Path labelsFile = labels != null && labels.toLowerCase(Locale.ROOT).endsWith(".npy") ? Path.of(labels) : null;
        ScanOutputs.requireApart(out, input, labelsFile);
        ActivationSource source = ActivationSources.open(input,
                InputFlags.of(input, features, labels, groundTruth, id));
        PrintWriter stdout = spec.commandLine().getOut();
        try (ComputeBackend compute = ComputeBackends.open(backend)) {
            PrintWriter stderr = spec.commandLine().getErr();
            noteDefaultLabels(stderr);
            ScanProgress progress = quiet ? ScanProgress.NONE : message -> {
                stderr.println("poisonscan: " + message);
                stderr.flush();
            };
            FlaggedCopies copies = new FlaggedCopies();
            ScanReport report = scanInto(source, chosen, compute, out, progress, warning -> {
                stderr.println("poisonscan: warning: " + warning);
                stderr.flush();
            }, copies);
            SummaryPrinter.print(report, out, source instanceof ParquetSource, stdout);
            SummaryPrinter.printCopies(report, copies.copies(), stdout);
            return gate(report, stderr);
        }
    }

    /** Class labels, the first 20 of them. */
    private static String labelsOf(List<org.poisonscan.api.scan.ClassSummary> classes) {
        List<String> names = classes.stream().limit(20).map(c -> c.name().equals(String.valueOf(c.label()))
                ? c.name() : c.label() + " (" + SummaryPrinter.printable(c.name()) + ")").toList();
        return "[" + String.join(", ", names) + (classes.size() > 20 ? ", ..." : "") + "]";
    }

    /**
     * Names the labels file an .npy input was given by default: {@code <stem>_labels.npy} in a progress line, and the
     * shared {@code labels.npy} of the folder in a warning, since it may belong to another array.
     */
    private void noteDefaultLabels(PrintWriter stderr) {
        if (labels != null || !input.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
            return;
        }
        Path used = ActivationSources.defaultLabels(input);
        if (used.getFileName().toString().equals("labels.npy")) {
            stderr.println("poisonscan: warning: labels from " + used + ", the folder's shared labels file (there is"
                    + " no " + input.getFileName().toString().replaceAll("(?i)\\.npy$", "") + "_labels.npy); name the right"
                    + " one with --labels if it belongs to another array");
        } else if (!quiet) {
            stderr.println("poisonscan: labels from " + used);
        }
        stderr.flush();
    }

    /** {@link PoisonScanCommand#GATE_FAILED} with one line per failed gate on {@code stderr}, else OK. */
    private int gate(ScanReport report, PrintWriter stderr) {
        int code = PoisonScanCommand.OK;
        boolean gated = failIfPoisoned || maxFlagged != null || failIfUnscanned;
        List<org.poisonscan.api.scan.ClassSummary> notScanned = report.classes().stream()
                .filter(c -> c.verdict() == Verdict.NOT_SCANNED).toList();
        long notScannedRows = notScanned.stream().mapToLong(org.poisonscan.api.scan.ClassSummary::rows).sum();
        if (gated && notScanned.size() == report.classes().size()) {
            // A gate must not pass a scan that judged nothing (a wrong label column, every class too small).
            stderr.println("poisonscan: gate failed: no class could be scanned (every class is not_scanned; see the"
                    + " reasons in report.json), so the scan says nothing about poisoning");
            code = PoisonScanCommand.GATE_FAILED;
        } else if (!notScanned.isEmpty() && failIfUnscanned) {
            stderr.println(String.format(Locale.ROOT, "poisonscan: gate failed: %d of %d classes (%,d of %,d rows)"
                    + " could not be scanned: %s (reasons in report.json)", notScanned.size(), report.classes().size(),
                    notScannedRows, report.rows(), labelsOf(notScanned)));
            code = PoisonScanCommand.GATE_FAILED;
        } else if (!notScanned.isEmpty() && gated) {
            // The gate's verdict covers only the scanned classes: say so where a CI log shows it.
            stderr.println(String.format(Locale.ROOT, "poisonscan: warning: %d of %d classes (%,d of %,d rows) could"
                    + " not be scanned, so the gate says nothing about them: %s (reasons in report.json;"
                    + " --fail-if-unscanned fails the gate on it)", notScanned.size(), report.classes().size(),
                    notScannedRows, report.rows(), labelsOf(notScanned)));
        }
        if (failIfPoisoned && !report.poisonedClasses().isEmpty()) {
            stderr.println("poisonscan: gate failed: classes judged poisoned: " + report.classes().stream()
                    .filter(c -> c.verdict() == Verdict.POISONED)
                    .map(c -> c.name().equals(String.valueOf(c.label())) ? c.name() : c.label() + " (" + c.name() + ")")
                    .toList());
            code = PoisonScanCommand.GATE_FAILED;
        }
        double share = report.rows() == 0 ? 0 : (double) report.flaggedRows() / report.rows();
        if (maxFlagged != null && share > maxFlagged) {
            stderr.println(String.format(Locale.ROOT,
                    "poisonscan: gate failed: %,d of %,d rows flagged (%.4f), more than --max-flagged %s",
                    report.flaggedRows(), report.rows(), share, maxFlagged));
            code = PoisonScanCommand.GATE_FAILED;
        }
        stderr.flush();
        return code;
    }

    /**
     * Runs the scan and writes DIR/report.json, DIR/scores.csv and, for Parquet input, DIR/scores.parquet. An earlier
     * scan's outputs in DIR are removed first, and a scan that fails or is stopped (Ctrl-C, SIGTERM) removes what it
     * had written, so DIR never holds a report of one input beside scores of another, nor a complete-looking
     * scores.csv without its report. Warnings about the input that do not stop the scan (null or repeated ids) go to {@code warnings}.
     */
    static ScanReport scanInto(ActivationSource source, List<org.poisonscan.api.detect.Detector> detectors,
            ComputeBackend compute, Path dir, ScanProgress progress, Consumer<String> warnings) throws IOException {
        return scanInto(source, detectors, compute, dir, progress, warnings, null);
    }

    /** As above, with one more sink of the scan's rows ({@code null}: none). */
    static ScanReport scanInto(ActivationSource source, List<org.poisonscan.api.detect.Detector> detectors,
            ComputeBackend compute, Path dir, ScanProgress progress, Consumer<String> warnings, RowSink extra)
            throws IOException {
        boolean created = !Files.exists(dir);
        Files.createDirectories(dir);
        ScanOutputs.requireWritable(dir);
        ScanOutputs.removeEarlier(dir, progress);
        ScoresCsvWriter scores = new ScoresCsvWriter(dir.resolve("scores.csv"));
        ScoresParquetWriter parquet = source instanceof ParquetSource
                ? ScoresParquetWriter.forSource(dir.resolve("scores.parquet"), source) : null;
        // A failed write (a full disk) names its file: the sinks and report.json below.
        List<RowSink> sinks = new java.util.ArrayList<>(List.of(OutputWrites.naming(dir.resolve("scores.csv"), scores)));
        if (parquet != null) {
            sinks.add(OutputWrites.naming(dir.resolve("scores.parquet"), parquet));
        }
        if (extra != null) {
            sinks.add(extra);
        }
        // Every output is written under its partial name and renamed when complete (scores.csv at the end of the
        // scoring pass, report.json last). Until the guard closes, a stop deletes the committed ones as well.
        List<Path> guarded = new java.util.ArrayList<>(ScanOutputs.in(dir));
        ScanOutputs.in(dir).forEach(f -> guarded.add(PartialOutputs.partialOf(f)));
        try (PartialOutputs guard = new PartialOutputs(guarded.toArray(Path[]::new))) {
            ScanReport report = Scanner.run(source, detectors, compute, sinks, progress);
            try {
                ReportJson.write(report, dir.resolve("report.json"));
            } catch (IOException e) {
                throw OutputWrites.cannotWrite(dir.resolve("report.json"), e);
            }
            if (parquet != null) {
                parquet.idWarning().ifPresent(warnings);
            }
            return report;
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            scores.abort();
            if (parquet != null) {
                parquet.abort();
            }
            for (Path output : ScanOutputs.in(dir)) {
                Files.deleteIfExists(output);
            }
            if (created) {
                try (var entries = Files.list(dir)) {
                    if (entries.findAny().isEmpty()) {
                        Files.deleteIfExists(dir);
                    }
                }
            }
            throw e;
        }
    }

    /** Completion candidates of {@code --detector}. */
    static final class DetectorNames extends java.util.ArrayList<String> {
        DetectorNames() {
            super(Detectors.NAMES);
        }
    }
}
