package org.poisonscan.ac;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A uniform sample of at most {@code capacity} fixed-width rows from a stream (Vitter's algorithm R), seeded so that
 * the same stream gives the same sample. While the stream is no longer than the capacity the sample is the whole
 * stream, in stream order. Memory: {@code capacity * width} floats, whatever the stream's length.
 */
final class RowSample {
    private final float[] rows;
    private final int width;
    private final int capacity;
    private final SplittableRandom random;
    private long seen;

    RowSample(int capacity, int width, long seed) {
        this.capacity = capacity;
        this.width = width;
        this.rows = new float[Math.multiplyExact(capacity, width)];
        this.random = new SplittableRandom(seed);
    }

    /** Offers the row of {@code width} values starting at {@code offset}. */
    void add(float[] src, int offset) {
        int slot;
        if (seen < capacity) {
            slot = (int) seen;
        } else {
            long j = random.nextLong(seen + 1);
            slot = j < capacity ? (int) j : -1;
        }
        if (slot >= 0) {
            System.arraycopy(src, offset, rows, slot * width, width);
        }
        seen++;
    }

    /** Rows offered so far. */
    long seen() {
        return seen;
    }

    /** Rows held. */
    int size() {
        return (int) Math.min(seen, capacity);
    }

    /** Row width. */
    int width() {
        return width;
    }

    /** A copy of the held rows, row-major. */
    float[] rows() {
        return Arrays.copyOf(rows, size() * width);
    }
}
