package org.poisonscan.api.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A uniform sample of at most {@code capacity} values from a stream (Vitter's algorithm R), seeded so that the same
 * stream gives the same sample. While the stream is no longer than the capacity, the sample is the whole stream.
 */
public final class Reservoir {
    private final double[] values;
    private final SplittableRandom random;
    private long seen;

    public Reservoir(int capacity, long seed) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1");
        }
        this.values = new double[capacity];
        this.random = new SplittableRandom(seed);
    }

    /** Offers one value. */
    public void add(double v) {
        if (seen < values.length) {
            values[(int) seen] = v;
        } else {
            long j = random.nextLong(seen + 1);
            if (j < values.length) {
                values[(int) j] = v;
            }
        }
        seen++;
    }

    /** Values offered so far. */
    public long seen() {
        return seen;
    }

    /** Whether the sample holds every value offered. */
    public boolean exact() {
        return seen <= values.length;
    }

    /** A copy of the sample. */
    public double[] sample() {
        return Arrays.copyOf(values, (int) Math.min(seen, values.length));
    }
}
