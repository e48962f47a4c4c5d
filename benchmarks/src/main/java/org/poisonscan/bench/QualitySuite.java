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
import java.util.Set;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.BatchReader;
import org.poisonscan.api.detect.Detector;
import org.poisonscan.api.detect.FittedDetector;
import org.poisonscan.api.eval.Evaluation;
import org.poisonscan.api.eval.EvaluationCollector;
import org.poisonscan.api.eval.Metrics;
import org.poisonscan.api.scan.CombinationRule;
import org.poisonscan.api.scan.Escalation;
import org.poisonscan.api.scan.Scanner;
import org.poisonscan.api.synthetic.SyntheticGenerator;
import org.poisonscan.io.OutputFiles;

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

    /**
     * The grid of issue 5: rates 0.5%..10% x delta 1..6 and 16, two directions, two classes, clean; and floored rows
     * (1% and 5% at delta 6 and 16, clean), which have no Gaussian ceiling.
     */
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
        // Floored rows, as a ReLU layer gives: what the rules written for real networks' activations cost there.
        for (double rate : new double[] {0.01, 0.05}) {
            for (double delta : new double[] {6, 16}) {
                grid.add(new QualityCell("floored (ReLU)", rate, delta, List.of(0), 1, true));
            }
        }
        grid.add(new QualityCell("floored (ReLU), clean", 0, 0, List.of(), 1, true));
        return grid;
    }

    /**
     * Runs the grid; returns the Markdown table lines. Each detector is fitted once per set and seed and its scores
     * are shared by every set that holds it: a set's flags and verdicts are its members' combined by
     * {@link CombinationRule}, exactly as a scan with that set would give, at the cost of one scan with all of them.
     */
    public List<String> run(List<QualityCell> grid, ComputeBackend backend, java.io.PrintStream progress)
            throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("| scenario | rate | delta | detector | recall | FPR | AUROC | class-verdict accuracy | poisoned classes"
                + " judged (per seed) |");
        lines.add("|---|---|---|---|---|---|---|---|---|");
        List<String> ceiling = new ArrayList<>();
        ceiling.add("| scenario | rate | delta | trigger separation (class sd) | oracle recall, FPR <= 0.1% | oracle recall,"
                + " FPR <= 1% | oracle AUROC in target classes | whitened-spectral recall, FPR <= 0.1% |"
                + " whitened-spectral recall, FPR <= 1% | whitened-spectral AUROC |");
        ceiling.add("|---|---|---|---|---|---|---|---|---|---|");
        for (QualityCell cell : grid) {
            Map<String, SetFigures> figures = new LinkedHashMap<>();
            for (String set : detectors.keySet()) {
                figures.put(set, new SetFigures(seeds));
            }
            // Per seed: the ceilings' figures, in the ceiling table's column order.
            List<double[]> ceilings = new ArrayList<>();
            for (int s = 0; s < seeds; s++) {
                SyntheticGenerator generator = new SyntheticGenerator(cell.config(rows, dim, s + 1));
                ActivationSource source = generator.toMemory();
                if (cell.hasCeiling()) {
                    OracleCeiling o = OracleCeiling.of(generator, source);
                    WhitenedSpectralCeiling w = WhitenedSpectralCeiling.of(generator, source);
                    ceilings.add(new double[] {o.separation(), o.recallAtFprTenth(), o.recallAtFprOne(), o.auroc(),
                        w.recallAtFprTenth(), w.recallAtFprOne(), w.auroc()});
                }
                Map<String, FittedDetector> fitted = new LinkedHashMap<>();
                Map<String, List<String>> members = new LinkedHashMap<>();
                for (Map.Entry<String, Supplier<List<Detector>>> d : detectors.entrySet()) {
                    List<String> names = new ArrayList<>();
                    for (Detector detector : d.getValue().get()) {
                        names.add(detector.name());
                        if (!fitted.containsKey(detector.name())) {
                            fitted.put(detector.name(), detector.fit(source, backend));
                        }
                    }
                    members.put(d.getKey(), names);
                }
                Map<String, Evaluation> evaluations = evaluate(source, fitted, members);
                for (Map.Entry<String, List<String>> set : members.entrySet()) {
                    List<FittedDetector> inSet = set.getValue().stream().map(fitted::get).toList();
                    Metrics m = evaluations.get(set.getKey()).overall();
                    Set<Integer> judged = CombinationRule.poisonedClasses(inSet);
                    figures.get(set.getKey()).add(s, m, verdictAccuracy(inSet, judged, cell), judged);
                }
            }
            for (Map.Entry<String, SetFigures> f : figures.entrySet()) {
                SetFigures v = f.getValue();
                String line = String.format(Locale.ROOT, "| %s | %.3f | %.0f | %s | %s | %s | %s | %s | %s |",
                        cell.scenario(), cell.rate(), cell.delta(), f.getKey(), spread(v.recall), spread(v.fpr),
                        spread(v.auroc), spread(v.verdictAccuracy), String.join(" ", v.judged));
                lines.add(line);
                if (progress != null) {
                    progress.println(line);
                }
            }
            if (cell.hasCeiling()) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %s | %.3f | %.0f |",
                        cell.scenario(), cell.rate(), cell.delta()));
                for (int column = 0; column < ceilings.get(0).length; column++) {
                    int c = column;
                    line.append(' ').append(spread(ceilings.stream().mapToDouble(v -> v[c]).toArray())).append(" |");
                }
                ceiling.add(line.toString());
                if (progress != null) {
                    progress.println("oracle " + line);
                }
            }
        }
        lines.add("");
        lines.add("Ceiling: the Neyman-Pearson oracle (`OracleCeiling`), which knows the target classes, their clean mean"
                + " and covariance and the trigger directions, flags target-class rows highest score first within a"
                + " false-positive budget (a share of all clean rows). No detector can beat its recall at the same FPR."
                + " The whitened-spectral ceiling (`WhitenedSpectralCeiling`) knows each target class's clean mean and"
                + " covariance but not the trigger directions: it whitens the class perfectly and scores rows on the top"
                + " eigenvectors of what remains, the best any covariance-based detector (spectral signatures, SPECTRE)"
                + " could do with a perfect robust estimate.");
        lines.add("");
        lines.addAll(ceiling);
        return lines;
    }

    /**
     * Each set's escalation ({@link Escalation}): a scoring pass finds the floors for the sets that need them, the
     * others escalate nowhere.
     */
    private static Map<String, Escalation> escalations(ActivationSource source, Map<String, FittedDetector> fitted,
            Map<String, List<String>> members) throws IOException {
        Map<String, Escalation> out = new LinkedHashMap<>();
        Map<String, Escalation.Collector> collectors = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> set : members.entrySet()) {
            List<FittedDetector> in = set.getValue().stream().map(fitted::get).toList();
            if (Escalation.needsFloors(in)) {
                collectors.put(set.getKey(), Escalation.collector(in));
            } else {
                out.put(set.getKey(), Escalation.without(in));
            }
        }
        if (collectors.isEmpty()) {
            return out;
        }
        try (BatchReader reader = source.open(Scanner.DEFAULT_BATCH_ROWS)) {
            for (Batch b = reader.next(); b != null; b = reader.next()) {
                Map<String, double[]> scores = new LinkedHashMap<>();
                Map<String, boolean[]> flags = new LinkedHashMap<>();
                for (Map.Entry<String, FittedDetector> f : fitted.entrySet()) {
                    double[] sc = new double[b.rows()];
                    boolean[] fl = new boolean[b.rows()];
                    f.getValue().score(b, sc, fl);
                    scores.put(f.getKey(), sc);
                    flags.put(f.getKey(), fl);
                }
                for (Map.Entry<String, Escalation.Collector> c : collectors.entrySet()) {
                    List<String> in = members.get(c.getKey());
                    c.getValue().add(b.labels(), b.rows(), in.stream().map(scores::get).toArray(double[][]::new),
                            in.stream().map(flags::get).toArray(boolean[][]::new));
                }
            }
        }
        collectors.forEach((set, c) -> out.put(set, c.result()));
        return out;
    }

    /** One scoring pass: every fitted detector scores each batch once; each set combines its members' flags. */
    static Map<String, Evaluation> evaluate(ActivationSource source, Map<String, FittedDetector> fitted,
            Map<String, List<String>> members) throws IOException {
        List<String> names = new ArrayList<>(fitted.keySet());
        Map<String, EvaluationCollector> collectors = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> set : members.entrySet()) {
            EvaluationCollector c = new EvaluationCollector();
            c.begin(set.getValue());
            collectors.put(set.getKey(), c);
        }
        Map<String, Escalation> escalation = escalations(source, fitted, members);
        try (BatchReader reader = source.open(Scanner.DEFAULT_BATCH_ROWS)) {
            for (Batch b = reader.next(); b != null; b = reader.next()) {
                int n = b.rows();
                double[][] scores = new double[names.size()][n];
                boolean[][] flags = new boolean[names.size()][n];
                for (int d = 0; d < names.size(); d++) {
                    fitted.get(names.get(d)).score(b, scores[d], flags[d]);
                }
                for (Map.Entry<String, List<String>> set : members.entrySet()) {
                    List<String> in = set.getValue();
                    double[][] setScores = new double[in.size()][];
                    boolean[][] setFlags = new boolean[in.size()][];
                    for (int i = 0; i < in.size(); i++) {
                        setScores[i] = scores[names.indexOf(in.get(i))];
                        setFlags[i] = flags[names.indexOf(in.get(i))];
                    }
                    boolean[] combined = new boolean[n];
                    CombinationRule.combine(b.labels(), n, in.stream().map(fitted::get).toList(), setScores,
                            setFlags, escalation.get(set.getKey()), combined);
                    collectors.get(set.getKey()).accept(b, setScores, combined);
                }
            }
        }
        Map<String, Evaluation> out = new LinkedHashMap<>();
        collectors.forEach((set, c) -> out.put(set, c.evaluation()));
        return out;
    }

    /** Per detector set, the figures of each seed of one cell. */
    private static final class SetFigures {
        final double[] recall;
        final double[] fpr;
        final double[] auroc;
        final double[] verdictAccuracy;
        final List<String> judged = new ArrayList<>();

        SetFigures(int seeds) {
            recall = new double[seeds];
            fpr = new double[seeds];
            auroc = new double[seeds];
            verdictAccuracy = new double[seeds];
        }

        void add(int seed, Metrics m, double accuracy, Set<Integer> poisoned) {
            recall[seed] = m.recall();
            fpr[seed] = m.falsePositiveRate();
            auroc[seed] = combinedAuroc(m);
            verdictAccuracy[seed] = accuracy;
            judged.add(new ArrayList<>(poisoned).toString());
        }
    }

    /** The best AUROC among the set's detectors (each score column is one ranking; NaN for clean sets). */
    private static double combinedAuroc(Metrics m) {
        return m.auroc().values().stream().filter(v -> !v.isNaN()).mapToDouble(Double::doubleValue).max()
                .orElse(Double.NaN);
    }

    /** The share of the source's classes whose combined verdict matches the truth. */
    private static double verdictAccuracy(List<FittedDetector> fitted, Set<Integer> poisoned, QualityCell cell) {
        Set<Integer> classes = new java.util.TreeSet<>();
        for (FittedDetector f : fitted) {
            f.classResults().forEach(r -> classes.add(r.label()));
        }
        long right = classes.stream().filter(c -> poisoned.contains(c)
                == (cell.rate() > 0 && cell.targets().contains(c))).count();
        return (double) right / classes.size();
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
            List<String> wanted = Arrays.stream(only.split(",")).map(String::strip).toList();
            List<String> unknown = wanted.stream().filter(w -> !detectors.containsKey(w)).toList();
            if (wanted.isEmpty() || !unknown.isEmpty()) {
                throw new IllegalArgumentException("--detectors: unknown set(s) " + unknown + "; the sets are "
                        + detectors.keySet());
            }
            detectors.keySet().retainAll(wanted);
        }
        long rows = Long.parseLong(option(args, "--rows", "50000"));
        int dim = Integer.parseInt(option(args, "--d", "128"));
        int seeds = Integer.parseInt(option(args, "--seeds", "3"));
        double[] rates = doubles(option(args, "--rates", "0.005,0.01,0.03,0.05,0.1"));
        double[] deltas = doubles(option(args, "--deltas", "1,2,4,6,16"));
        Path out = Path.of(option(args, "--out", "benchmarks/RESULTS-quality.md"));
        // Checked before the grid runs (minutes to hours), not when its results are written.
        OutputFiles.requireWritableFile("--out", out, true);
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
        return Arrays.stream(csv.split(",")).mapToDouble(s -> {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + s + "' is not a number (in " + csv + ")");
            }
        }).toArray();
    }
}
