package org.poisonscan.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The persistence check's verdict rule and its per-class ranks, without a model. */
class PersistenceCheckSettingsTest {
    private final PersistenceCheck.Settings settings = PersistenceCheck.Settings.defaults();

    /** Counts measured on Fashion-MNIST Blend 10% (four epochs): the target class and a clean class's strong rows. */
    @Test
    void confirmsCandidatesThatLeaveTheirClassFarMoreThanItsOtherRows() {
        assertTrue(settings.confirms(new FlaggedClassCheck.ClassCheck(0, 354, 190, 0.116, true)));
        assertFalse(settings.confirms(new FlaggedClassCheck.ClassCheck(6, 28, 6, 0.268, true)));
        assertFalse(settings.confirms(new FlaggedClassCheck.ClassCheck(2, 34, 1, 0.098, true)));
    }

    /**
     * Counts measured in session 23: clean MNIST eights (Blend 5% run) and Fashion-MNIST bags (Blend 5%, seed 7) whose
     * candidates leave significantly more often than their class's other rows, and at several times their share, but
     * a minority of them; and the weakest confirmed target, BadNets 1% on Fashion-MNIST (session 21).
     */
    @Test
    void aMinorityOfCandidatesLeavingConfirmsNothing() {
        FlaggedClassCheck.ClassCheck eights = new FlaggedClassCheck.ClassCheck(8, 44, 9, 0.044, true);
        assertTrue(PersistenceCheck.Settings.leavingProbability(eights) < 1e-3);
        assertFalse(settings.confirms(eights));
        assertFalse(settings.confirms(new FlaggedClassCheck.ClassCheck(8, 248, 36, 0.008, true)));
        assertTrue(settings.confirms(new FlaggedClassCheck.ClassCheck(0, 21, 16, 0.092, true)));
    }

    /**
     * Counts measured on Fashion-MNIST (session 22): a BadNets 10% class and a false class of shorts among trousers.
     */
    @Test
    void theScansFlagsHoldWhereTheyPersistLikeATrigger() {
        assertTrue(settings.holds(663, 603, 5337, 640));
        assertFalse(settings.holds(299, 2, 5665, 23));
        // Significant, but not twice the share of a class whose rows seldom persist.
        assertTrue(PersistenceCheck.Settings.persistenceExcessProbability(2000, 100, 4000, 120) < 1e-3);
        assertFalse(settings.holds(2000, 100, 4000, 120));
        // Where the class's rows persist often anyway, half as many non-persistent rows is enough (0.6 -> 0.8).
        assertTrue(settings.holds(200, 170, 5000, 3000));
        assertFalse(settings.holds(200, 150, 5000, 3000));
        // A wholly flagged class has nothing to compare with.
        assertTrue(settings.holds(50, 0, 0, 0));
    }

    /**
     * Session 26, BadNets 5% on coats at seed 7: SPECTRE flagged 1,363 clean sneakers, one of them persistent, none of
     * the class's 4,594 other rows. Taken as an exact rate, that share of 0 made the one row significant.
     */
    @Test
    void oneTriggerlessRowAgainstAnEstimatedShareOfZeroHoldsNothing() {
        assertTrue(PersistenceCheck.Settings.persistenceExcessProbability(1363, 1, 4594, 0) > 0.2);
        assertFalse(settings.holds(1363, 1, 4594, 0));
        // A real trigger's flags against other rows that never persist still hold.
        assertTrue(settings.holds(300, 280, 5700, 0));
    }

