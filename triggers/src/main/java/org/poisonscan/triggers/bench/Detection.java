package org.poisonscan.triggers.bench;

import java.util.List;
import org.poisonscan.api.detect.Detector;
import org.poisonscan.api.eval.Metrics;
import org.poisonscan.api.scan.ScanReport;
import org.poisonscan.djl.ActivationScan;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.triggers.ScanOutput;

/**
 * A real scan of extracted activations, turned into the {@link ScanOutput} the trigger analysis reads.
 *
 * @param scan flags, labels, class names and verdicts
 * @param report the scan report (with an evaluation against the ground truth)
 * @param seconds scan time
 */
public record Detection(ScanOutput scan, ScanReport report, double seconds) {

    /** Scans {@code activations} (which carry labels and ground truth) with {@code detectors}. */
    public static Detection run(InMemorySource activations, List<Detector> detectors,
            java.util.Map<Integer, String> names) {
        long t0 = System.nanoTime();
        ActivationScan.Outcome o = new ActivationScan(detectors, "java").scan(activations);
        double s = (System.nanoTime() - t0) / 1e9;
        ScanOutput scan = new ScanOutput(activations.labels(), o.flags(), names,
                new java.util.HashSet<>(o.report().poisonedClasses()));
        return new Detection(scan, o.report(), s);
    }

    /** The scan as ground truth would have it (flags = poisons). */
    public static ScanOutput truth(ScanOutput scan, boolean[] poison) {
        java.util.Set<Integer> classes = new java.util.TreeSet<>();
        int[] labels = scan.labels();
        for (int i = 0; i < poison.length; i++) {
            if (poison[i]) {
                classes.add(labels[i]);
            }
        }
        return new ScanOutput(labels, poison, scan.classNames(), classes);
    }

    /** Overall detection metrics against the ground truth. */
    public Metrics metrics() {
        return report.evaluation().orElseThrow().overall();
    }
}
