package org.poisonscan.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FlaggedClassCheckTest {
    @Test
    void confirmsAClassWhoseFlaggedRowsLeaveAndRejectsOneWhoseRowsStay() {
        // Class 0: 4 flagged rows, 2 of them (the poisons) go back to classes 1 and 2. Class 1: 4 flagged rows (a
        // genuine sub-population), 1 leaves. Class 2: nothing flagged.
        int[] labels = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2};
        boolean[] flags = {true, true, true, true, false, false, true, true, true, true, false, false, false, false};
        int[] predicted = {1, 2, 0, 0, 0, 1, 1, 1, 1, 0, 1, 1, 2, 2};

        List<FlaggedClassCheck.ClassCheck> checks = FlaggedClassCheck.defaults().check(labels, flags, predicted);

        assertEquals(2, checks.size());
        FlaggedClassCheck.ClassCheck c0 = checks.get(0);
        assertEquals(0, c0.label());
        assertEquals(4, c0.flagged());
        assertEquals(2, c0.moved());
        assertEquals(0.5, c0.baselineMoved(), 1e-12);
        assertTrue(c0.confirmed());
        FlaggedClassCheck.ClassCheck c1 = checks.get(1);
        assertEquals(1, c1.moved());
        assertEquals(0.25, c1.movedShare(), 1e-12);
        assertEquals(0.0, c1.baselineMoved(), 1e-12);
        assertFalse(c1.confirmed(), "a quarter moved: below the default majority");
        assertTrue(new FlaggedClassCheck(0.25).check(labels, flags, predicted).get(1).confirmed());
        assertTrue(c1.describe().contains("class 1: 1 of 4 flagged rows"), c1.describe());

        boolean[] kept = FlaggedClassCheck.confirmedFlags(labels, flags, checks);
        assertArrayEquals(new boolean[] {true, true, true, true, false, false, false, false, false, false, false,
            false, false, false}, kept);
        boolean[] moved = FlaggedClassCheck.movedFlags(labels, flags, predicted, checks);
        assertArrayEquals(new boolean[] {true, true, false, false, false, false, false, false, false, false, false,
            false, false, false}, moved, "only the confirmed class's rows that left it stay flagged");
        assertThrows(IllegalArgumentException.class,
                () -> FlaggedClassCheck.movedFlags(labels, flags, new int[] {0}, checks));
    }

    @Test
    void aFullyFlaggedClassHasNoBaselineAndBadInputIsRefused() {
        List<FlaggedClassCheck.ClassCheck> checks = FlaggedClassCheck.defaults().check(new int[] {3, 3},
                new boolean[] {true, true}, new int[] {3, 3});
        assertTrue(Double.isNaN(checks.get(0).baselineMoved()));
        assertFalse(checks.get(0).confirmed());
        assertThrows(IllegalArgumentException.class,
                () -> FlaggedClassCheck.defaults().check(new int[] {1}, new boolean[] {true, false}, new int[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new FlaggedClassCheck(0));
    }
}
