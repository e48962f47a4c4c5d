package org.poisonscan.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.backend.JavaComputeBackend;
import org.poisonscan.api.detect.ClassResult;
import org.poisonscan.api.detect.Detector;
import org.poisonscan.api.detect.Verdict;
import org.poisonscan.api.scan.ClassSummary;
import org.poisonscan.api.scan.InMemoryRows;
import org.poisonscan.api.scan.ScanReport;
import org.poisonscan.api.scan.Scanner;

/**
 * The acceptance criterion: on the same data, the Spark model flags the same rows, gives the same verdicts and the
 * same scores (within 1e-4 relative) as the single-machine scanner, for every detector, however the data is
 * partitioned.
 */
class EquivalenceTest {
    private static final TestSpark.Data DATA = TestSpark.data(4_800, 24);

    /** One detector or several, scanned both ways. */
    private static void assertSameAnswers(String[] detectors, int partitions) throws IOException {
        assertSameAnswers(DATA, detectors, partitions);
    }

    private static ScanReport assertSameAnswers(TestSpark.Data data, String[] detectors, int partitions)
            throws IOException {
        List<Detector> local = new ArrayList<>(DetectorFactory.of(detectors, 1L, Double.NaN));
        InMemoryRows rows = new InMemoryRows();
        ScanReport expected = Scanner.run(data.source(), local, new JavaComputeBackend(), List.of(rows));

        PoisonScanModel model = new PoisonScanner().setDetectors(detectors).setBackend("java")
                .fit(data.frame(partitions));
        ScanReport actual = model.report();
        List<Row> out = model.transform(data.frame(partitions)).orderBy("id").collectAsList();

        assertEquals(expected.rows(), actual.rows());
        assertEquals(expected.detectors(), actual.detectors());
        assertEquals(expected.flaggedRows(), actual.flaggedRows(), "rows flagged");
        assertEquals(expected.classes().size(), actual.classes().size());
        for (int c = 0; c < expected.classes().size(); c++) {
            ClassSummary e = expected.classes().get(c);
            ClassSummary a = actual.classes().get(c);
            assertEquals(e.label(), a.label());
            assertEquals(e.rows(), a.rows(), "rows of class " + e.label());
            assertEquals(e.flaggedRows(), a.flaggedRows(), "flagged rows of class " + e.label());
            assertEquals(e.verdict(), a.verdict(), "verdict of class " + e.label());
            for (int d = 0; d < e.detectors().size(); d++) {
                ClassResult x = e.detectors().get(d);
                ClassResult y = a.detectors().get(d);
                assertEquals(x.verdict(), y.verdict(), x.statistic() + " verdict of class " + e.label());
                assertClose(x.value(), y.value(), x.statistic() + " of class " + e.label());
            }
        }
        assertTrue(expected.poisonedClasses().contains(0), "the planted class is found: " + expected.poisonedClasses());

        assertEquals(data.rows(), out.size());
        boolean[] flags = rows.flags();
        int width = out.get(0).length();
        double worst = 0;
        for (int i = 0; i < out.size(); i++) {
            Row r = out.get(i);
            assertEquals(i, r.getLong(0));
            assertEquals(flags[i], r.getBoolean(width - 2), "flag of row " + i);
            for (int d = 0; d < detectors.length; d++) {
                double e = rows.scores(detectors[d])[i];
                Object a = r.get(width - 2 - detectors.length + d);
                if (Double.isNaN(e)) {
                    assertEquals(null, a, detectors[d] + " score of row " + i);
                } else {
                    assertClose(e, (Double) a, detectors[d] + " score of row " + i);
                    worst = Math.max(worst, Math.abs(e - (Double) a) / Math.max(Math.abs(e), 1e-4));
                }
            }
            Verdict v = expected.classes().stream().filter(c -> c.label() == r.getInt(1)).findFirst().orElseThrow()
                    .verdict();
            assertEquals(v.name().toLowerCase(java.util.Locale.ROOT), r.getString(width - 1));
        }
        System.out.printf(java.util.Locale.ROOT, "%s on %d partitions: largest relative score difference %.2e%n",
                String.join("+", detectors), partitions, worst);
        assertEquals(expected.run().parameters().containsKey(Scanner.INPUT_PARAMETERS),
                actual.run().parameters().containsKey(Scanner.INPUT_PARAMETERS), "the same input transform");
        if (expected.run().parameters().containsKey(Scanner.INPUT_PARAMETERS)) {
            assertEquals(expected.run().parameters().get(Scanner.INPUT_PARAMETERS).get("rows_left_out_of_fit"),
                    actual.run().parameters().get(Scanner.INPUT_PARAMETERS).get("rows_left_out_of_fit"),
                    "the same rows left out of the fit");
        }
        return actual;
    }