    @Test
    void releasesTheFlagsOfAClassWhoseFlaggedRowsDoNotPersist() {
        // Class 0: 20 flagged rows, 18 persistent; 80 others, 8 persistent. Class 1: 20 flagged, none persistent;
        // 80 others, 2 persistent. Class 2: nothing flagged.
        int n = 300;
        int[] labels = new int[n];
        boolean[] flags = new boolean[n];
        double[] persist = new double[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i / 100;
            int k = i % 100;
            flags[i] = labels[i] < 2 && k < 20;
            boolean persistent = labels[i] == 0 ? (k < 18 || (k >= 20 && k < 28)) : labels[i] == 1 && k >= 20 && k < 22;
            persist[i] = persistent ? 1.0 : 0.25;
        }
        // The model puts 2 of class 0's flagged rows and 4 of its other rows in another class, and every row of
        // class 1 in its own.
        int[] predicted = labels.clone();
        for (int k : new int[] {0, 1, 30, 31, 32, 33}) {
            predicted[k] = 2;
        }
        List<String> log = new java.util.ArrayList<>();
        assertEquals(java.util.Set.of(0), PersistenceCheck.heldClasses(settings, labels, flags, persist, predicted,
                log::add));
        assertEquals(2, log.size(), log.toString());
        assertTrue(log.get(0).startsWith("persistence check class 0: 18 of its 20 flagged rows are persistent (90.0%;"
                + " its other rows: 10.0%"), log.get(0));
        assertTrue(log.get(0).contains("the model puts 10.0% of them in another class, 5.0% of its other rows"),
                log.get(0));
        assertTrue(log.get(1).endsWith("no trigger holds them, the scan's flags are released"), log.get(1));

        // Class 1's flagged rows, put in another class by the model: released all the same, with the reason named.
        for (int k = 100; k < 120; k++) {
            predicted[k] = 0;
        }
        log.clear();
        assertEquals(java.util.Set.of(0), PersistenceCheck.heldClasses(settings, labels, flags, persist, predicted,
                log::add));
        assertTrue(log.get(1).contains("the model puts 100.0% of them in another class, 0.0% of its other rows"),
                log.get(1));
        assertTrue(log.get(1).endsWith("released (most of them the model puts in another class: label flips, or"
                + " poisons whose trigger it has not learnt yet; scan a model trained longer)"), log.get(1));
    }

    @Test
    void needsBothSignificanceAndRatio() {
        // Significant (p ~ 1e-9) but only 1.5 times the other rows' share.
        FlaggedClassCheck.ClassCheck common = new FlaggedClassCheck.ClassCheck(1, 1000, 450, 0.30, true);
        assertTrue(PersistenceCheck.Settings.leavingProbability(common) < 1e-3);
        assertFalse(settings.confirms(common));
        // Six times the share but too few rows to be significant.
        FlaggedClassCheck.ClassCheck few = new FlaggedClassCheck.ClassCheck(1, 10, 3, 0.05, true);
        assertTrue(PersistenceCheck.Settings.leavingProbability(few) > 1e-3);
        assertFalse(settings.confirms(few));
        // Nothing leaves: never confirmed; the other rows never leave but some candidates do: p = 0.
        assertEquals(1, PersistenceCheck.Settings.leavingProbability(new FlaggedClassCheck.ClassCheck(1, 50, 0, 0,
                true)));
        assertEquals(0, PersistenceCheck.Settings.leavingProbability(new FlaggedClassCheck.ClassCheck(1, 50, 20, 0,
                true)));
    }

