package org.poisonscan.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poisonscan.api.data.InvalidInputException;
import org.poisonscan.spark.examples.QuarantineJob;

/**
 * Input that cannot be scanned fails the job with a message that names the column and the problem, before any output
 * is written: null and wrong-length activation arrays, non-finite values, labels of the wrong type or not whole.
 */
class ValidationTest {
    private static final int DIM = 4;

    /** 300 good rows over 3 partitions, with {@code bad} put at row 157 (or nothing when null). */
    private static Dataset<Row> frame(DataType labelType, Object badFeatures, Object badLabel) {
        List<Row> rows = new ArrayList<>();
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < 300; i++) {
            Float[] f = new Float[DIM];
            for (int j = 0; j < DIM; j++) {
                f[j] = (float) r.nextGaussian();
            }
            Object label = labelType.equals(DataTypes.StringType) ? "c" + (i % 3)
                    : labelType.equals(DataTypes.DoubleType) ? (double) (i % 3) : (Object) (i % 3);
            Object features = f;
            if (i == 157 && badFeatures != null) {
                features = badFeatures == NULL ? null : badFeatures;
            }
            if (i == 157 && badLabel != null) {
                label = badLabel == NULL ? null : badLabel;
            }
            rows.add(RowFactory.create((long) i, label, features));
        }
        StructType schema = new StructType().add("id", DataTypes.LongType, false).add("label", labelType, true)
                .add("features", DataTypes.createArrayType(DataTypes.FloatType, true), true);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(TestSpark.session().sparkContext());
        return TestSpark.session().createDataFrame(sc.parallelize(rows, 3), schema);
    }

    private static final Object NULL = new Object();

    private static String fitFailure(Dataset<Row> df) {
        return assertThrows(InvalidInputException.class,
                () -> new PoisonScanner().setDetectors("spectral").setBackend("java").fit(df)).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "'" + p + "' in: " + message);
        }
    }

    @Test
    void aNullActivationArrayNamesTheColumnAndTheRow() {
        String m = fitFailure(frame(DataTypes.IntegerType, NULL, null));
        assertMentions(m, "activation column 'features'", "is null", "row 57 of input partition 1");
    }

    @Test
    void aWrongLengthArrayNamesTheColumnAndBothLengths() {
        int cachedBefore = TestSpark.session().sparkContext().getPersistentRDDs().size();
        String m = fitFailure(frame(DataTypes.IntegerType, new Float[] {1f, 2f, 3f, 4f, 5f}, null));
        assertMentions(m, "activation column 'features'", "has 5 values", "must have 4");
        assertEquals(cachedBefore, TestSpark.session().sparkContext().getPersistentRDDs().size(),
                "a failed fit releases the blocks it cached");
    }

    @Test
    void nullElementsAndNonFiniteValuesAreRefused() {
        assertMentions(fitFailure(frame(DataTypes.IntegerType, new Float[] {1f, null, 3f, 4f}, null)),
                "activation column 'features'", "null element at position 1");
        assertMentions(fitFailure(frame(DataTypes.IntegerType, new Float[] {1f, 2f, Float.NaN, 4f}, null)),
                "activation column 'features'", "NaN at position 2");
    }

    @Test
    void aLabelColumnOfTheWrongTypeFailsBeforeAnyJob() {
        long jobsBefore = TestSpark.session().sparkContext().statusTracker().getJobIdsForGroup(null).length;
        String m = fitFailure(frame(DataTypes.StringType, null, null));
        assertMentions(m, "label column 'label'", "has type string", "StringIndexer");
        assertTrue(TestSpark.session().sparkContext().statusTracker().getJobIdsForGroup(null).length == jobsBefore,
                "the type is checked on the driver, no job runs");
    }

    @Test
    void nullAndFractionalLabelsAreRefused() {
        assertMentions(fitFailure(frame(DataTypes.IntegerType, null, NULL)), "label column 'label'", "is null");
        assertMentions(fitFailure(frame(DataTypes.DoubleType, null, 1.5)), "label column 'label'", "holds 1.5",
                "whole numbers");
    }

    @Test
    void aMissingColumnIsNamed() {
        String m = assertThrows(InvalidInputException.class, () -> new PoisonScanner().setFeaturesCol("acts")
                .fit(frame(DataTypes.IntegerType, null, null))).getMessage();
        assertMentions(m, "activation column 'acts' is not in the data", "features");
    }

    @Test
    void theExampleJobWritesNothingWhenARowIsBad(@TempDir Path dir) throws Exception {
        Path input = jobInput(dir, new Float[] {1f, 2f});
        Path clean = dir.resolve("clean");
        Path quarantine = dir.resolve("quarantine");
        Path report = dir.resolve("report.json");
        QuarantineJob.Options o = QuarantineJob.Options.parse("--input", input.toString(), "--clean",
                clean.toString(), "--quarantine", quarantine.toString(), "--report", report.toString(),
                "--detectors", "spectral", "--backend", "java");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> QuarantineJob.run(TestSpark.session(), o));
        assertMentions(e.getMessage(), "activation column 'activation'", "has 2 values");
        assertFalse(Files.exists(clean), "no clean output");
        assertFalse(Files.exists(quarantine), "no quarantine output");
        assertFalse(Files.exists(report), "no report");
    }

    @Test
    void theExampleJobRefusesOutputsThatExistOrCoincideBeforeScanning(@TempDir Path dir) throws Exception {
        Path input = jobInput(dir, new Float[] {1f, 2f, 3f});
        Path clean = dir.resolve("clean");
        Path quarantine = Files.createDirectory(dir.resolve("quarantine"));
        String m = refusal("--input", input.toString(), "--clean",
                clean.toString(), "--quarantine", quarantine.toString(), "--backend", "java");
        assertMentions(m, "quarantine exists already");
        assertFalse(Files.exists(clean), "the clean output is not written before the quarantine's problem is found");
        m = refusal("--input", input.toString(), "--clean",
                clean.toString(), "--quarantine", clean.toString(), "--backend", "java");
        assertMentions(m, "--clean and --quarantine name the same path");
        m = refusal("--input", input.toString(), "--clean",
                clean.toString(), "--quarantine", dir.resolve("q2").toString(), "--report",
                dir.resolve("nope").resolve("report.json").toString(), "--backend", "java");
        assertMentions(m, "nope", "does not exist");
        assertFalse(Files.exists(clean) || Files.exists(dir.resolve("q2")), "nothing written");
        // One output inside the other or inside the input would be read back as part of it.
        for (String[] outputs : List.of(new String[] {clean.toString(), clean.resolve("q").toString()},
                new String[] {input.resolve("c").toString(), dir.resolve("q3").toString()})) {
            m = refusal("--input", input.toString(), "--clean",
                    outputs[0], "--quarantine", outputs[1], "--backend", "java");
            assertMentions(m, "lies inside", "give outputs outside each other and outside the input");
        }
        m = refusal("--input", input.toString(), "--clean",
                clean.toString(), "--quarantine", dir.resolve("q4").toString(), "--report", dir.toString(),
                "--backend", "java");
        assertMentions(m, "is a directory; name a file");
        assertFalse(Files.exists(clean), "nothing written");
    }

    /** A write that fails after the clean output was written removes it: no reader finds clean rows alone. */
    @Test
    void aFailedQuarantineWriteRemovesTheCleanOutput(@TempDir Path dir) throws Exception {
        Path input = jobInput(dir, new Float[] {1f, 2f, 3f});
        Path clean = dir.resolve("clean");
        Path blocker = Files.writeString(dir.resolve("a-file"), "not a folder");
        QuarantineJob.Options o = QuarantineJob.Options.parse("--input", input.toString(), "--clean",
                clean.toString(), "--quarantine", blocker.resolve("quarantine").toString(), "--backend", "java",
                "--detectors", "spectral");
        assertThrows(Exception.class, () -> QuarantineJob.run(TestSpark.session(), o));
        assertFalse(Files.exists(clean), "the clean output is removed again");
    }

    @Test
    void theExampleJobReportsBadInputInOneLineWithExitCodeTwo(@TempDir Path dir) throws Exception {
        Path input = jobInput(dir, new Float[] {1f, 2f});
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream errStream = new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8);
        QuarantineJob.Options badRow = QuarantineJob.Options.parse("--input", input.toString(), "--clean",
                dir.resolve("c").toString(), "--quarantine", dir.resolve("q").toString(), "--backend", "java");
        assertEquals(2, QuarantineJob.runReporting(TestSpark.session(), badRow, System.out, errStream));
        QuarantineJob.Options missing = QuarantineJob.Options.parse("--input", dir.resolve("absent").toString(),
                "--clean", dir.resolve("c").toString(), "--quarantine", dir.resolve("q").toString());
        assertEquals(2, QuarantineJob.runReporting(TestSpark.session(), missing, System.out, errStream));
        String[] lines = err.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length, String.join("\n", lines));
        assertMentions(lines[0], "poisonscan-quarantine: ", "activation column 'activation'", "has 2 values");
        assertMentions(lines[1], "poisonscan-quarantine: ", "absent");
    }

    /** Writes the job's input: the 300 rows of {@link #frame}, row 157's activation column holding {@code row157}. */
    private static Path jobInput(Path dir, Float[] row157) {
        Path input = dir.resolve("in.parquet");
        frame(DataTypes.IntegerType, row157, null).withColumnRenamed("features", "activation")
                .write().parquet(input.toString());
        return input;
    }

    /** The message of the IllegalArgumentException with which the job refuses these options before scanning. */
    private static String refusal(String... args) {
        QuarantineJob.Options o = QuarantineJob.Options.parse(args);
        return assertThrows(IllegalArgumentException.class, () -> QuarantineJob.run(TestSpark.session(), o))
                .getMessage();
    }
}
