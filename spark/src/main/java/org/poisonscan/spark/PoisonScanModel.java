package org.poisonscan.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.poisonscan.api.detect.PortableFittedDetector;
import org.poisonscan.api.scan.ClassSummary;
import org.poisonscan.api.scan.Escalation;
import org.poisonscan.api.scan.ScanReport;

/**
 * A fitted {@link PoisonScanner}: {@link #transform} adds to every row one score column per detector
 * ({@code score_<name>}, higher is more suspicious, null for rows of classes the detector did not scan), the final
 * flag ({@code CombinationRule}: a detector flags the row, or escalates it in a poisoned class) and its class's
 * combined verdict ({@code poisoned}, {@code clean},
 * {@code not_scanned}; null for a label the fit never saw); {@link #report()} is the scan report the single-machine
 * scanner writes as {@code report.json}.
 *
 * <p>Transforming the data the model was fitted on flags the same rows as the fit's report counts. A row that cannot
 * be scanned (null or wrong-length activations, bad label) fails the job with a message naming the column and the
 * row; Spark's file writers then commit nothing.
 */
public final class PoisonScanModel extends Model<PoisonScanModel> implements ScanParams {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final List<PortableFittedDetector> fitted;
    /** Where the detectors may escalate, found by the fit's pass over its rows. */
    private final Escalation escalation;
    private final ScanReport report;
    private final Param<String> featuresCol;
    private final Param<String> labelCol;
    private final Param<String> backend;
    private final Param<String> scoreColPrefix;
    private final Param<String> flagCol;
    private final Param<String> verdictCol;

    PoisonScanModel(String uid, List<PortableFittedDetector> fitted, Escalation escalation, ScanReport report) {
        this.uid = uid;
        this.fitted = List.copyOf(fitted);
        this.escalation = escalation;
        this.report = report;
        featuresCol = new Param<>(this, "featuresCol", "activation column: array<float>, array<double> or vector");
        labelCol = new Param<>(this, "labelCol", "class-label column: integer, or double holding whole numbers");
        backend = new Param<>(this, "backend", "compute backend: auto, java or nd4j");
        scoreColPrefix = new Param<>(this, "scoreColPrefix", "prefix of the per-detector score columns");
        flagCol = new Param<>(this, "flagCol", "final flag column");
        verdictCol = new Param<>(this, "verdictCol", "class-verdict column");
        setDefault(featuresCol, "features");
        setDefault(labelCol, "label");
        setDefault(backend, "auto");
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

    @Override
    public Param<String> backend() {
        return backend;
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

    public PoisonScanModel setFeaturesCol(String v) {
        set(featuresCol, v);
        return this;
    }

    public PoisonScanModel setLabelCol(String v) {
        set(labelCol, v);
        return this;
    }

    public PoisonScanModel setBackend(String v) {
        set(backend, v);
        return this;
    }

    public PoisonScanModel setScoreColPrefix(String v) {
        set(scoreColPrefix, v);
        return this;
    }

    public PoisonScanModel setFlagCol(String v) {
        set(flagCol, v);
        return this;
    }

    public PoisonScanModel setVerdictCol(String v) {
        set(verdictCol, v);
        return this;
    }

    /** The scan report of the fit: the same record the single-machine {@link org.poisonscan.api.scan.Scanner} gives. */
    public ScanReport report() {
        return report;
    }

    /** The fitted detectors, in score-column order. */
    public List<PortableFittedDetector> fittedDetectors() {
        return fitted;
    }

    /** Detector names, in score-column order. */
    public List<String> detectorNames() {
        return report.detectors();
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return outputSchema(schema, detectorNames());
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        RowDecoder decoder = RowDecoder.of(dataset.schema(), new InputColumns(getFeaturesCol(), getLabelCol(), null),
                report.dimension());
        Map<Integer, String> verdicts = new TreeMap<>();
        for (ClassSummary c : report.classes()) {
            verdicts.put(c.label(), c.verdict().name().toLowerCase(Locale.ROOT));
        }
        Broadcast<List<PortableFittedDetector>> shipped = JavaSparkContext
                .fromSparkContext(dataset.sparkSession().sparkContext()).broadcast(new ArrayList<>(fitted));
        String backendName = getBackend();
        Escalation floors = escalation; // a local, so that the function does not capture the model
        MapPartitionsFunction<Row, Row> score = rows -> new RowScorer(rows, decoder, shipped.value(),
                ExecutorBackends.get(backendName), verdicts, floors);
        return dataset.toDF().mapPartitions(score, Encoders.row(out));
    }

    @Override
    public PoisonScanModel copy(ParamMap extra) {
        PoisonScanModel copy = new PoisonScanModel(uid, fitted, escalation, report);
        copyValues(copy, extra);
        return copy.setParent(parent());
    }
}
