package org.poisonscan.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.data.ClassDirections;
import org.poisonscan.api.detect.DistributableDetector;
import org.poisonscan.api.detect.PortableFittedDetector;
import org.poisonscan.api.detect.TangentFittedDetector;
import org.poisonscan.api.pass.Passes;
import org.poisonscan.api.pass.SphereCheck;
import org.poisonscan.api.pass.TangentPasses;
import org.poisonscan.api.scan.Escalation;
import org.poisonscan.api.scan.ExtremeRows;
import org.poisonscan.api.scan.ScanReport;
import org.poisonscan.api.scan.Scanner;

/**
 * PoisonScan as a Spark ML {@link Estimator}: {@link #fit} runs the detectors over a DataFrame's activation and label
 * columns and returns a {@link PoisonScanModel}, whose {@code transform} adds per-detector scores, the final flag and
 * the class verdict, and whose {@link PoisonScanModel#report() report} is the single-machine scanner's report.
 *
 * <p><b>How it runs.</b> The input is decoded, checked and cached once ({@link SparkInput}: a bad row fails the fit
 * here, naming the column and the row). Each detector's data passes are mergeable aggregations
 * ({@link org.poisonscan.api.pass}) run per partition through the executors' compute backend and combined with
 * {@code treeAggregate}; the eigen-decompositions, mixture fits, clusterings and verdicts run on the driver, in the
 * same code as on one machine. A last pass counts the flags per class for the report.
 *
 * <p><b>Same answers as one machine.</b> Samples are chosen by a seeded hash of each row's global index, so the
 * same rows are sampled however the data is partitioned; only floating-point summation order differs (the flagged
 * rows are the same, scores agree to about 1e-9 relative on the test sets). Rows are numbered by {@link #idCol} when
 * set, else in input order (see {@link SparkInput}): to compare with a scan of the same Parquet file, read it without
 * reordering.
 *
 * <p><b>Not supported here.</b> Activation clustering's exclusionary reclassification (it needs the training code);
 * ground-truth evaluation (the report has none); saving the model (no MLWritable: refit, or keep the flags).
 */
public final class PoisonScanner extends Estimator<PoisonScanModel> implements ScanParams {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Param<String> featuresCol;
    private final Param<String> labelCol;
    private final Param<String> idCol;
    private final StringArrayParam detectors;
    private final LongParam seed;
    private final DoubleParam expectedPoisonRate;
    private final Param<String> backend;
    private final IntParam aggregationDepth;
    private final Param<String> scoreColPrefix;
    private final Param<String> flagCol;
    private final Param<String> verdictCol;

    public PoisonScanner() {
        this(Identifiable.randomUID("poisonScanner"));
    }

