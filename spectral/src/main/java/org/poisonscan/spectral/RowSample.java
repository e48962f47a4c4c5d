package org.poisonscan.spectral;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A seeded uniform sample of at most {@code capacity} rows of {@code dim} values from a stream (Vitter's algorithm R),
 * stored as float32. While the stream is no longer than the capacity, the sample is the whole stream in order. Memory
 * grows with the rows seen up to the capacity, never beyond.
 */
final class RowSample {
    private static final int INITIAL_ROWS = 1024;

    private final int dim;
    private final int capacity;
    private final SplittableRandom random;
    private float[] rows;
    private long seen;

    RowSample(int dim, int capacity, long seed) {
        if (dim < 1 || capacity < 1) {
            throw new IllegalArgumentException("dim and capacity must be >= 1");
        }
        this.dim = dim;
        this.capacity = capacity;
        this.random = new SplittableRandom(seed);
        this.rows = new float[Math.min(capacity, INITIAL_ROWS) * dim];
    }

    /** Offers the row {@code values[offset .. offset + dim)}. */
    void add(double[] values, int offset) {
        int slot;
        if (seen < capacity) {
            slot = (int) seen;
            if ((long) (slot + 1) * dim > rows.length) {
                rows = Arrays.copyOf(rows, (int) Math.min((long) capacity * dim, 2L * rows.length));
            }
        } else {
            long j = random.nextLong(seen + 1);
            seen++;
            if (j >= capacity) {
                return;
            }
            slot = (int) j;
            copy(values, offset, slot);
            return;
        }
        seen++;
        copy(values, offset, slot);
    }

    private void copy(double[] values, int offset, int slot) {
        for (int j = 0; j < dim; j++) {
            rows[slot * dim + j] = (float) values[offset + j];
        }
    }

    /** Rows offered so far. */
    long seen() {
        return seen;
    }

    /** Rows held. */
    int size() {
        return (int) Math.min(seen, capacity);
    }

    /** Whether the sample holds every row offered. */
    boolean exact() {
        return seen <= capacity;
    }

    /** The held rows, row-major {@code size() x dim} (a copy). */
    float[] rows() {
        return Arrays.copyOf(rows, size() * dim);
    }
}
