package org.poisonscan.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.stats.BottomK;
import org.poisonscan.api.stats.IndexedRows;
import org.poisonscan.api.stats.Reservoir;

/**
 * The samples that partitioned and single-machine fits share: they must depend on the seed and the row indices only,
 * never on arrival order or on how the input was split, and still be uniform.
 */
class SamplingTest {

    @Test
    void theSampleDoesNotDependOnOrderOrOnTheSplit() {
        int n = 5_000;
        Reservoir whole = new Reservoir(300, 42);
        for (int i = 0; i < n; i++) {
            whole.add(i, i * 0.5);
        }
        List<Integer> shuffled = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            shuffled.add(i);
        }
        Collections.shuffle(shuffled, new Random(3));
        // Four parts of unequal sizes, each in shuffled order, merged in a tree.
        int[] cuts = {0, 700, 2_900, 3_000, n};
        Reservoir[] parts = new Reservoir[4];
        for (int p = 0; p < 4; p++) {
            parts[p] = new Reservoir(300, 42);
            for (int k = cuts[p]; k < cuts[p + 1]; k++) {
                int i = shuffled.get(k);
                parts[p].add(i, i * 0.5);
            }
        }
        Reservoir merged = parts[3].merge(parts[1]).merge(parts[0].merge(parts[2]));
        assertArrayEquals(whole.sample(), merged.sample());
        assertEquals(n, merged.seen());
        assertFalse(merged.exact());
        double[] s = merged.sample();
        for (int i = 1; i < s.length; i++) {
            assertTrue(s[i] > s[i - 1], "handed out in row-index order");
        }
    }

    @Test
    void smallStreamsAreKeptWholeInRowOrder() {
        IndexedRows a = new IndexedRows(10, 2, 1);
        IndexedRows b = new IndexedRows(10, 2, 1);
        a.add(3, new float[] {3, 30}, 0);
        b.add(1, new double[] {1, 10}, 0);
        a.add(7, new float[] {7, 70}, 0);
        a.mergeFrom(b);
        assertTrue(a.exact());
        assertArrayEquals(new float[] {1, 10, 3, 30, 7, 70}, a.rows());
        assertArrayEquals(new long[] {1, 3, 7}, a.rowIndices());
    }

    @Test
    void everyRowIsEquallyLikelyAcrossSeeds() {
        long[] hits = new long[8];
        int trials = 4_000;
        for (int seed = 0; seed < trials; seed++) {
            IndexedRows s = new IndexedRows(2, 1, seed);
            for (int i = 0; i < 8; i++) {
                s.add(i, new float[] {i}, 0);
            }
            for (float v : s.rows()) {
                hits[(int) v]++;
            }
        }
        // Each row is kept with probability 2/8: 1,000 of 4,000 trials, binomial sd about 27.
        for (long h : hits) {
            assertEquals(1_000, h, 120);
        }
    }

    @Test
    void seedsChangeTheSampleAndMismatchedSamplersRefuseToMerge() {
        Reservoir a = new Reservoir(5, 1);
        Reservoir b = new Reservoir(5, 2);
        for (int i = 0; i < 100; i++) {
            a.add(i, i);
            b.add(i, i);
        }
        assertFalse(Arrays.equals(a.sample(), b.sample()));
        assertThrows(IllegalArgumentException.class, () -> a.merge(b));
        assertThrows(IllegalArgumentException.class, () -> new BottomK(0, 1));
    }
}
