package org.poisonscan.api.scan;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.BatchReader;
import org.poisonscan.api.data.BatchSizing;
import org.poisonscan.api.data.CheckedSource;
import org.poisonscan.api.data.SphereTangents;
import org.poisonscan.api.detect.ClassResult;
import org.poisonscan.api.detect.Detector;
import org.poisonscan.api.detect.FittedDetector;
import org.poisonscan.api.eval.Evaluation;
import org.poisonscan.api.eval.EvaluationCollector;

/**
 * Runs detectors over a source: fits each detector (its own passes), then makes one final pass that scores every row
 * with every detector, combines the flags ({@link CombinationRule}) and hands the rows to the sinks. Memory is
 * independent of the number of rows unless a sink keeps rows (the evaluation against ground truth does).
 */
public final class Scanner {
    /** The most rows per batch read from the source (fewer at large dimensions, see {@link BatchSizing}). */
    public static final int DEFAULT_BATCH_ROWS = 16_384;
    /** The key, among the run's parameters, of what was done to the input before the detectors saw it. */
    public static final String INPUT_PARAMETERS = "input";
    /** The input parameter saying that the rows lie on a sphere and were scanned in tangent coordinates. */
    public static final String SPHERE_NOTE = "sphere_tangents";
    /** The run parameter that says some rows were left out of the fit ({@link ExtremeRows}). */
    public static final String EXTREME_ROWS_NOTE = "extreme_rows";
    /** Seed of the samples that place each class's centre for {@link ExtremeRows}. */
    public static final long EXTREME_ROWS_SEED = 1L;

    private Scanner() {
    }

    /**
     * Scans {@code source}.
     *
     * @param source the activations
     * @param detectors detectors to run, in score-column order (at least one, distinct names)
     * @param backend compute backend for the heavy kernels
     * @param sinks receivers of per-row scores and flags
     * @return the report
     * @throws org.poisonscan.api.data.InvalidInputException when the source has no rows or more dimensions than a
     *     covariance can be held for ({@link ScanLimits}), before any detector runs; or when its reader breaks the
     *     source's contract ({@link CheckedSource}: a value that is not finite or beyond 1e15, rows out of order, a
     *     row count other than {@code rowCount()})
     */
    public static ScanReport run(ActivationSource source, List<Detector> detectors, ComputeBackend backend,
            List<RowSink> sinks) throws IOException {
        return run(source, detectors, backend, sinks, ScanProgress.NONE);
    }

