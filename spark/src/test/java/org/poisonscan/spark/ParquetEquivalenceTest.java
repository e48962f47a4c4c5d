package org.poisonscan.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poisonscan.api.backend.JavaComputeBackend;
import org.poisonscan.api.detect.Detector;
import org.poisonscan.api.scan.InMemoryRows;
import org.poisonscan.api.scan.ScanReport;
import org.poisonscan.api.scan.Scanner;
import org.poisonscan.io.parquet.ParquetActivationsWriter;
import org.poisonscan.io.parquet.ParquetOptions;
import org.poisonscan.io.parquet.ParquetSource;
import org.poisonscan.spark.examples.QuarantineJob;

/**
 * The same Parquet file scanned by the single-machine scanner (io's reader) and by Spark (its own reader, rows
 * numbered in file order): the same answers; and the example job splits it into clean and quarantine data sets.
 */
class ParquetEquivalenceTest {

    @Test
    void theSameParquetFileGivesTheSameAnswers(@TempDir Path dir) throws Exception {
        TestSpark.Data data = TestSpark.data(4_000, 20);
        Path file = dir.resolve("acts.parquet");
        ParquetActivationsWriter.write(data.source(), file, ParquetOptions.defaults(), CompressionCodecName.SNAPPY);

        List<Detector> local = List.copyOf(DetectorFactory.of(new String[] {"spectral", "spectre"}, 1L, Double.NaN));
        InMemoryRows rows = new InMemoryRows();
        ScanReport expected = Scanner.run(ParquetSource.open(file, ParquetOptions.defaults()), local,
                new JavaComputeBackend(), List.of(rows));

        Dataset<Row> df = TestSpark.session().read().parquet(file.toString());
        PoisonScanModel model = new PoisonScanner().setFeaturesCol("activation").setDetectors("spectral", "spectre")
                .setBackend("java").fit(df);
        assertEquals(expected.flaggedRows(), model.report().flaggedRows());
        assertEquals(expected.poisonedClasses(), model.report().poisonedClasses());
        List<Row> out = model.transform(df).collectAsList();
        for (int i = 0; i < out.size(); i++) {
            Row r = out.get(i);
            assertEquals(rows.flags()[i], r.getBoolean(r.length() - 2), "flag of row " + i);
            EquivalenceTest.assertClose(rows.scores("spectre")[i], r.getDouble(r.length() - 3), "spectre, row " + i);
        }

        Path clean = dir.resolve("clean");
        Path quarantine = dir.resolve("quarantine");
        Path report = dir.resolve("report.json");
        ScanReport jobReport = QuarantineJob.run(TestSpark.session(), QuarantineJob.Options.parse("--input",
                file.toString(), "--clean", clean.toString(), "--quarantine", quarantine.toString(), "--report",
                report.toString(), "--backend", "java"));
        Dataset<Row> c = TestSpark.session().read().parquet(clean.toString());
        Dataset<Row> q = TestSpark.session().read().parquet(quarantine.toString());
        assertEquals(List.of("label", "activation"), List.of(c.columns()), "clean rows keep the input's columns");
        assertEquals(expected.flaggedRows(), q.count());
        assertEquals(data.rows() - expected.flaggedRows(), c.count());
        assertTrue(q.filter("class_verdict = 'poisoned'").count() == q.count(), "only rows of poisoned classes");
        assertEquals(expected.flaggedRows(), jobReport.flaggedRows());
        assertTrue(Files.readString(report).contains("\"poisoned_classes\""));

        // The same rows with class names ("class-0".."class-9" sort as 0..9): the same flags, named classes, and
        // the outputs keep the input's columns (the job's id column is not written).
        Path named = dir.resolve("named");
        df.withColumn("label", org.apache.spark.sql.functions.concat(org.apache.spark.sql.functions.lit("class-"),
                df.col("label").cast("string"))).write().parquet(named.toString());
        ScanReport namedReport = QuarantineJob.run(TestSpark.session(), QuarantineJob.Options.parse("--input",
                named.toString(), "--clean", dir.resolve("named-clean").toString(), "--quarantine",
                dir.resolve("named-q").toString(), "--backend", "java"));
        assertEquals(expected.flaggedRows(), namedReport.flaggedRows());
        assertEquals(expected.poisonedClasses(), namedReport.poisonedClasses());
        assertEquals("class-" + expected.poisonedClasses().get(0),
                namedReport.classes().get(expected.poisonedClasses().get(0)).name());
        Dataset<Row> namedClean = TestSpark.session().read().parquet(dir.resolve("named-clean").toString());
        Dataset<Row> namedQ = TestSpark.session().read().parquet(dir.resolve("named-q").toString());
        assertEquals(List.of("label", "activation"), List.of(namedClean.columns()));
        assertFalse(List.of(namedQ.columns()).contains("__poisonscan_label_id"), List.of(namedQ.columns()).toString());
        assertEquals(expected.flaggedRows(), namedQ.count());
    }
}
