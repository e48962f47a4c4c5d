package org.poisonscan.ac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.api.detect.ClassResult;
import org.poisonscan.api.detect.Verdict;
import org.poisonscan.api.scan.ScanReport;

/** Classes that cannot be clustered are reported as not scanned, with the reason; nothing crashes. */
class BadInputTest {
    private static final int D = 16;

    /** 3,000 synthetic rows (classes 0-9) followed by hand-made classes; returns features and labels. */
    private static InMemorySource withOddClasses() throws IOException {
        InMemorySource base = Fixtures.memory(Fixtures.synthetic(3_000, D, 0.10, 11));
        float[] f = Fixtures.features(base);
        int[] l = base.labels();
        int extra = 1 + 5 + 50 + 60 + 60;
        float[] features = Arrays.copyOf(f, f.length + extra * D);
        int[] labels = Arrays.copyOf(l, l.length + extra);
        int row = l.length;
        row = add(features, labels, row, 10, 1, r -> 1f);
        row = add(features, labels, row, 11, 5, r -> r);
        row = add(features, labels, row, 12, 50, r -> 3.5f);
        row = add(features, labels, row, 13, 60, r -> r % 2);
        add(features, labels, row, 14, 60, r -> r * 0.1f);
        return new InMemorySource(features, D, labels, null, "odd classes");
    }

    private interface Value {
        float of(int r);
    }

    /** Appends {@code n} rows of class {@code label}; row r's every coordinate is {@code value.of(r)} times (1..D). */
    private static int add(float[] features, int[] labels, int row, int label, int n, Value value) {
        for (int r = 0; r < n; r++) {
            labels[row + r] = label;
            for (int i = 0; i < D; i++) {
                features[(row + r) * D + i] = value.of(r) * (i + 1);
            }
        }
        return row + n;
    }

    @Test
    void tinyConstantAndDegenerateClassesAreSkippedWithTheReason() throws IOException {
        ActivationClusteringConfig k3 = ActivationClusteringConfig.defaults()
                .withKMeans(KMeansOptions.defaults().withClusters(3));
        Fixtures.Scan scan = Fixtures.scanRows(withOddClasses(), k3);
        ScanReport report = scan.report();
        assertSkipped(report, 10, "only 1 row(s); at least 20");
        assertSkipped(report, 11, "only 5 row(s)");
        assertSkipped(report, 12, "constant");
        assertSkipped(report, 13, "fewer than 3 distinct reduced rows");
        ClassResult line = Fixtures.result(report, 14);
        assertTrue(line.verdict() != Verdict.NOT_SCANNED, line.reason());
        assertEquals(1, line.details().get("components"), "rows on a line reduce to one dimension");
        for (int label = 0; label < 10; label++) {
            assertTrue(Fixtures.result(report, label).verdict() != Verdict.NOT_SCANNED);
        }
        int[] labels = withOddClasses().labels();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= 10 && labels[i] <= 13) {
                assertTrue(Double.isNaN(scan.scores()[i]), "row " + i);
                assertFalse(scan.flags()[i], "row " + i);
            } else {
                assertTrue(Double.isFinite(scan.scores()[i]), "row " + i);
            }
        }
    }

    private static void assertSkipped(ScanReport report, int label, String reason) {
        ClassResult r = Fixtures.result(report, label);
        assertEquals(Verdict.NOT_SCANNED, r.verdict(), "class " + label);
        assertTrue(r.reason().contains(reason), r.reason());
        assertTrue(Double.isNaN(r.value()));
    }

    @Test
    void aSourceWithNothingToClusterGivesOnlySkips() throws IOException {
        float[] features = new float[30 * D];
        int[] labels = new int[30];
        Arrays.fill(labels, 0, 25, 0);
        Arrays.fill(labels, 25, 30, 1);
        ScanReport report = Fixtures.scan(new InMemorySource(features, D, labels, null, "constant"),
                ActivationClusteringConfig.defaults());
        assertEquals(List.of(), report.poisonedClasses());
        assertEquals(Verdict.NOT_SCANNED, Fixtures.result(report, 0).verdict());
        assertTrue(Fixtures.result(report, 0).reason().contains("constant"));
        assertTrue(Fixtures.result(report, 1).reason().contains("only 5 row(s)"));
    }

    @Test
    void fewerThanThreeScannedClassesSkipTheCrossClassRuleAndSaySo() throws IOException {
        InMemorySource base = Fixtures.memory(Fixtures.synthetic(3_000, D, 0.10, 11));
        int[] labels = base.labels();
        for (int i = 0; i < labels.length; i++) {
            labels[i] = Math.min(labels[i], 1);
        }
        ScanReport report = Fixtures.scan(new InMemorySource(Fixtures.features(base), D, labels, base.poison(), "two"),
                ActivationClusteringConfig.defaults());
        assertTrue(Fixtures.result(report, 0).reason().contains("cross-class comparison not applied (2 class(es) with"
                + " a separation, needs 3), so it does not hold the verdict back [fires]"),
                Fixtures.result(report, 0).reason());
        assertTrue(Double.isNaN(Fixtures.result(report, 0).anomalyIndex()));
    }
}
