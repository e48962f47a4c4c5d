package org.poisonscan.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.ComputeBackends;
import org.poisonscan.api.detect.Detector;
import org.poisonscan.api.eval.Metrics;
import org.poisonscan.api.scan.ScanReport;
import org.poisonscan.api.scan.Scanner;
import org.poisonscan.api.synthetic.SyntheticGenerator;

/**
 * The detection-quality suite: a grid over the synthetic generator (poison rate, shift, several trigger directions,
 * two poisoned classes, clean sets) for every detector, several seeds per cell. For each cell and detector it reports
 * recall, FPR and AUROC (mean and spread over seeds) and the class-verdict accuracy (the fraction of classes whose
 * verdict matches the truth), and writes a Markdown table.
 */
public final class QualitySuite {
    private final Map<String, Supplier<List<Detector>>> detectors;
    private final long rows;
    private final int dim;
    private final int seeds;

    /**
     * @param detectors detector sets by name (a set may hold several detectors, combined as the scanner combines them)
     * @param rows rows per synthetic set (10 classes)
     * @param dim activation dimension
     * @param seeds seeds per cell
     */
    public QualitySuite(Map<String, Supplier<List<Detector>>> detectors, long rows, int dim, int seeds) {
        this.detectors = new LinkedHashMap<>(detectors);
        this.rows = rows;
        this.dim = dim;
        this.seeds = seeds;
    }

    /** The grid of issue 5: rates 0.5%..10% x delta 1..6 and 16, two directions, two classes, clean. */
    static List<QualityCell> defaultGrid(double[] rates, double[] deltas) {
        List<QualityCell> grid = new ArrayList<>();
        for (double rate : rates) {
            for (double delta : deltas) {
                grid.add(new QualityCell("one direction", rate, delta, List.of(0), 1));
            }
        }
        for (double rate : new double[] {0.03, 0.10}) {
            grid.add(new QualityCell("two directions", rate, 16, List.of(0), 2));
            grid.add(new QualityCell("two poisoned classes", rate, 16, List.of(0, 5), 1));
        }
        grid.add(new QualityCell("clean", 0, 0, List.of(), 1));
        return grid;
    }

    /** Runs the grid; returns the Markdown table lines. */
    public List<String> run(List<QualityCell> grid, ComputeBackend backend, java.io.PrintStream progress)
            throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("| scenario | rate | delta | detector | recall | FPR | AUROC | class-verdict accuracy | poisoned classes"
                + " judged (per seed) |");
        lines.add("|---|---|---|---|---|---|---|---|---|");
        for (QualityCell cell : grid) {
            for (Map.Entry<String, Supplier<List<Detector>>> d : detectors.entrySet()) {
                double[] recall = new double[seeds];
                double[] fpr = new double[seeds];
                double[] auroc = new double[seeds];
                double[] verdictAccuracy = new double[seeds];
                List<String> judged = new ArrayList<>();
                for (int s = 0; s < seeds; s++) {
                    var source = new SyntheticGenerator(cell.config(rows, dim, s + 1)).toMemory();
                    ScanReport report = Scanner.run(source, d.getValue().get(), backend, List.of());
                    Metrics m = report.evaluation().orElseThrow().overall();
                    recall[s] = m.recall();
                    fpr[s] = m.falsePositiveRate();
                    auroc[s] = combinedAuroc(m);
                    verdictAccuracy[s] = verdictAccuracy(report, cell);
                    judged.add(report.poisonedClasses().toString());
                }
                String line = String.format(Locale.ROOT, "| %s | %.3f | %.0f | %s | %s | %s | %s | %s | %s |",
                        cell.scenario(), cell.rate(), cell.delta(), d.getKey(), spread(recall), spread(fpr),
                        spread(auroc), spread(verdictAccuracy), String.join(" ", judged));
                lines.add(line);
                if (progress != null) {
                    progress.println(line);
                }
            }
        }
        return lines;
    }

    /** The best AUROC among the set's detectors (each score column is one ranking; NaN for clean sets). */
    private static double combinedAuroc(Metrics m) {
        return m.auroc().values().stream().filter(v -> !v.isNaN()).mapToDouble(Double::doubleValue).max()
                .orElse(Double.NaN);
    }

    private static double verdictAccuracy(ScanReport report, QualityCell cell) {
        long right = report.classes().stream().filter(c -> report.poisonedClasses().contains(c.label())
                == (cell.rate() > 0 && cell.targets().contains(c.label()))).count();
        return (double) right / report.classes().size();
    }

    /** "mean ± sd" over seeds, NaN-aware. */
    static String spread(double[] values) {
        double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).toArray();
        if (v.length == 0) {
            return "n/a";
        }
        double mean = Arrays.stream(v).average().orElse(Double.NaN);
        double sd = Math.sqrt(Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / Math.max(1, v.length - 1));
        return String.format(Locale.ROOT, "%.3f ± %.3f", mean, sd);
    }

    /**
     * Runs the suite and writes {@code benchmarks/RESULTS-quality.md}. Usage: {@code QualitySuite [--rows 50000]
     * [--d 128] [--seeds 3] [--rates 0.005,0.01,0.03,0.05,0.1] [--deltas 1,2,4,6,16] [--out FILE.md]
     * [--backend auto] [--detectors spectral,spectre,all]}.
     */
    public static void main(String[] args) throws IOException {
        Map<String, Supplier<List<Detector>>> detectors = BenchDetectors.all();
        String only = option(args, "--detectors", null);
        if (only != null) {
            detectors.keySet().retainAll(List.of(only.split(",")));
        }
        long rows = Long.parseLong(option(args, "--rows", "50000"));
        int dim = Integer.parseInt(option(args, "--d", "128"));
        int seeds = Integer.parseInt(option(args, "--seeds", "3"));
        double[] rates = doubles(option(args, "--rates", "0.005,0.01,0.03,0.05,0.1"));
        double[] deltas = doubles(option(args, "--deltas", "1,2,4,6,16"));
        Path out = Path.of(option(args, "--out", "benchmarks/RESULTS-quality.md"));
        QualitySuite suite = new QualitySuite(detectors, rows, dim, seeds);
        long t0 = System.nanoTime();
        List<String> table;
        String backendName;
        try (ComputeBackend backend = ComputeBackends.open(option(args, "--backend", "auto"))) {
            backendName = backend.name();
            table = suite.run(defaultGrid(rates, deltas), backend, System.out);
        }
        List<String> doc = new ArrayList<>();
        doc.add("# Detection-quality suite");
        doc.add("");
        doc.add(String.format(Locale.ROOT, "Synthetic generator: %d rows, 10 classes, d = %d, rank-20 class covariance"
                + " (top clean eigenvalue 10 sigma^2); %d seeds per cell (1..%d); backend %s; %d cores; wall time"
                + " %.0f s. Recall and FPR are over all rows; AUROC is the best detector score of the set; class-verdict"
                + " accuracy is the fraction of the 10 classes whose verdict matches the truth. Values are mean ± sd"
                + " over seeds.", rows, dim, seeds, seeds, backendName, Runtime.getRuntime().availableProcessors(),
                (System.nanoTime() - t0) / 1e9));
        doc.add("");
        doc.addAll(table);
        Files.write(out, doc);
    }

    static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static double[] doubles(String csv) {
        return Arrays.stream(csv.split(",")).mapToDouble(s -> Double.parseDouble(s.trim())).toArray();
    }
}
