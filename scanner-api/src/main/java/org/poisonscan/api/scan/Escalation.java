package org.poisonscan.api.scan;

import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.poisonscan.api.detect.ClassResult;
import org.poisonscan.api.detect.FittedDetector;
import org.poisonscan.api.detect.Verdict;

/**
 * Where a detector may add rows by escalation ({@link FittedDetector#escalatedFlag}) and how high they must score:
 * in a class another detector judged poisoned, a row escalates only if it scores, on the escalating detector's own
 * scale, at least as high as the lowest-scoring row that the judging detectors flagged there (the group they found).
 * Escalation exists to catch the group's members the judge missed; a clean class's own tail can score above the
 * escalating detector's threshold without reaching any member of the group. Measured on Fashion-MNIST (session 21):
 * with the 32/64/128 CNN at BadNets 5%, SPECTRE's threshold passed 667 clean rows of the target class, 407 of them
 * below every row of activation clustering's group (FPR 1.15% to 0.47%, recall 1.000 both); on the default CNN, where
 * the group holds only the strongest poisons, the floor falls below the threshold and changes nothing (recall 0.95). A
 * higher floor (the group's lower decile) cut the clean rows further but dropped the default CNN's recall to 0.73.
 * Where the judges flagged no row of the class there is no group to reach, and nothing escalates.
 *
 * <p>The floors come from a pass over the rows ({@link Collector}) before the pass that combines the flags.
 */
