package org.poisonscan.api.scan;

import java.util.List;
import org.poisonscan.api.detect.ClassResult;
import org.poisonscan.api.detect.Verdict;

/**
 * How the verdicts and flags of several detectors combine: a row is flagged when any detector flags it; a class is
 * poisoned when any detector judges it poisoned, not scanned when no detector scanned it, clean otherwise. Each
 * detector already restricts its flags to the classes it judges poisoned (or, given a poison rate, to its top
 * fraction), so the union stays conservative on clean classes.
 */
public final class CombinationRule {
    private CombinationRule() {
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
