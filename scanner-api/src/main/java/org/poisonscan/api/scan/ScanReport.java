package org.poisonscan.api.scan;

import java.util.List;
import java.util.Optional;
import org.poisonscan.api.detect.Verdict;
import org.poisonscan.api.eval.Evaluation;

/**
 * The result of a scan: per class, the combined and per-detector verdicts and flagged counts; totals; provenance; and,
 * when the input had ground truth, the evaluation. Per-row scores and flags go to {@link RowSink}s during the scan
 * (for example {@code scores.csv}, or {@link InMemoryRows}).
 *
 * @param source description of the input
 * @param rows rows scanned
 * @param dimension activation dimension
 * @param detectors detector names, in score-column order
 * @param classes one summary per class, ascending label
 * @param flaggedRows rows finally flagged
 * @param run provenance and timings
 * @param evaluation the evaluation against ground truth, when available
 */
public record ScanReport(String source, long rows, int dimension, List<String> detectors, List<ClassSummary> classes,
        long flaggedRows, RunInfo run, Optional<Evaluation> evaluation) {
    public ScanReport {
        detectors = List.copyOf(detectors);
        classes = List.copyOf(classes);
    }

    /** Labels of the classes judged poisoned. */
    public List<Integer> poisonedClasses() {
        return classes.stream().filter(c -> c.verdict() == Verdict.POISONED).map(ClassSummary::label).toList();
    }

    /**
     * One detector's result for one class, by name (detector names as in {@link #detectors()}, any case).
     *
     * @throws IllegalArgumentException when the scan has no such class or detector
     */
    public org.poisonscan.api.detect.ClassResult result(int label, String detector) {
        int at = DetectorNames.indexOf(detectors, detector);
        return classes.stream().filter(c -> c.label() == label).findFirst()
                .map(c -> c.detectors().get(at))
                .orElseThrow(() -> new IllegalArgumentException("no class " + label + " in the scan"));
    }

    /**
     * A one-line summary for logs (source, size, detectors, poisoned classes, rows flagged); the whole report is in its
     * accessors and in {@code ReportJson}.
     */
    @Override
    public String toString() {
        return "ScanReport[" + source + ": " + rows + " rows x " + dimension + " dims, detectors=" + detectors
                + ", classes=" + classes.size() + ", poisoned=" + poisonedClasses() + ", flagged=" + flaggedRows + "]";
    }
}
