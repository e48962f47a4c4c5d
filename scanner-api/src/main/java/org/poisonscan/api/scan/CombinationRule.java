package org.poisonscan.api.scan;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.poisonscan.api.detect.ClassResult;
import org.poisonscan.api.detect.FittedDetector;
import org.poisonscan.api.detect.Verdict;

/**
 * How the verdicts and flags of several detectors combine: a class is poisoned when any detector judges it poisoned,
 * not scanned when no detector scanned it, clean otherwise; a row is flagged when any detector flags it, or when its
 * class is poisoned and a detector that did not judge it so flags the row there all the same
 * ({@link FittedDetector#escalatedFlag}: SPECTRE flags the rows above its clean threshold once activation clustering
 * has found the class) and the row scores as high as the group the judging detectors flagged there
 * ({@link Escalation}). Each detector restricts its own flags to the classes it judges poisoned (or, given a poison
 * rate, to its top fraction), so clean classes stay unflagged unless some detector judges them poisoned.
 */
public final class CombinationRule {
    private CombinationRule() {
    }

    /** Classes judged poisoned by at least one of the detectors. */
    public static Set<Integer> poisonedClasses(List<? extends FittedDetector> fitted) {
        Set<Integer> poisoned = new TreeSet<>();
        for (FittedDetector f : fitted) {
            for (ClassResult r : f.classResults()) {
                if (r.verdict() == Verdict.POISONED) {
                    poisoned.add(r.label());
                }
            }
        }
        return poisoned;
    }

    /**
     * Combines the detectors' flags for one batch into {@code out}.
     *
     * @param labels the batch's labels
     * @param rows rows in the batch
     * @param fitted the detectors, in the order of {@code scores} and {@code flags}
     * @param scores per detector, the batch's scores
     * @param flags per detector, the batch's flags
     * @param escalation the classes judged poisoned and where each detector may escalate in them
     *     ({@link Escalation#collector}, or {@link Escalation#without} when {@link Escalation#needsFloors} is false)
     * @param out receives the combined flag of each row
     */
    public static void combine(int[] labels, int rows, List<? extends FittedDetector> fitted, double[][] scores,
            boolean[][] flags, Escalation escalation, boolean[] out) {
        Set<Integer> poisoned = escalation.poisoned();
        for (int r = 0; r < rows; r++) {
            boolean flag = false;
            for (int d = 0; d < fitted.size() && !flag; d++) {
                flag = flags[d][r];
            }
            if (!flag && poisoned.contains(labels[r])) {
                for (int d = 0; d < fitted.size() && !flag; d++) {
                    flag = fitted.get(d).escalatedFlag(labels[r], scores[d][r])
                            && escalation.allows(labels[r], d, scores[d][r]);
                }
            }
            out[r] = flag;
        }
    }

    /** The combined verdict of one class. */
    public static Verdict verdict(List<ClassResult> results) {
        boolean anyScanned = false;
        for (ClassResult r : results) {
            if (r.verdict() == Verdict.POISONED) {
                return Verdict.POISONED;
            }
            anyScanned |= r.verdict() != Verdict.NOT_SCANNED;
        }
        return anyScanned ? Verdict.CLEAN : Verdict.NOT_SCANNED;
    }
}
