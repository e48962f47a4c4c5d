package org.poisonscan.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.poisonscan.ac.ActivationClusteringConfig;
import org.poisonscan.ac.ActivationClusteringDetector;
import org.poisonscan.api.backend.JavaComputeBackend;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.BatchReader;
import org.poisonscan.api.detect.ClassResult;
import org.poisonscan.api.detect.Detector;
import org.poisonscan.api.detect.PortableFittedDetector;
import org.poisonscan.api.scan.InMemoryRows;
import org.poisonscan.api.scan.ScanReport;
import org.poisonscan.api.scan.Scanner;

/**
 * Rows numbered by an id column: shuffled input gives the single-machine answers for the input in id order, and
 * activation clustering's order-dependent mini-batch path sees the rows in id order (a sort on the cluster).
 */
class IdColumnTest {
    private static final TestSpark.Data DATA = TestSpark.data(3_600, 16);

    @Test
    void shuffledRowsWithIdsGiveTheSameAnswers() throws IOException {
        String[] names = {"spectral", "ac"};
        List<Detector> local = new ArrayList<>(DetectorFactory.of(names, 1L, Double.NaN));
        InMemoryRows rows = new InMemoryRows();
        ScanReport expected = Scanner.run(DATA.source(), local, new JavaComputeBackend(), List.of(rows));

        Dataset<Row> shuffled = DATA.frame(3).orderBy(org.apache.spark.sql.functions.rand(4)).repartition(5);
        PoisonScanModel model = new PoisonScanner().setDetectors(names).setIdCol("id").setBackend("java")
                .fit(shuffled);
        assertEquals(expected.flaggedRows(), model.report().flaggedRows());
        assertEquals(expected.poisonedClasses(), model.report().poisonedClasses());
        List<Row> out = model.transform(shuffled).orderBy("id").collectAsList();
        for (Row r : out) {
            int i = (int) r.getLong(0);
            assertEquals(rows.flags()[i], r.getBoolean(r.length() - 2), "flag of row " + i);
            EquivalenceTest.assertClose(rows.scores("ac")[i], r.getDouble(r.length() - 3), "ac score of row " + i);
        }
    }

    @Test
    void miniBatchClusteringSeesRowsInIdOrder() throws IOException {
        ActivationClusteringConfig d = ActivationClusteringConfig.defaults();
        // Every class streams (more than 100 rows), so its clustering is refined by order-dependent mini-batches.
        ActivationClusteringConfig streaming = new ActivationClusteringConfig(d.reduction(),
                d.kmeans().withInMemoryMaxRows(100).withMiniBatchRows(128), d.analysis(), d.minClassRows(), 300, 300,
                d.medianRows(), d.batchRows(), d.seed());
        ActivationClusteringDetector detector = new ActivationClusteringDetector(streaming);
        JavaComputeBackend backend = new JavaComputeBackend();
        PortableFittedDetector local = detector.fit(DATA.source(), backend);

        Dataset<Row> shuffled = DATA.frame(2).orderBy(org.apache.spark.sql.functions.rand(8)).repartition(3);
        SparkInput input = SparkInput.load(shuffled, new InputColumns("features", "label", "id"));
        try {
            PortableFittedDetector spark = detector.fit(new SparkPasses(input, "java", "shuffled", 2), backend);
            assertEquals(local.classResults().size(), spark.classResults().size());
            for (int c = 0; c < local.classResults().size(); c++) {
                ClassResult a = local.classResults().get(c);
                ClassResult b = spark.classResults().get(c);
                assertEquals("mini-batch k-means", a.details().get("clustering"));
                assertEquals(a.verdict(), b.verdict());
                assertEquals(a.details().get("cluster_sizes"), b.details().get("cluster_sizes"));
                EquivalenceTest.assertClose(a.value(), b.value(), "separation of class " + a.label());
            }
            double[] s1 = new double[4096];
            double[] s2 = new double[4096];
            boolean[] f1 = new boolean[4096];
            boolean[] f2 = new boolean[4096];
            PortableFittedDetector bound = spark.bind(backend);
            try (BatchReader reader = DATA.source().open(4096)) {
                for (Batch b = reader.next(); b != null; b = reader.next()) {
                    local.score(b, s1, f1);
                    bound.score(b, s2, f2);
                    for (int r = 0; r < b.rows(); r++) {
                        assertEquals(f1[r], f2[r]);
                        EquivalenceTest.assertClose(s1[r], s2[r], "score of row " + b.rowIndex()[r]);
                    }
                }
            }
        } finally {
            input.release();
        }
    }

    @Test
    void aRepeatedIdIsRefusedNamingIt() {
        Dataset<Row> repeated = DATA.frame(3)
                .withColumn("id", org.apache.spark.sql.functions.when(org.apache.spark.sql.functions.col("id")
                        .equalTo(1_234L), org.apache.spark.sql.functions.lit(77L))
                        .otherwise(org.apache.spark.sql.functions.col("id")))
                .orderBy(org.apache.spark.sql.functions.rand(5)).repartition(4);
        String m = org.junit.jupiter.api.Assertions.assertThrows(
                org.poisonscan.api.data.InvalidInputException.class,
                () -> new PoisonScanner().setDetectors("spectral").setIdCol("id").setBackend("java").fit(repeated))
                .getMessage();
        org.junit.jupiter.api.Assertions.assertTrue(m.contains("id column 'id': id 77 appears on 2 rows"), m);
    }
}