    /**
     * Scans {@code source}, telling {@code progress} of each step as it starts and ends.
     *
     * @see #run(ActivationSource, List, ComputeBackend, List)
     */
    public static ScanReport run(ActivationSource source, List<Detector> detectors, ComputeBackend backend,
            List<RowSink> sinks, ScanProgress progress) throws IOException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(detectors, "detectors");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(sinks, "sinks");
        Objects.requireNonNull(progress, "progress");
        if (detectors.isEmpty()) {
            throw new IllegalArgumentException("no detector to run");
        }
        List<String> names = detectors.stream().map(Detector::name).toList();
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException("detector names must be distinct: " + names);
        }
        ScanLimits.requireScannable(source);
        source = CheckedSource.of(source);
        Map<String, Object> input = new LinkedHashMap<>();
        Optional<SphereTangents> sphere = SphereTangents.ofSpherical(source);
        if (sphere.isPresent()) {
            source = sphere.get();
            progress.step(sphere.get().directions().note());
            input.putAll(sphereParameters(sphere.get().directions()));
        }
        Map<String, Long> timings = new LinkedHashMap<>();
        long started = System.nanoTime();
        ExtremeRows extreme = ExtremeRows.find(source, EXTREME_ROWS_SEED);
        timings.put("extreme_rows", (System.nanoTime() - started) / 1_000_000);
        ActivationSource fitSource = extreme.fittingView(source);
        if (!extreme.isEmpty()) {
            progress.step(extreme.note());
            input.put(EXTREME_ROWS_NOTE, extreme.note());
            input.putAll(extreme.parameters());
        }
        List<FittedDetector> fitted = new ArrayList<>();
        String size = String.format(Locale.ROOT, "%,d rows x %,d dims", source.rowCount(),
                source.dimension());
        for (int i = 0; i < detectors.size(); i++) {
            Detector d = detectors.get(i);
            progress.step("fitting " + d.name() + " (" + (i + 1) + " of " + detectors.size() + ") on " + size);
            long t0 = System.nanoTime();
            fitted.add(d.fit(fitSource, backend));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            timings.put("fit_" + d.name(), ms);
            progress.step(String.format(Locale.ROOT, "fitted %s in %.1f s", d.name(), ms / 1000.0));
        }

        List<RowSink> all = new ArrayList<>(sinks);
        EvaluationCollector evaluation = source.hasGroundTruth() ? new EvaluationCollector() : null;
        if (evaluation != null) {
            all.add(evaluation);
        }
        Escalation escalation = Escalation.without(fitted);
        if (Escalation.needsFloors(fitted)) {
            progress.step("measuring the judged groups for escalation on " + size);
            long t0 = System.nanoTime();
            escalation = escalationPass(source, fitted);
            timings.put("escalation_pass", (System.nanoTime() - t0) / 1_000_000);
            progress.step("escalation floors (class: detector = least score that escalates): "
                    + escalation.describe(fitted));
        }
        progress.step("scoring " + size);
        long t0 = System.nanoTime();
        Map<Integer, Long> flaggedByClass = new TreeMap<>();
        long flagged = finalPass(source, fitted, escalation, all, names, flaggedByClass);
        long scoreMs = (System.nanoTime() - t0) / 1_000_000;
        timings.put("score_pass", scoreMs);
        progress.step(String.format(Locale.ROOT, "scored in %.1f s", scoreMs / 1000.0));

        ScanReport report = report(source.description(), source.rowCount(), source.dimension(), fitted,
                source::className, flaggedByClass, flagged, backend, timings,
                Optional.ofNullable(evaluation).map(EvaluationCollector::evaluation), input);
        return extreme.countedIn(report);
    }

    /**
     * Assembles a scan's report from its fitted detectors and the counts of its scoring pass: the one definition of a
     * report, shared by this scanner and scans that score elsewhere (the Spark model), so that both report alike.
     *
     * @param source description of the input
     * @param rows rows scanned
     * @param dimension activation dimension
     * @param fitted the fitted detectors, in score-column order
     * @param classNames the name of a class label, when the input names its classes
     * @param flaggedByClass per label, rows finally flagged (see {@link CombinationRule})
     * @param flagged rows finally flagged
     * @param backend the backend of the fit
     * @param timings named steps and their wall time in milliseconds
     * @param evaluation the evaluation against ground truth, when available
     */
    public static ScanReport report(String source, long rows, int dimension, List<? extends FittedDetector> fitted,
            IntFunction<Optional<String>> classNames, Map<Integer, Long> flaggedByClass, long flagged,
            ComputeBackend backend, Map<String, Long> timings, Optional<Evaluation> evaluation) {
        return report(source, rows, dimension, fitted, classNames, flaggedByClass, flagged, backend, timings,
                evaluation, Map.of());
    }

    /**
     * As above, with what was done to the input before the detectors saw it ({@link #INPUT_PARAMETERS} in the run's
     * parameters; none when empty).
     */
    public static ScanReport report(String source, long rows, int dimension, List<? extends FittedDetector> fitted,
            IntFunction<Optional<String>> classNames, Map<Integer, Long> flaggedByClass, long flagged,
            ComputeBackend backend, Map<String, Long> timings, Optional<Evaluation> evaluation,
            Map<String, Object> input) {
        List<ClassSummary> classes = summarise(classNames, fitted, flaggedByClass);
        Map<String, Map<String, Object>> parameters = new LinkedHashMap<>();
        if (!input.isEmpty()) {
            parameters.put(INPUT_PARAMETERS, input);
        }
        for (FittedDetector f : fitted) {
            parameters.put(f.name(), f.parameters());
        }
        RunInfo run = new RunInfo(RunInfo.libraryVersion(), System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version"), System.getProperty("os.arch"),
                backend.name(), backend.describe(), parameters, timings);
        List<String> names = fitted.stream().map(FittedDetector::name).toList();
        return new ScanReport(source, rows, dimension, names, classes, flagged, run, evaluation);
    }

    /** The run parameters that say the rows were scanned in tangent coordinates ({@link #INPUT_PARAMETERS}). */
    public static Map<String, Object> sphereParameters(org.poisonscan.api.data.ClassDirections directions) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put(SPHERE_NOTE, directions.note());
        input.put("row_norm", directions.norm());
        return input;
    }

    /** A pass that scores every row to find the floors of escalation ({@link Escalation}). */
    private static Escalation escalationPass(ActivationSource source, List<FittedDetector> fitted)
            throws IOException {
        Escalation.Collector collector = Escalation.collector(fitted);
        forEachScored(source, fitted, (b, scores, flags) -> collector.add(b.labels(), b.rows(), scores, flags));
        return collector.result();
    }

    /** What a pass does with each batch once every fitted detector has scored it. */
    @FunctionalInterface
    private interface ScoredBatch {
        void accept(Batch b, double[][] scores, boolean[][] detectorFlags) throws IOException;
    }

    /** Reads {@code source} in batches and hands each to {@code then} with every detector's scores and flags. */
    private static void forEachScored(ActivationSource source, List<FittedDetector> fitted, ScoredBatch then)
            throws IOException {
        int batchRows = BatchSizing.rows(DEFAULT_BATCH_ROWS, source.dimension());
        double[][] scores = new double[fitted.size()][batchRows];
        boolean[][] detectorFlags = new boolean[fitted.size()][batchRows];
        try (BatchReader reader = source.open(batchRows)) {
            for (Batch b = reader.next(); b != null; b = reader.next()) {
                if (b.rows() > batchRows) {
                    // A source may return larger batches than asked for; grow rather than fail.
                    batchRows = b.rows();
                    scores = new double[fitted.size()][batchRows];
                    detectorFlags = new boolean[fitted.size()][batchRows];
                }
                for (int d = 0; d < fitted.size(); d++) {
                    fitted.get(d).score(b, scores[d], detectorFlags[d]);
                }
                then.accept(b, scores, detectorFlags);
            }
        }
    }

    private static long finalPass(ActivationSource source, List<FittedDetector> fitted, Escalation escalation,
            List<RowSink> sinks, List<String> names, Map<Integer, Long> flaggedByClass) throws IOException {
        List<RowSink> begun = new ArrayList<>();
        try {
            for (RowSink s : sinks) {
                begun.add(s);
                s.begin(names);
            }
            long flagged = scorePass(source, fitted, escalation, sinks, flaggedByClass);
            for (RowSink s : sinks) {
                s.end();
            }
            return flagged;
        } catch (IOException | RuntimeException | Error e) {
            // No sink may leave a partial output behind (a file writer's temporary file).
            for (RowSink s : begun) {
                s.abort();
            }
            throw e;
        }
    }

    private static long scorePass(ActivationSource source, List<FittedDetector> fitted, Escalation escalation,
            List<RowSink> sinks, Map<Integer, Long> flaggedByClass) throws IOException {
        long[] flagged = {0};
        boolean[][] flags = {new boolean[0]};
        forEachScored(source, fitted, (b, scores, detectorFlags) -> {
            if (b.rows() > flags[0].length) {
                flags[0] = new boolean[scores[0].length];
            }
            CombinationRule.combine(b.labels(), b.rows(), fitted, scores, detectorFlags, escalation, flags[0]);
            for (int r = 0; r < b.rows(); r++) {
                flaggedByClass.merge(b.labels()[r], flags[0][r] ? 1L : 0L, Long::sum);
                if (flags[0][r]) {
                    flagged[0]++;
                }
            }
            for (RowSink s : sinks) {
                s.accept(b, scores, flags[0]);
            }
        });
        return flagged[0];
    }

    private static List<ClassSummary> summarise(IntFunction<Optional<String>> classNames,
            List<? extends FittedDetector> fitted, Map<Integer, Long> flaggedByClass) {
        Map<Integer, List<ClassResult>> byLabel = new TreeMap<>();
        for (FittedDetector f : fitted) {
            for (ClassResult r : f.classResults()) {
                byLabel.computeIfAbsent(r.label(), k -> new ArrayList<>()).add(r);
            }
        }
        List<ClassSummary> out = new ArrayList<>();
        for (Map.Entry<Integer, List<ClassResult>> e : byLabel.entrySet()) {
            int label = e.getKey();
            List<ClassResult> results = e.getValue();
            out.add(new ClassSummary(label, classNames.apply(label).orElse(Integer.toString(label)),
                    results.get(0).rows(), flaggedByClass.getOrDefault(label, 0L),
                    CombinationRule.verdict(results), results));
        }
        return out;
    }
}
