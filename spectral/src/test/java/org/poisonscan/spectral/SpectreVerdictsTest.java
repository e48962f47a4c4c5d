package org.poisonscan.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.detect.ClassResult;
import org.poisonscan.api.detect.Verdict;

/** The check that decides whether a judged class may be flagged down to the lowered threshold. */
class SpectreVerdictsTest {
    private static SweepResult sweep(int flagged) {
        return new SweepResult(1, 1, 1000, 0, 0, flagged, 1, 1, new double[1], new double[1], 10, 5, new int[0],
                new double[0], new int[0], new boolean[0], false);
    }

    private static boolean tailsFit(int[] flaggedByClass, Verdict[] verdicts) {
        List<ClassResult> judged = new ArrayList<>();
        Map<Integer, SweepResult> sweeps = new TreeMap<>();
        for (int c = 0; c < flaggedByClass.length; c++) {
            judged.add(new ClassResult(c, 1000, verdicts[c], SpectreDetector.STATISTIC, 1, 0, "", Map.of()));
            sweeps.put(c, sweep(flaggedByClass[c]));
        }
        return new SpectreVerdicts(SpectreConfig.defaults()).cleanTailsFitTheModel(judged, sweeps);
    }

    /** A class's sweep: criterion {@code criterion} at the k kept, {@code largest} somewhere, 100 rows flagged. */
    private static SweepResult sweep(double criterion, double largest, boolean misfit) {
        return new SweepResult(misfit ? 1 : 9, criterion, 3000, misfit ? 0 : 120, 2, misfit ? 0 : 100, 2, 1.5,
                new double[1], new double[1], 10, 5, new int[] {1, 4, 9}, new double[] {1, largest, criterion},
                new int[] {0, 100, 100}, new boolean[] {misfit, false, misfit}, misfit);
    }

    private static List<ClassResult> judge(Map<Integer, SweepResult> sweeps) {
        Map<Integer, org.poisonscan.api.stats.ClassMoments> moments = new TreeMap<>();
        Map<Integer, RowSample> samples = new TreeMap<>();
        for (int c : sweeps.keySet()) {
            moments.put(c, new org.poisonscan.api.stats.ClassMoments(c, 3000, new double[1], new double[1]));
            samples.put(c, new RowSample(1, 10, c));
        }
        return new SpectreVerdicts(SpectreConfig.defaults()).judge(moments, sweeps, samples);
    }

    /**
     * Classes whose robust filter ran out of budget wherever it removed rows (skewed, sparse activations: the flattened
     * convolution output of the Fashion-MNIST model had three such classes of ten) keep a k where the filter removed
     * nothing, criterion 1. As peers at 1 they pulled the median down so far that three clean classes of that layer
     * stood out; they enter the baseline with the largest criterion of their sweep, and are never judged poisoned.
     */
    @Test
    void classesThatDoNotFitTheModelRaiseTheBaselineInsteadOfLoweringIt() {
        Map<Integer, SweepResult> sweeps = new TreeMap<>();
        double[] fitting = {1.5, 2, 2.5, 3, 4, 5, 60};
        for (int c = 0; c < fitting.length; c++) {
            sweeps.put(c, sweep(fitting[c], fitting[c], false));
        }
        double[] misfitLargest = {60, 80, 100};
        for (int m = 0; m < misfitLargest.length; m++) {
            sweeps.put(fitting.length + m, sweep(1, misfitLargest[m], true));
        }
        List<ClassResult> results = judge(sweeps);
        for (ClassResult r : results) {
            assertEquals(Verdict.CLEAN, r.verdict(), r.label() + ": " + r.reason());
        }
        assertTrue(results.get(6).anomalyIndex() < 2, "the criterion of 60 is what misfits reach here: "
                + results.get(6).anomalyIndex());
        assertTrue(results.get(8).reason().startsWith("not judged poisoned: the class's activations do not fit"),
                results.get(8).reason());

        // Among classes that all fit, the same criterion stands out.
        for (int m = 0; m < misfitLargest.length; m++) {
            sweeps.put(fitting.length + m, sweep(1.2 + m, 1.2 + m, false));
        }
        ClassResult outlier = judge(sweeps).get(6);
        assertEquals(Verdict.POISONED, outlier.verdict(), outlier.reason());
    }

    /** The report names, per k of the sweep, where the filter ran out of budget (why a k was passed over). */
    @Test
    void detailsRecordWhereTheFilterRanOutOfBudget() {
        Map<Integer, SweepResult> sweeps = new TreeMap<>();
        sweeps.put(0, sweep(2, 2, false));
        sweeps.put(1, sweep(1, 50, true));
        List<ClassResult> results = judge(sweeps);
        assertEquals(Map.of("1", false, "4", false, "9", false),
                results.get(0).details().get("filter_exhausted_by_dims"));
        assertEquals(List.of("1", "4", "9"), List.copyOf(
                ((Map<?, ?>) results.get(1).details().get("filter_exhausted_by_dims")).keySet()));
        assertEquals(Map.of("1", true, "4", false, "9", true),
                results.get(1).details().get("filter_exhausted_by_dims"));
    }

    @Test
    void cleanClassesWithTheModelsTailAllowTheLoweredThreshold() {
        Verdict p = Verdict.POISONED;
        Verdict c = Verdict.CLEAN;
        // Gaussian-like clean classes: nothing or a row or two above the strict threshold.
        assertTrue(tailsFit(new int[] {60, 0, 1, 0, 2}, new Verdict[] {p, c, c, c, c}));
        // Heavy-tailed clean classes put dozens of rows above it: the 1% quantile cannot be trusted there.
        assertFalse(tailsFit(new int[] {60, 40, 0, 55, 80}, new Verdict[] {p, c, c, c, c}));
        // Two classes, both judged (or one clean class only): nothing to check against.
        assertFalse(tailsFit(new int[] {60, 30}, new Verdict[] {p, p}));
        assertFalse(tailsFit(new int[] {60, 0}, new Verdict[] {p, c}));
    }
}
