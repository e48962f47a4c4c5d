package org.poisonscan.djl;

import java.util.stream.IntStream;

/**
 * The rows of a training set still in use: all at first; {@link #drop} removes rows (for example those a scan
 * flagged) from the next epoch on. Not thread-safe: the training loop and its listeners run on one thread.
 */
public final class TrainingRows {
    private final boolean[] dropped;

    /** All {@code size} rows kept. */
    public TrainingRows(int size) {
        this.dropped = new boolean[size];
    }

    /** Removes the given rows (0-based indices into the full training set); returns how many were newly dropped. */
    public int drop(long[] rows) {
        int n = 0;
        for (long r : rows) {
            if (r < 0 || r >= dropped.length) {
                throw new IndexOutOfBoundsException("row " + r + " outside 0.." + (dropped.length - 1));
            }
            if (!dropped[(int) r]) {
                dropped[(int) r] = true;
                n++;
            }
        }
        return n;
    }

    /** The kept rows, ascending. */
    public int[] kept() {
        return IntStream.range(0, dropped.length).filter(i -> !dropped[i]).toArray();
    }

    /** Size of the full training set. */
    public int size() {
        return dropped.length;
    }
}