    /** Within 1e-4 relative (scores near zero: within 1e-4 of the score's scale, 1). */
    static void assertClose(double expected, double actual, String what) {
        if (Double.isNaN(expected)) {
            assertTrue(Double.isNaN(actual), what + ": expected NaN, got " + actual);
            return;
        }
        double tolerance = 1e-4 * Math.max(Math.abs(expected), 1e-4);
        assertEquals(expected, actual, tolerance, what);
    }

    @Test
    void spectralSignaturesGiveTheSameAnswers() throws IOException {
        assertSameAnswers(new String[] {"spectral"}, 3);
    }

    @Test
    void spectreGivesTheSameAnswers() throws IOException {
        assertSameAnswers(new String[] {"spectre"}, 4);
    }

    @Test
    void activationClusteringGivesTheSameAnswers() throws IOException {
        assertSameAnswers(new String[] {"ac"}, 3);
    }

    @Test
    void rowsOfOneLengthAreScannedInTangentCoordinatesOnSparkToo() throws IOException {
        ScanReport spark = assertSameAnswers(TestSpark.normalised(4_800, 24), new String[] {"spectral", "spectre",
            "ac"}, 5);
        assertTrue(spark.run().parameters().get(Scanner.INPUT_PARAMETERS).get(Scanner.SPHERE_NOTE).toString()
                .startsWith("every row has length 1.000"), spark.run().parameters().toString());
        ScanReport plain = assertSameAnswers(DATA, new String[] {"spectral"}, 2);
        assertTrue(!plain.run().parameters().containsKey(Scanner.INPUT_PARAMETERS),
                "rows of many lengths are scanned as they are");
    }

    @Test
    void corruptedRowsAreLeftOutOfTheFitOnSparkToo() throws IOException {
        float[] f = DATA.features().clone();
        int dim = DATA.dim();
        List<Integer> corrupted = new ArrayList<>();
        for (int i = 0; i < DATA.rows() && corrupted.size() < 2; i++) {
            if (DATA.labels()[i] == 0 && !DATA.poison()[i]) {
                corrupted.add(i);
            }
        }
        f[corrupted.get(0) * dim + 3] = 1e6f;
        f[corrupted.get(1) * dim + 7] = -5e5f;
        TestSpark.Data data = new TestSpark.Data(f, DATA.labels(), DATA.poison(), dim);
        ScanReport spark = assertSameAnswers(data, new String[] {"spectral", "spectre", "ac"}, 5);
        Object leftOut = spark.run().parameters().get(Scanner.INPUT_PARAMETERS).get("rows_left_out_of_fit");
        assertEquals(java.util.Map.of("0", List.of((long) corrupted.get(0), (long) corrupted.get(1))), leftOut);
        assertEquals(DATA.rows(), spark.classes().stream().mapToLong(ClassSummary::rows).sum(),
                "every row is counted in its class");
    }

    @Test
    void allDetectorsTogetherOnAnotherPartitioning() throws IOException {
        assertSameAnswers(new String[] {"spectral", "spectre", "ac"}, 7);
    }
}
