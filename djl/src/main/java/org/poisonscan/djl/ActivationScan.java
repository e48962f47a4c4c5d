package org.poisonscan.djl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
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

    /** A report and the final flag per row (in source order). */
    public record Outcome(ScanReport report, boolean[] flags) {
        public Outcome {
            flags = flags.clone();
        }

        /** The final flags (a copy). */
        @Override
        public boolean[] flags() {
            return flags.clone();
        }
    }

    /** Scans {@code source}. */
    public Outcome scan(ActivationSource source) {
        InMemoryRows rows = new InMemoryRows();
        try (ComputeBackend b = ComputeBackends.open(backend)) {
            ScanReport report = Scanner.run(source, detectors, b, List.of(rows));
            return new Outcome(report, rows.flags());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
