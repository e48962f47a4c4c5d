package org.poisonscan.djl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.ComputeBackends;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.detect.Detector;
import org.poisonscan.api.scan.InMemoryRows;
import org.poisonscan.api.scan.ScanReport;
import org.poisonscan.api.scan.Scanner;
import org.poisonscan.pipeline.Detectors;

/**
 * Scans activations held in memory and returns the report with the per-row flags.
 *
 * @param detectors detectors to run (at least one)
 * @param backend compute backend name for {@link ComputeBackends#open} ({@code "auto"}, {@code "java"}, ...)
 */
public record ActivationScan(List<Detector> detectors, String backend) {
    public ActivationScan {
        detectors = List.copyOf(detectors);
        if (detectors.isEmpty()) {
            throw new IllegalArgumentException("no detector to run");
        }
    }

    /** The default detectors ({@link Detectors#DEFAULT}) on the pure-Java backend. */
    public static ActivationScan defaults() {
        return new ActivationScan(Detectors.defaults(), "java");
    }

    /** A report, the final flag per row and each detector's score per row (in source order). */
    public record Outcome(ScanReport report, boolean[] flags, Map<String, double[]> scores) {
        public Outcome {
            flags = flags.clone();
            Map<String, double[]> copy = new LinkedHashMap<>();
            scores.forEach((name, s) -> copy.put(name, s.clone()));
            scores = Collections.unmodifiableMap(copy);
        }

        /** The final flags (a copy). */
        @Override
        public boolean[] flags() {
            return flags.clone();
        }

        /** The named detector's score per row (a copy; higher is more suspicious). */
        public double[] scores(String detector) {
            double[] s = scores.get(detector);
            if (s == null) {
                throw new IllegalArgumentException("no detector '" + detector + "' in this scan: " + scores.keySet());
            }
            return s.clone();
        }
    }

    /** Scans {@code source}. */
    public Outcome scan(ActivationSource source) {
        InMemoryRows rows = new InMemoryRows();
        try (ComputeBackend b = ComputeBackends.open(backend)) {
            ScanReport report = Scanner.run(source, detectors, b, List.of(rows));
            Map<String, double[]> scores = new LinkedHashMap<>();
            report.detectors().forEach(name -> scores.put(name, rows.scores(name)));
            return new Outcome(report, rows.flags(), scores);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
