package org.poisonscan.pipeline;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.ComputeBackends;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.detect.Detector;
import org.poisonscan.api.scan.InMemoryRows;
import org.poisonscan.api.scan.RowSink;
import org.poisonscan.api.scan.ScanProgress;
import org.poisonscan.api.scan.ScanReport;
import org.poisonscan.api.scan.Scanner;

/**
 * An immutable scan description: each method returns a changed copy, {@link #run()} runs it. Defaults: the default
 * detector set ({@link Detectors#defaults()}: spectral signatures, SPECTRE and activation clustering), the automatic
 * compute backend (the available one of highest priority), no row sinks, no progress lines.
 */
public final class ScanJob {
    private final ActivationSource source;
    private final List<Detector> detectors;
    private final ComputeBackend backend;
    private final String backendName;
    private final List<RowSink> sinks;
    private final ScanProgress progress;

    private ScanJob(ActivationSource source, List<Detector> detectors, ComputeBackend backend, String backendName,
            List<RowSink> sinks, ScanProgress progress) {
        this.source = source;
        this.detectors = List.copyOf(detectors);
        this.backend = backend;
        this.backendName = backendName;
        this.sinks = List.copyOf(sinks);
        this.progress = progress;
    }

    static ScanJob of(ActivationSource source) {
        return new ScanJob(Objects.requireNonNull(source, "source"), Detectors.defaults(), null,
                ComputeBackends.AUTO, List.of(), ScanProgress.NONE);
    }

    /** The detectors to run, in score-column order (at least one). */
    public ScanJob detectors(Detector... chosen) {
        return detectors(List.of(chosen));
    }

    /** The detectors to run, in score-column order (at least one). */
    public ScanJob detectors(List<? extends Detector> chosen) {
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("at least one detector is needed");
        }
        return new ScanJob(source, List.copyOf(chosen), backend, backendName, sinks, progress);
    }

    /** A backend the caller opened and will close. */
    public ScanJob backend(ComputeBackend chosen) {
        return new ScanJob(source, detectors, Objects.requireNonNull(chosen, "backend"), null, sinks, progress);
    }

    /** A backend by name ({@code auto}, {@code java}, or a native one): opened by {@link #run()} and closed after. */
    public ScanJob backend(String name) {
        return new ScanJob(source, detectors, null, Objects.requireNonNull(name, "backend name"), sinks, progress);
    }

    /** Adds a receiver of every row's scores and flag (for example {@link InMemoryRows} or a scores writer). */
    public ScanJob sink(RowSink sink) {
        List<RowSink> all = new ArrayList<>(sinks);
        all.add(Objects.requireNonNull(sink, "sink"));
        return new ScanJob(source, detectors, backend, backendName, all, progress);
    }

    /** Receives a line per step as the scan runs (each detector's fit and the scoring pass, with their times). */
    public ScanJob progress(ScanProgress listener) {
        return new ScanJob(source, detectors, backend, backendName, sinks,
                Objects.requireNonNull(listener, "progress"));
    }

    /** Runs the scan and returns its report; per-row results go to the sinks. */
    public ScanReport run() throws IOException {
        if (backend != null) {
            return Scanner.run(source, detectors, backend, sinks, progress);
        }
        try (ComputeBackend opened = ComputeBackends.open(backendName)) {
            return Scanner.run(source, detectors, opened, sinks, progress);
        }
    }

    /** Runs the scan keeping every row's flag in memory (one byte per row), for filtering records afterwards. */
    public ScanResult runWithVerdicts() throws IOException {
        InMemoryRows rows = new InMemoryRows();
        ScanReport report = sink(rows).run();
        return new ScanResult(report, Verdicts.of(rows));
    }
}
