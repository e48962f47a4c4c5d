package org.poisonscan.triggers;

import java.io.IOException;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.poisonscan.ac.ExclusionaryReclassifier;
import org.poisonscan.triggers.source.ExclusionaryReclassification;
import org.poisonscan.triggers.source.NearestCentroids;
import org.poisonscan.triggers.source.SourceClasses;

/** Picks the representation for the source-class analysis and runs the exclusionary reclassification when asked. */
final class SourceAnalysis {
    private SourceAnalysis() {
    }

    /**
     * Source classes from the activations when given, else from {@code fallback} rows (raw pixels, fetched only when
     * needed: a copy of every image) when given, else
     * every other class by assumption (also when most flagged rows sit nearest the target in activation space and there
     * are no pixels). With both, the pixels are used instead when most flagged rows sit nearest the
     * target in activation space (a poisoned model pulls its poisons towards the target, the aim of the attack) and
     * fewer do in pixel space, where a relabelled image still looks like its source class.
     */
    static SourceClasses sources(ScanOutput scan, int target, Activations activations, Supplier<float[]> fallback,
            int fallbackDim, String fallbackSpace, TriggerSettings settings) {
        int[] labels = scan.labels();
        boolean[] flagged = scan.flagged();
        SourceClasses inActivations = activations == null ? null : NearestCentroids.analyse(activations.values(),
                activations.dim(), labels, flagged, target, settings.sourceShare(), "activations");
        boolean mostNearTarget = inActivations != null && inActivations.shareNearestTarget() >= 0.5;
        if (inActivations != null && !mostNearTarget) {
            return inActivations;
        }
        if (mostNearTarget && fallback == null) {
            // Too few flagged rows say where they came from (text and tables have no pixels to fall back on): a
            // probe's estimate rested on 18 of 42 rows and missed a class that gave a third of the poisons.
            return allOthers(labels, flagged, target);
        }
        if (fallback != null) {
            SourceClasses inFallback = NearestCentroids.analyse(fallback.get(), fallbackDim, labels, flagged, target,
                    settings.sourceShare(), fallbackSpace);
            return inActivations == null || inFallback.shareNearestTarget() < inActivations.shareNearestTarget()
                    ? inFallback : inActivations;
        }
        return allOthers(labels, flagged, target);
    }

    private static SourceClasses allOthers(int[] labels, boolean[] flagged, int target) {
        int flaggedRows = (int) IntStream.range(0, labels.length).filter(i -> flagged[i] && labels[i] == target)
                .count();
        return SourceClasses.assumeAllOthers(target, flaggedRows, Arrays.stream(labels).distinct().sorted().toArray());
    }

    /**
     * Every class present but the target: the second reference of the tests. The estimated source classes are
     * reported, but the tests compare against every other class: the poisons' sources are among them whatever the
     * estimate says, and an estimate led by a detector's false positives (on full Fashion-MNIST they put the sources of
     * class 0 at shirts and dresses, while the poisons came from all nine classes) would leave the other sources'
     * shapes in the mask.
     */
    static int[] otherClasses(int[] labels, int target) {
        return Arrays.stream(labels).distinct().filter(c -> c != target).sorted().toArray();
    }

    /**
     * The exclusionary reclassification of the flagged rows of every target, with one retraining; empty without a
     * callback.
     */
    static java.util.Map<Integer, ExclusionaryReclassification> exclusion(ScanOutput scan, java.util.List<Integer>
            targets, ExclusionaryReclassifier callback) throws IOException {
        if (callback == null || targets.isEmpty()) {
            return java.util.Map.of();
        }
        int[] labels = scan.labels();
        boolean[] flagged = scan.flagged();
        java.util.Map<Integer, long[]> rows = new java.util.TreeMap<>();
        for (int target : targets) {
            rows.put(target, IntStream.range(0, labels.length).filter(i -> flagged[i] && labels[i] == target)
                    .asLongStream().toArray());
        }
        return ExclusionaryReclassification.run(callback, rows);
    }
}