public final class Escalation implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Set<Integer> poisoned;
    /** Per poisoned class, per detector (in the fitted order), the least score that escalates. */
    private final Map<Integer, double[]> floors;
    /** Per class not poisoned, the detectors whose uncorroborated verdict of poisoned was not heeded. */
    private final Map<Integer, boolean[]> unheeded;

    private Escalation(Set<Integer> poisoned, Map<Integer, double[]> floors, Map<Integer, boolean[]> unheeded) {
        this.poisoned = new TreeSet<>(poisoned);
        this.floors = new TreeMap<>(floors);
        this.unheeded = new TreeMap<>(unheeded);
    }

    /**
     * Whether detector {@code detector} judged class {@code label} poisoned with a verdict that needed corroboration
     * and found none ({@link CombinationRule}): its flags there do not count.
     */
    public boolean unheeded(int label, int detector) {
        boolean[] u = unheeded.get(label);
        return u != null && u[detector];
    }

    /** Classes judged poisoned by the set ({@link CombinationRule#poisonedClasses}). */
    public Set<Integer> poisoned() {
        return java.util.Collections.unmodifiableSet(poisoned);
    }

    /**
     * Whether detector {@code detector} (its index in the fitted list) may escalate a row of class {@code label} with
     * this score: the class is poisoned and the score reaches the class's floor for that detector.
     */
    public boolean allows(int label, int detector, double score) {
        double[] f = floors.get(label);
        return f != null && score >= f[detector];
    }

    /**
     * The floors, for the log: per poisoned class, per detector that did not judge it poisoned, the least score
     * that escalates ({@code Infinity} where the judges flagged no row).
     */
    public Map<String, Map<String, Double>> describe(List<? extends FittedDetector> fitted) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        floors.forEach((label, f) -> {
            Map<String, Double> perDetector = new LinkedHashMap<>();
            for (int d = 0; d < f.length; d++) {
                if (f[d] != Double.NEGATIVE_INFINITY) {
                    perDetector.put(fitted.get(d).name(), f[d]);
                }
            }
            out.put(Integer.toString(label), perDetector);
        });
        return out;
    }

    /** Starts collecting the judged groups' scores over a pass of {@code fitted}'s scores and flags. */
    public static Collector collector(List<? extends FittedDetector> fitted) {
        return new Collector(fitted);
    }

    /**
     * Whether the flags of {@code fitted} need the floors at all: some class is judged poisoned by one detector and
     * not by another, which might escalate there. Without that, {@link #without} is the same and saves the pass.
     */
    public static boolean needsFloors(List<? extends FittedDetector> fitted) {
        Set<Integer> poisoned = CombinationRule.poisonedClasses(fitted);
        for (int label : poisoned) {
            for (FittedDetector f : fitted) {
                if (!judges(f, label)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The escalation where no detector may escalate anywhere (every class judged by all detectors, or one). */
    public static Escalation without(List<? extends FittedDetector> fitted) {
        return new Escalation(CombinationRule.poisonedClasses(fitted), Map.of(),
                CombinationRule.unheededVerdicts(fitted));
    }

    private static boolean judges(FittedDetector f, int label) {
        for (ClassResult r : f.classResults()) {
            if (r.label() == label) {
                return r.verdict() == Verdict.POISONED;
            }
        }
        return false;
    }

    /**
     * Collects, in each class judged poisoned, the lowest score that each detector which did not judge it gives to a
     * row the judging detectors flagged. Mergeable, so that parts of the input can be collected apart (Spark's
     * partitions); the floors do not depend on the order of rows or parts.
     */
    public static final class Collector implements Serializable {
        private static final long serialVersionUID = 1L;

        private final int detectors;
        /** Per poisoned class, which detectors judged it poisoned. */
        private final Map<Integer, boolean[]> judged;
        /** Per poisoned class with a flagged group row, per detector, the lowest score of the group's rows. */
        private final Map<Integer, double[]> lowest = new TreeMap<>();
        private final Map<Integer, boolean[]> unheeded;

        private Collector(List<? extends FittedDetector> fitted) {
            this.detectors = fitted.size();
            this.unheeded = CombinationRule.unheededVerdicts(fitted);
            this.judged = new TreeMap<>();
            for (int label : CombinationRule.poisonedClasses(fitted)) {
                boolean[] j = new boolean[detectors];
                for (int d = 0; d < detectors; d++) {
                    j[d] = judges(fitted.get(d), label);
                }
                judged.put(label, j);
            }
        }

        /**
         * Adds one batch.
         *
         * @param labels the batch's labels
         * @param rows rows in the batch
         * @param scores per detector, the batch's scores
         * @param flags per detector, the batch's flags
         */
        public void add(int[] labels, int rows, double[][] scores, boolean[][] flags) {
            for (int r = 0; r < rows; r++) {
                boolean[] j = judged.get(labels[r]);
                if (j == null) {
                    continue;
                }
                boolean inGroup = false;
                for (int d = 0; d < detectors && !inGroup; d++) {
                    inGroup = j[d] && flags[d][r];
                }
                if (inGroup) {
                    double[] low = lowest.computeIfAbsent(labels[r], k -> unset(detectors));
                    for (int d = 0; d < detectors; d++) {
                        if (!Double.isNaN(scores[d][r])) { // a class the detector did not score
                            low[d] = Math.min(low[d], scores[d][r]);
                        }
                    }
                }
            }
        }

        /** Adds {@code other}'s rows to this one's; returns this. */
        public Collector merge(Collector other) {
            other.lowest.forEach((label, theirs) -> {
                double[] low = lowest.computeIfAbsent(label, k -> unset(detectors));
                for (int d = 0; d < detectors; d++) {
                    low[d] = Math.min(low[d], theirs[d]);
                }
            });
            return this;
        }

        /** The escalation with the floors of the rows collected. */
        public Escalation result() {
            Map<Integer, double[]> floors = new TreeMap<>();
            judged.forEach((label, j) -> {
                double[] low = lowest.getOrDefault(label, unset(detectors));
                double[] f = new double[detectors];
                for (int d = 0; d < detectors; d++) {
                    // A judge flags by itself; the floor only restrains detectors that would escalate.
                    f[d] = j[d] ? Double.NEGATIVE_INFINITY : low[d];
                }
                floors.put(label, f);
            });
            return new Escalation(judged.keySet(), floors, unheeded);
        }

        private static double[] unset(int n) {
            double[] a = new double[n];
            Arrays.fill(a, Double.POSITIVE_INFINITY);
            return a;
        }
    }
}
