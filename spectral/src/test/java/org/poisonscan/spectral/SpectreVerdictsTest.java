package org.poisonscan.spectral;

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
                new double[0], new int[0], false);
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