    /**
     * Counts from the reduced run (one epoch, 5,000 images): the clean shirts' 16 candidates leave their class 87.5% of
     * the time, twice the 40.8% of its other rows, but so do 31 of its 32 other tail rows. And from a Fashion-MNIST
     * Blend 5% run (four epochs, seed 7, a variant that also left out the group's rows most like the candidates): the
     * target's 80 candidates left it 96.3% of the time, its other rows 16.7%, its other tail rows 67.8% of 286.
     */
    @Test
    void candidatesMustAlsoLeaveSignificantlyMoreOftenThanTheirClassesOtherTailRows() {
        FlaggedClassCheck.ClassCheck shirts = new FlaggedClassCheck.ClassCheck(6, 16, 14, 0.408, true);
        assertTrue(settings.confirms(shirts), "against the class-wide share alone");
        FlaggedClassCheck.ClassCheck shirtsTail = PersistenceCheck.tailControl(shirts, 31.0 / 32, 32,
                settings.minCandidates());
        assertEquals(31.0 / 32, shirtsTail.baselineMoved(), 1e-12);
        assertFalse(settings.confirms(shirts, shirtsTail));
        // Too few tail rows to stand for the class: no tail control, the class-wide test alone.
        assertNull(PersistenceCheck.tailControl(shirts, 1.0, 5, settings.minCandidates()));
        assertTrue(settings.confirms(shirts, null));
        FlaggedClassCheck.ClassCheck target = new FlaggedClassCheck.ClassCheck(0, 80, 77, 0.167, true);
        FlaggedClassCheck.ClassCheck targetTail = PersistenceCheck.tailControl(target, 0.678, 286,
                settings.minCandidates());
        assertTrue(settings.confirms(target, targetTail), "significant against the tail, no ratio asked of it");
        // Significant against the class but no more often than its tail rows: rejected.
        assertFalse(settings.confirms(target, PersistenceCheck.tailControl(target, 0.95, 286,
                settings.minCandidates())));
    }

