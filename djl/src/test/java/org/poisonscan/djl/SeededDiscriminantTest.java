package org.poisonscan.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeededDiscriminantTest {
    private static final int ROWS = 3000;
    private static final int DIM = 20;
    private static final int POISONS = 150;

    /**
     * One class: clean rows with a few high-variance directions (sd 6) over unit noise, and 5% poisons shifted by 6
     * along a low-variance direction, invisible to the class's top eigenvector. A seed of 60 poisons (and 2 clean
     * rows) against a reference of clean rows finds the rest.
     */
    @Test
    void aSeedOfTheShiftedGroupFindsTheRestOfIt() {
        double[][] x = classRows(7, 6.0);
        boolean[] seed = new boolean[ROWS];
        boolean[] reference = new boolean[ROWS];
        for (int i = 0; i < 60; i++) {
            seed[i] = true;
        }
        seed[POISONS] = true;
        seed[POISONS + 1] = true;
        for (int i = POISONS + 2; i < ROWS; i += 2) {
            reference[i] = true;
        }
        boolean[] flags = SeededDiscriminant.defaults().flags(x, seed, reference);
        int found = 0;
        int clean = 0;
        for (int i = 0; i < ROWS; i++) {
            found += flags[i] && i < POISONS ? 1 : 0;
            clean += flags[i] && i >= POISONS ? 1 : 0;
            assertTrue(!seed[i] || flags[i], "seed row " + i + " not flagged");
        }
        assertTrue(found >= 0.97 * POISONS, "found " + found + " of " + POISONS);
        // The cut sits where the standardised distances to the two groups are equal, about 3 sd from each here.
        assertTrue(clean <= 0.01 * (ROWS - POISONS) + 2, clean + " clean rows flagged");
    }

    /**
     * A seed of the group's 40 most extreme rows (what a sharp outlier score hands over) pulls the first cut outwards,
     * so the first side misses part of the group; refitted from that side, the discriminant finds the rest.
     */
    @Test
    void refittingFromTheSideFindsTheGroupAnExtremeSeedMisses() {
        double[][] x = classRows(11, 5.0);
        Integer[] byShift = new Integer[POISONS];
        for (int i = 0; i < POISONS; i++) {
            byShift[i] = i;
        }
        java.util.Arrays.sort(byShift, (a, b) -> Double.compare(x[b][DIM - 1], x[a][DIM - 1]));
        boolean[] seed = new boolean[ROWS];
        for (int k = 0; k < 40; k++) {
            seed[byShift[k]] = true;
        }
        boolean[] reference = new boolean[ROWS];
        for (int i = POISONS; i < ROWS; i += 2) {
            reference[i] = true;
        }
        SeededDiscriminant d = SeededDiscriminant.defaults();
        boolean[] first = d.flags(x, seed, reference);
        boolean[] refit = d.refit(x, first, reference, seed);
        int[] firstCounts = counts(first);
        int[] refitCounts = counts(refit);
        System.out.printf("extreme seed: first side %d poisons + %d clean, refitted %d + %d%n", firstCounts[0],
                firstCounts[1], refitCounts[0], refitCounts[1]);
        assertTrue(firstCounts[0] < 0.9 * POISONS, "the first side already holds " + firstCounts[0]);
        assertTrue(refitCounts[0] >= 0.95 * POISONS, "refitted side holds " + refitCounts[0] + " of " + POISONS);
        assertTrue(refitCounts[1] <= 0.01 * (ROWS - POISONS), refitCounts[1] + " clean rows on the refitted side");
        for (int i = 0; i < ROWS; i++) {
            assertTrue(!seed[i] || refit[i], "seed row " + i + " not flagged");
        }
    }

    private static int[] counts(boolean[] flags) {
        int[] out = new int[2];
        for (int i = 0; i < flags.length; i++) {
            out[i < POISONS ? 0 : 1] += flags[i] ? 1 : 0;
        }
        return out;
    }

    /** Seeds drawn from clean rows have no direction of their own: the discriminant puts no clear group beside them. */
    @Test
    void aSeedOfOrdinaryRowsDoesNotCarveOutAGroup() {
        double[][] x = classRows(8, 0.0);
        boolean[] seed = new boolean[ROWS];
        boolean[] reference = new boolean[ROWS];
        for (int i = 0; i < ROWS; i++) {
            seed[i] = i % 20 == 0;
            reference[i] = i % 20 == 1 || i % 20 == 2;
        }
        boolean[] flags = SeededDiscriminant.defaults().flags(x, seed, reference);
        int flagged = 0;
        for (boolean f : flags) {
            flagged += f ? 1 : 0;
        }
        // About half the class falls on the seed's side: no minority group, which PersistenceCheck's size rule rejects.
        assertTrue(flagged > PersistenceCheck.MAX_GROWN_SHARE * ROWS, flagged + " flagged");
    }

    /**
     * A seed half of poisons and half of ordinary rows puts a wide side beside it; the nearest slice along its
     * discriminant, a sixth of the class, still holds the poison group (the group is the side's far end).
     */
    @Test
    void theNearestSliceOfAWideSideHoldsTheGroup() {
        double[][] x = classRows(12, 6.0);
        boolean[] seed = new boolean[ROWS];
        boolean[] reference = new boolean[ROWS];
        for (int i = 0; i < ROWS; i++) {
            seed[i] = i < 40 || (i >= POISONS && i % 40 == 0);
            reference[i] = !seed[i] && i >= POISONS && i % 2 == 1;
        }
        SeededDiscriminant d = SeededDiscriminant.defaults();
        int size = ROWS / 6;
        boolean[] slice = d.nearest(x, seed, reference, size);
        int[] c = counts(slice);
        System.out.printf("wide side %d rows; nearest slice %d poisons + %d clean%n",
                java.util.stream.IntStream.range(0, ROWS).filter(i -> d.flags(x, seed, reference)[i]).count(), c[0],
                c[1]);
        assertTrue(c[0] + c[1] == size, (c[0] + c[1]) + " rows in the slice");
        assertTrue(c[0] >= 0.95 * POISONS, c[0] + " poisons of " + POISONS + " in the slice");
        for (int i = 0; i < ROWS; i++) {
            assertTrue(!seed[i] || slice[i], "seed row " + i + " not in the slice");
        }
        // A size below the seed's keeps the seed alone; constant activations too.
        assertArrayEquals(seed, d.nearest(x, seed, reference, 10));
        assertArrayEquals(seed, d.nearest(new double[ROWS][4], seed, reference, size));
    }

    @Test
    void rejectsTooFewRowsOverlapsAndRaggedInput() {
        double[][] x = classRows(9, 4.0);
        boolean[] one = new boolean[ROWS];
        one[0] = true;
        boolean[] many = new boolean[ROWS];
        for (int i = 10; i < 100; i++) {
            many[i] = true;
        }
        SeededDiscriminant d = SeededDiscriminant.defaults();
        assertThrows(IllegalArgumentException.class, () -> d.flags(x, one, many));
        assertThrows(IllegalArgumentException.class, () -> d.flags(x, many, many));
        assertThrows(IllegalArgumentException.class, () -> d.flags(x, many, new boolean[3]));
        assertThrows(IllegalArgumentException.class, () -> new SeededDiscriminant(0));
    }

    @Test
    void constantActivationsKeepOnlyTheSeed() {
        double[][] x = new double[50][4];
        boolean[] seed = new boolean[50];
        boolean[] reference = new boolean[50];
        seed[0] = seed[1] = true;
        reference[2] = reference[3] = true;
        assertArrayEquals(seed, SeededDiscriminant.defaults().flags(x, seed, reference));
    }

    /** Rows 0..POISONS-1 are shifted by {@code delta} along the last axis; axes 0-2 carry sd 6, the rest sd 1. */
    private static double[][] classRows(long seed, double delta) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[ROWS][DIM];
        for (int i = 0; i < ROWS; i++) {
            for (int a = 0; a < DIM; a++) {
                x[i][a] = gaussian(r) * (a < 3 ? 6 : 1);
            }
            if (i < POISONS) {
                x[i][DIM - 1] += delta;
            }
        }
        return x;
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
