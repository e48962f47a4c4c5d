package org.poisonscan.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The estimator as a Spark ML stage: Spark-style params, a Pipeline with a StringIndexer in front (double labels),
 * ML vector activations, and a model whose output columns follow the params.
 */
class PipelineTest {
    private static final TestSpark.Data DATA = TestSpark.data(3_000, 16);

    /** The data with string class names and vector activations. */
    private static Dataset<Row> named() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < DATA.rows(); i++) {
            double[] f = new double[DATA.dim()];
            for (int j = 0; j < f.length; j++) {
                f[j] = DATA.features()[i * DATA.dim() + j];
            }
            rows.add(RowFactory.create((long) i, "class-" + DATA.labels()[i], Vectors.dense(f), DATA.poison()[i]));
        }
        StructType schema = new StructType().add("id", DataTypes.LongType).add("name", DataTypes.StringType)
                .add("vec", new VectorUDT()).add("poison", DataTypes.BooleanType);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(TestSpark.session().sparkContext());
        return TestSpark.session().createDataFrame(sc.parallelize(rows, 3), schema);
    }

    @Test
    void paramsAreSparkStyle() {
        PoisonScanner s = new PoisonScanner();
        Set<String> names = Arrays.stream(s.params()).map(Param::name).collect(Collectors.toSet());
        assertTrue(names.containsAll(Set.of("featuresCol", "labelCol", "idCol", "detectors", "seed", "backend",
                "expectedPoisonRate", "aggregationDepth", "scoreColPrefix", "flagCol", "verdictCol")), names.toString());
        assertEquals("features", s.getFeaturesCol());
        assertArrayEquals(new String[] {"spectral", "spectre", "ac"}, s.getDetectors());
        assertTrue(s.explainParams().contains("detectors to run"));
        PoisonScanner copy = s.copy(new ParamMap().put(s.seed().w(9L)).put(s.labelCol().w("y")));
        assertEquals(9L, copy.getSeed());
        assertEquals("y", copy.getLabelCol());
        assertEquals(s.uid(), copy.uid());
        assertEquals(1L, s.getSeed(), "the original is unchanged");
        assertThrows(IllegalArgumentException.class, () -> s.setDetectors("spectral", "nope"));
        assertThrows(IllegalArgumentException.class, () -> s.setDetectors("ac", "ac"));
    }

    @Test
    void runsInAPipelineWithIndexedLabelsAndVectors() {
        StringIndexer indexer = new StringIndexer().setInputCol("name").setOutputCol("label");
        PoisonScanner scanner = new PoisonScanner().setFeaturesCol("vec").setDetectors("spectral", "ac")
                .setBackend("java").setFlagCol("suspect").setVerdictCol("verdict");
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {indexer, scanner});
        Dataset<Row> data = named();
        PipelineModel fitted = pipeline.fit(data);
        PoisonScanModel model = (PoisonScanModel) fitted.stages()[1];
        assertEquals("suspect", model.getFlagCol(), "params pass from estimator to model");
        assertEquals(scanner.uid(), model.uid());
        assertEquals(scanner, model.parent());

        Dataset<Row> out = fitted.transform(data);
        List<String> columns = Arrays.asList(out.columns());
        assertTrue(columns.containsAll(List.of("id", "name", "vec", "poison", "label", "score_spectral", "score_ac",
                "suspect", "verdict")), columns.toString());

        long rows = out.count();
        long flagged = out.filter("suspect").count();
        long flaggedPoison = out.filter("suspect AND poison").count();
        long poison = out.filter("poison").count();
        assertEquals(DATA.rows(), rows);
        assertEquals(model.report().flaggedRows(), flagged, "transform flags the rows the fit's report counts");
        assertTrue(flaggedPoison >= 0.95 * poison, flaggedPoison + " of " + poison + " poisons flagged");
        assertTrue(flagged - flaggedPoison <= 0.01 * rows, (flagged - flaggedPoison) + " clean rows flagged");
        List<Row> verdicts = out.filter("verdict = 'poisoned'").select("name").distinct().collectAsList();
        assertEquals(List.of("class-0"), verdicts.stream().map(r -> r.getString(0)).toList());
    }

    @Test
    void existingOutputColumnsAreRefused() {
        Dataset<Row> data = DATA.frame(2).withColumn("flagged", org.apache.spark.sql.functions.lit(true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PoisonScanner().transformSchema(data.schema()));
        assertTrue(e.getMessage().contains("'flagged' already exists"), e.getMessage());
    }
}
