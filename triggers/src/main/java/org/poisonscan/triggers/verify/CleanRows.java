package org.poisonscan.triggers.verify;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/** Chooses the clean inputs a hypothesis is stamped on: unflagged rows of classes other than the target. */
public final class CleanRows {
    private CleanRows() {
    }

    /**
     * The unflagged rows of classes other than {@code target}, at most {@code limit}, drawn without replacement with
     * {@code seed} and returned ascending.
     */
    public static int[] ofOtherClasses(int[] labels, boolean[] flagged, int target, int limit, long seed) {
        int[] rows = IntStream.range(0, labels.length).filter(i -> labels[i] != target && !flagged[i]).toArray();
        SplittableRandom random = new SplittableRandom(seed);
        int k = Math.min(limit, rows.length);
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(rows.length - i);
            int t = rows[i];
            rows[i] = rows[j];
            rows[j] = t;
        }
        int[] out = Arrays.copyOf(rows, k);
        Arrays.sort(out);
        return out;
    }
}
