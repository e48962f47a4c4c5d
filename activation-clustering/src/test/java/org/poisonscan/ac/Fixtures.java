package org.poisonscan.ac;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.poisonscan.api.backend.JavaComputeBackend;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.BatchReader;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.api.detect.ClassResult;
import org.poisonscan.api.scan.ClassSummary;
import org.poisonscan.api.scan.InMemoryRows;
import org.poisonscan.api.scan.ScanReport;
import org.poisonscan.api.scan.Scanner;
import org.poisonscan.api.synthetic.SyntheticConfig;
import org.poisonscan.api.synthetic.SyntheticGenerator;

/** Data sets and helpers shared by the tests. Every data set is a pure function of its arguments. */
final class Fixtures {
    private Fixtures() {
    }

    /** The generator's defaults (10 classes, rank-20 covariance, top eigenvalue 10) at a reduced size. */
    static SyntheticConfig synthetic(long rows, int dim, double rate, long seed) {
        return SyntheticConfig.defaults(rows).withSize(rows, dim).withPoison(rate, 16).withSeed(seed);
    }

    static InMemorySource memory(SyntheticConfig config) {
        return new SyntheticGenerator(config).toMemory();
    }

    static ScanReport scan(ActivationSource source, ActivationClusteringDetector detector) throws IOException {
        return Scanner.run(source, List.of(detector), new JavaComputeBackend(), List.of());
    }

    static ScanReport scan(ActivationSource source, ActivationClusteringConfig config) throws IOException {
        return scan(source, new ActivationClusteringDetector(config));
    }

    /** A scan that also keeps every row's score and flag. */
    record Scan(ScanReport report, double[] scores, boolean[] flags) {
    }

    static Scan scanRows(ActivationSource source, ActivationClusteringConfig config) throws IOException {
        InMemoryRows rows = new InMemoryRows();
        ScanReport report = Scanner.run(source, List.of(new ActivationClusteringDetector(config)),
                new JavaComputeBackend(), List.of(rows));
        return new Scan(report, rows.scores(ActivationClusteringDetector.NAME), rows.flags());
    }

    /** The detector's result for one class. */
    static ClassResult result(ScanReport report, int label) {
        ClassSummary s = report.classes().stream().filter(c -> c.label() == label).findFirst().orElseThrow();
        return s.detectors().get(0);
    }

    /** All features of a source, row-major. */
    static float[] features(InMemorySource source) throws IOException {
        try (BatchReader reader = source.open((int) source.rowCount())) {
            Batch b = reader.next();
            return Arrays.copyOf(b.features(), b.rows() * b.dim());
        }
    }

    /**
     * A clean set whose every class holds three well-separated natural sub-populations: the generator's 30 classes
     * merged three by three into 10.
     */
    static InMemorySource subPopulations(long rows, int dim, long seed) throws IOException {
        SyntheticConfig c = new SyntheticConfig(rows, dim, 30, Math.min(20, dim), 3.0, 1.0, 0, 16, List.of(), 1, seed);
        InMemorySource clean = new SyntheticGenerator(c).toMemory();
        int[] labels = clean.labels();
        for (int i = 0; i < labels.length; i++) {
            labels[i] /= 3;
        }
        return new InMemorySource(features(clean), dim, labels, new boolean[labels.length], "sub-populations");
    }

    /**
     * A clean set in which {@code rate} of class {@code source}'s rows are relabelled as class {@code target} and
     * marked poisoned: their activations look like the source class (a label-flip attack).
     */
    static InMemorySource labelFlip(long rows, int dim, int source, int target, double rate, long seed)
            throws IOException {
        InMemorySource clean = memory(synthetic(rows, dim, 0, seed));
        int[] labels = clean.labels();
        boolean[] poison = new boolean[labels.length];
        long targetRows = Arrays.stream(labels).filter(l -> l == target).count();
        long wanted = Math.round(rate / (1 - rate) * targetRows);
        for (int i = 0; i < labels.length && wanted > 0; i++) {
            if (labels[i] == source) {
                labels[i] = target;
                poison[i] = true;
                wanted--;
            }
        }
        return new InMemorySource(features(clean), dim, labels, poison, "label-flip");
    }
}
