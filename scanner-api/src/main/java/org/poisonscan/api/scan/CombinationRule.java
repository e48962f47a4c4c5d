package org.poisonscan.api.scan;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.poisonscan.api.detect.ClassResult;
import org.poisonscan.api.detect.FittedDetector;
import org.poisonscan.api.detect.Verdict;

/**
 * How the verdicts and flags of several detectors combine: a class is poisoned when any detector judges it poisoned
 * (with the exception of verdicts that ask for corroboration, below), not scanned when no detector scanned it, clean
 * otherwise; a row is flagged when any detector flags it, or when its
 * class is poisoned and a detector that did not judge it so flags the row there all the same
 * ({@link FittedDetector#escalatedFlag}: SPECTRE flags the rows above its clean threshold once activation clustering
 * has found the class) and the row scores as high as the group the judging detectors flagged there
 * ({@link Escalation}). Each detector restricts its own flags to the classes it judges poisoned (or, given a poison
 * rate, to its top fraction), so clean classes stay unflagged unless some detector judges them poisoned.
 *
 * <p>A detector may ask for corroboration ({@link ClassResult#needsCorroboration}): where its model does not fit a
 * class's activations, its verdict of poisoned counts only if another detector of the set judges the class poisoned
 * too, or if no other detector of the set scanned the class (alone, a detector's verdict is its own). Otherwise its
 * verdict is not heeded, and its flags in that class are dropped. SPECTRE asks it on floored activations (ReLU
 * outputs) where a group stands out in at least half of the other classes too: on the penultimate ReLU layers of the
 * benchmark's Fashion-MNIST and MNIST CNNs, every class that SPECTRE alone judged poisoned was clean (ten verdicts on
 * six models, up to a quarter of the class flagged), while every poisoned class it judged there was judged by
 * activation clustering too.
 */
public final class CombinationRule {
    private CombinationRule() {
    }

    /** Classes the set judges poisoned ({@link #verdict}). */
    public static Set<Integer> poisonedClasses(List<? extends FittedDetector> fitted) {
        Set<Integer> poisoned = new TreeSet<>();
        resultsByClass(fitted).forEach((label, results) -> {
            if (verdict(results) == Verdict.POISONED) {
                poisoned.add(label);
            }
        });
        return poisoned;
    }

    /**
     * Per class that is not poisoned although some detector judged it so (a verdict that needed corroboration and
     * found none), which detectors (in the fitted order) judged it: their flags there are dropped.
     */
    static Map<Integer, boolean[]> unheededVerdicts(List<? extends FittedDetector> fitted) {
        Map<Integer, boolean[]> unheeded = new TreeMap<>();
        resultsByClass(fitted).forEach((label, results) -> {
            if (verdict(results) == Verdict.POISONED) {
                return;
            }
            boolean[] judged = new boolean[fitted.size()];
            boolean any = false;
            for (int d = 0; d < fitted.size(); d++) {
                judged[d] = results.get(d).verdict() == Verdict.POISONED;
                any |= judged[d];
            }
            if (any) {
                unheeded.put(label, judged);
            }
        });
        return unheeded;
    }

    /** Per class, each detector's result for it, in the fitted order (not scanned where a detector has none). */
    private static Map<Integer, List<ClassResult>> resultsByClass(List<? extends FittedDetector> fitted) {
        Map<Integer, ClassResult[]> byClass = new TreeMap<>();
        for (int d = 0; d < fitted.size(); d++) {
            for (ClassResult r : fitted.get(d).classResults()) {
                byClass.computeIfAbsent(r.label(), k -> new ClassResult[fitted.size()])[d] = r;
            }
        }
        Map<Integer, List<ClassResult>> out = new TreeMap<>();
        byClass.forEach((label, results) -> {
            for (int d = 0; d < results.length; d++) {
                if (results[d] == null) {
                    results[d] = ClassResult.notScanned(label, 0, "", "no result");
                }
            }
            out.put(label, List.of(results));
        });
        return out;
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
                flag = flags[d][r] && !escalation.unheeded(labels[r], d);
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

    /**
     * The combined verdict of one class from each detector's result: poisoned when a detector judges it so without
     * asking for corroboration, when two or more do, or when the one that does is the only one that scanned it.
     */
    public static Verdict verdict(List<ClassResult> results) {
        int scanned = 0;
        int poisoned = 0;
        boolean unconditional = false;
        for (ClassResult r : results) {
            if (r.verdict() == Verdict.NOT_SCANNED) {
                continue;
            }
            scanned++;
            if (r.verdict() == Verdict.POISONED) {
                poisoned++;
                unconditional |= !r.needsCorroboration();
            }
        }
        if (unconditional || poisoned >= 2 || (poisoned == 1 && scanned == 1)) {
            return Verdict.POISONED;
        }
        return scanned > 0 ? Verdict.CLEAN : Verdict.NOT_SCANNED;
    }
}