    @Test
    void rejectsOutOfRangeSettings() {
        assertThrows(IllegalArgumentException.class, () -> new PersistenceCheck.Settings(1.5, 0.9, 10, 1e-3, 2, 0.5,
                0.5));
        assertThrows(IllegalArgumentException.class, () -> new PersistenceCheck.Settings(0.9, 0.9, 1, 1e-3, 2, 0.5,
                0.5));
        assertThrows(IllegalArgumentException.class, () -> new PersistenceCheck.Settings(0.9, 0.9, 10, 0, 2, 0.5,
                0.5));
        assertThrows(IllegalArgumentException.class, () -> new PersistenceCheck.Settings(0.9, 0.9, 10, 1e-3, 0.5,
                0.5, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new PersistenceCheck.Settings(0.9, 0.9, 10, 1e-3, 2, 0.5,
                1.5));
    }

    /** Sizes from the Fashion-MNIST runs: candidates, the discriminant's side, the class. */
    @Test
    void aMinoritySideIsFlaggedAndLeftOutAndALooseOneIsNeitherRefittedNorTakenOnItsExitAlone() {
        PersistenceCheck.GroupShape blend10 = PersistenceCheck.GroupShape.of(358, 686, 6600);
        assertTrue(blend10.flagsSide() && blend10.leavesOutSide() && blend10.refits());
        assertFalse(blend10.loose());
        PersistenceCheck.GroupShape weakBlend5 = PersistenceCheck.GroupShape.of(80, 583, 6300);
        assertTrue(weakBlend5.flagsSide() && weakBlend5.leavesOutSide() && weakBlend5.loose());
        assertFalse(weakBlend5.refits());
        PersistenceCheck.GroupShape cleanShirts = PersistenceCheck.GroupShape.of(160, 1108, 5938);
        assertTrue(cleanShirts.leavesOutSide() && cleanShirts.loose());
        PersistenceCheck.GroupShape wholeSlice = PersistenceCheck.GroupShape.of(95, 2276, 5970);
        assertFalse(wholeSlice.flagsSide() || wholeSlice.leavesOutSide() || wholeSlice.refits() || wholeSlice.loose());
    }

    /** Class 8's rows in a small made-up retraining: where its candidates and its other rows go. */
    @Test
    void theNearestClassIsWhereTheClasssOtherLeavingRowsGoMost() {
        // Rows 0-9 candidates (left out with rows 10-11), rows 12-29 the class's other rows, row 30 another class.
        int n = 31;
        int[] labels = new int[n];
        boolean[] candidate = new boolean[n];
        boolean[] grown = new boolean[n];
        int[] predicted = new int[n];
        java.util.Arrays.fill(labels, 8);
        java.util.Arrays.fill(predicted, 8);
        labels[30] = 6;
        predicted[30] = 1;
        for (int i = 0; i < 12; i++) {
            candidate[i] = i < 10;
            grown[i] = true;
        }
        // Other rows leave for 6 (three) and 4 (two), so 6 is the nearest class; rows 10-11 were left out and,
        // though they leave for 4, do not count.
        int[] others = {6, 6, 6, 4, 4};
        for (int k = 0; k < others.length; k++) {
            predicted[12 + k] = others[k];
        }
        predicted[10] = 4;
        predicted[11] = 4;
        // A lost kind of the class: 7 of its 8 leaving candidates go to the neighbour.
        int[] kind = {6, 6, 6, 6, 6, 6, 6, 2};
        for (int k = 0; k < kind.length; k++) {
            predicted[k] = kind[k];
        }
        assertArrayEquals(new double[] {6, 7 / 8.0},
                PersistenceCheck.nearestClassShare(labels, 8, candidate, grown, predicted), 1e-12);
        // Poisons going back to several classes: 2 of 8 to the neighbour.
        int[] poisons = {1, 2, 3, 4, 5, 6, 6, 7};
        for (int k = 0; k < poisons.length; k++) {
            predicted[k] = poisons[k];
        }
        assertArrayEquals(new double[] {6, 2 / 8.0},
                PersistenceCheck.nearestClassShare(labels, 8, candidate, grown, predicted), 1e-12);
        // Of equal counts (two rows each for 6 and 4) the smallest class id is the nearest; nothing leaving gives no
        // share.
        predicted[14] = 8;
        assertEquals(4, PersistenceCheck.nearestClassShare(labels, 8, candidate, grown, predicted)[0]);
        java.util.Arrays.fill(predicted, 0, 30, 8);
        assertTrue(Double.isNaN(PersistenceCheck.nearestClassShare(labels, 8, candidate, grown, predicted)[1]));
    }

    /**
     * A confirmed group flags its candidates and its rows that leave the class; other classes' rows and earlier flags
     * stay as they were.
     */
    @Test
    void aConfirmedGroupFlagsItsCandidatesAndItsRowsThatLeaveTheClass() {
        // Rows 0-5 class 0's group (0-2 leave, 3-5 stay, 3 a candidate), rows 6-7 class 0 outside it (6 leaves),
        // rows 8-9 class 1's group (both leave); row 7 was flagged already.
        int[] labels = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1};
        boolean[] group = {true, true, true, true, true, true, false, false, true, true};
        boolean[] candidate = {true, false, false, true, false, false, false, false, false, false};
        int[] predicted = {3, 5, 1, 0, 0, 0, 2, 0, 4, 4};
        boolean[] out = new boolean[10];
        out[7] = true;
        assertArrayEquals(new int[] {4, 2}, PersistenceCheck.flagGroup(labels, 0, group, candidate, predicted, out));
        assertArrayEquals(new boolean[] {true, true, true, true, false, false, false, true, false, false}, out);
    }

    @Test
    void superimpositionNeedsBlendsAndTwoClasses() {
        assertThrows(IllegalArgumentException.class, () -> new SuperimpositionPersistence(0, 1));
        LabelledTensors oneClass = new LabelledTensors(new float[8], new long[] {1, 2, 2}, new int[] {3, 3});
        // Rejected before the model is asked anything: no row of another class to blend with.
        assertThrows(IllegalArgumentException.class, () -> SuperimpositionPersistence.defaults().scores(null,
                oneClass));
    }

    @Test
    void quantilesRankWithinEachClass() {
        int[] labels = {0, 1, 0, 1, 0};
        double[] scores = {5, 100, 1, -3, 3};
        assertArrayEquals(new double[] {1.0, 1.0, 1.0 / 3, 0.5, 2.0 / 3}, ClassQuantiles.of(labels, scores), 1e-12);
        boolean[] marked = {true, false, true, true, false};
        assertEquals(List.of(0), ClassQuantiles.classesWithAtLeast(labels, marked, 2));
        assertEquals(List.of(0, 1), ClassQuantiles.classesWithAtLeast(labels, marked, 1));
    }
}