    public PoisonScanner(String uid) {
        this.uid = uid;
        featuresCol = new Param<>(this, "featuresCol", "activation column: array<float>, array<double> or vector");
        labelCol = new Param<>(this, "labelCol", "class-label column: integer, or double holding whole numbers");
        idCol = new Param<>(this, "idCol", "distinct row ids (long or int) numbering the rows for sampling;"
                + " unset: rows are numbered in input order");
        detectors = new StringArrayParam(this, "detectors", "detectors to run, in score-column order: "
                + String.join(", ", DetectorFactory.NAMES));
        seed = new LongParam(this, "seed", "seed of every detector's sampling");
        expectedPoisonRate = new DoubleParam(this, "expectedPoisonRate", "spectral detector: expected poison rate"
                + " for the paper's top-1.5-rate rule; NaN for automatic thresholds");
        backend = new Param<>(this, "backend", "compute backend: auto, java or nd4j");
        aggregationDepth = new IntParam(this, "aggregationDepth", "depth of the tree aggregation (>= 2)");
        scoreColPrefix = new Param<>(this, "scoreColPrefix", "prefix of the per-detector score columns");
        flagCol = new Param<>(this, "flagCol", "final flag column");
        verdictCol = new Param<>(this, "verdictCol", "class-verdict column");
        setDefault(featuresCol, "features");
        setDefault(labelCol, "label");
        // The single-machine default (org.poisonscan.pipeline.Detectors.DEFAULT).
        setDefault(detectors, new String[] {"spectral", "spectre", "ac"});
        setDefault(seed, 1L);
        setDefault(expectedPoisonRate, Double.NaN);
        setDefault(backend, "auto");
        setDefault(aggregationDepth, 2);
        setDefault(scoreColPrefix, "score_");
        setDefault(flagCol, "flagged");
        setDefault(verdictCol, "class_verdict");
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public Param<String> featuresCol() {
        return featuresCol;
    }

    @Override
    public Param<String> labelCol() {
        return labelCol;
    }

    /** Distinct row ids (long or int) that number the rows for sampling; unset: rows are numbered in input order. */
    public Param<String> idCol() {
        return idCol;
    }

    /** Detectors to run, in score-column order (default spectral, spectre and ac, as the CLI). */
    public StringArrayParam detectors() {
        return detectors;
    }

    /** Seed of every detector's sampling (default 1, as the single-machine detectors). */
    public LongParam seed() {
        return seed;
    }

    /** The spectral detector's expected poison rate, or NaN (default) for automatic thresholds. */
    public DoubleParam expectedPoisonRate() {
        return expectedPoisonRate;
    }

    @Override
    public Param<String> backend() {
        return backend;
    }

    /** Depth of the tree aggregation (default 2). */
    public IntParam aggregationDepth() {
        return aggregationDepth;
    }

    @Override
    public Param<String> scoreColPrefix() {
        return scoreColPrefix;
    }

    @Override
    public Param<String> flagCol() {
        return flagCol;
    }

    @Override
    public Param<String> verdictCol() {
        return verdictCol;
    }

    public PoisonScanner setFeaturesCol(String v) {
        set(featuresCol, v);
        return this;
    }

    public PoisonScanner setLabelCol(String v) {
        set(labelCol, v);
        return this;
    }

    public PoisonScanner setIdCol(String v) {
        set(idCol, v);
        return this;
    }

    public PoisonScanner setDetectors(String... v) {
        DetectorFactory.check(v);
        set(detectors, v.clone());
        return this;
    }

    public PoisonScanner setSeed(long v) {
        set(seed, v);
        return this;
    }

    public PoisonScanner setExpectedPoisonRate(double v) {
        set(expectedPoisonRate, v);
        return this;
    }

    public PoisonScanner setBackend(String v) {
        set(backend, v);
        return this;
    }

    public PoisonScanner setAggregationDepth(int v) {
        if (v < 2) {
            throw new IllegalArgumentException("aggregationDepth must be >= 2, got " + v);
        }
        set(aggregationDepth, v);
        return this;
    }

    public PoisonScanner setScoreColPrefix(String v) {
        set(scoreColPrefix, v);
        return this;
    }

    public PoisonScanner setFlagCol(String v) {
        set(flagCol, v);
        return this;
    }

    public PoisonScanner setVerdictCol(String v) {
        set(verdictCol, v);
        return this;
    }

    public String[] getDetectors() {
        return $(detectors).clone();
    }

    public long getSeed() {
        return (Long) $(seed);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        if (isDefined(idCol)) {
            RowDecoder.of(schema, columns(), 0);
        }
        return outputSchema(schema, Arrays.asList($(detectors)));
    }

    private InputColumns columns() {
        return new InputColumns(getFeaturesCol(), getLabelCol(), isDefined(idCol) ? $(idCol) : null);
    }

    /**
     * Fits the detectors to the dataset. Fails, before anything is fitted, with an
     * {@link org.poisonscan.api.data.InvalidInputException} naming the column and the problem when a column is
     * missing or of the wrong type, or a row holds a null or wrong-length activation array or a bad label.
     */
    @Override
    public PoisonScanModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        String[] names = getDetectors();
        List<DistributableDetector> chosen = DetectorFactory.of(names, getSeed(), (Double) $(expectedPoisonRate));
        String backendName = getBackend();
        ComputeBackend driver = ExecutorBackends.get(backendName);
        Map<String, Long> timings = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        SparkInput input = SparkInput.load(dataset.toDF(), columns());
        timings.put("load_and_check", millisSince(t0));
        try {
            SparkPasses passes = new SparkPasses(input, backendName, describe(dataset), (Integer) $(aggregationDepth));
            // Rows of one length lie on a sphere: scanned without each class's mean direction, as the local scanner
            // does (org.poisonscan.api.data.SphereTangents); the fitted detectors remove it from the rows they score.
            Optional<ClassDirections> sphere = passes.aggregate(new SphereCheck()).directions(input.dim());
            Passes tangentPasses = sphere.<Passes>map(s -> new TangentPasses(passes, s)).orElse(passes);
            Map<String, Object> inputParameters = new LinkedHashMap<>(
                    sphere.map(Scanner::sphereParameters).orElse(Map.of()));
            // A few rows far from the rest of their class are left out of the fit, as on one machine.
            long t1 = System.nanoTime();
            ExtremeRows extreme = ExtremeRows.find(tangentPasses, Scanner.EXTREME_ROWS_SEED);
            timings.put("extreme_rows", millisSince(t1));
            Passes fitPasses = extreme.fittingView(tangentPasses);
            if (!extreme.isEmpty()) {
                inputParameters.put(Scanner.EXTREME_ROWS_NOTE, extreme.note());
                inputParameters.putAll(extreme.parameters());
            }
            List<PortableFittedDetector> fitted = new ArrayList<>();
            for (DistributableDetector d : chosen) {
                long t = System.nanoTime();
                PortableFittedDetector f = d.fit(fitPasses, driver);
                fitted.add(sphere.<PortableFittedDetector>map(s -> new TangentFittedDetector(f, s)).orElse(f));
                timings.put("fit_" + d.name(), millisSince(t));
            }
            long t = System.nanoTime();
            Escalation escalation = Escalation.needsFloors(fitted)
                    ? passes.aggregate(new EscalationFloors(fitted)).result() : Escalation.without(fitted);
            timings.put("escalation_pass", millisSince(t));
            t = System.nanoTime();
            TreeMap<Integer, Long> flaggedByClass = passes.aggregate(new FlagCounts(fitted, escalation));
            timings.put("score_pass", millisSince(t));
            long flagged = flaggedByClass.values().stream().mapToLong(Long::longValue).sum();
            ScanReport report = extreme.countedIn(Scanner.report(passes.description(), input.rows(), input.dim(),
                    fitted, label -> Optional.empty(), flaggedByClass, flagged, driver, timings, Optional.empty(),
                    inputParameters));
            PoisonScanModel model = new PoisonScanModel(uid, fitted, escalation, report);
            copyValues(model, extractParamMap());
            model.setParent(this);
            return model;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            input.release();
        }
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static String describe(Dataset<?> dataset) {
        String[] files = dataset.inputFiles();
        if (files.length == 0) {
            return "Spark DataFrame";
        }
        return "Spark DataFrame of " + (files.length == 1 ? files[0] : files.length + " files (" + files[0] + ", ...)");
    }

    @Override
    public PoisonScanner copy(ParamMap extra) {
        return defaultCopy(extra);
    }
}
