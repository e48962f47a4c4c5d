package org.poisonscan.api.stats;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A uniform sample of at most {@code capacity} values from a stream of rows, chosen by a seeded hash of each row's
 * global index ({@link BottomK}), so the same input gives the same sample however it is split or ordered; samples of
 * disjoint parts {@link #merge merge} into the sample of the whole. While the stream is no longer than the capacity,
 * the sample is the whole stream. The sample is handed out in ascending row-index order.
 */
public final class Reservoir implements Serializable {
    private static final long serialVersionUID = 1L;

    private BottomK chooser;
    private double[] values;

    public Reservoir(int capacity, long seed) {
        this.chooser = new BottomK(capacity, seed);
        this.values = new double[Math.min(capacity, 1024)];
    }

    /** Offers the value of the row with global index {@code rowIndex}. */
    public void add(long rowIndex, double v) {
        int slot = chooser.offer(rowIndex);
        if (slot >= 0) {
            if (slot >= values.length) {
                values = Arrays.copyOf(values, (int) Math.min(chooser.capacity(), 2L * values.length));
            }
            values[slot] = v;
        }
    }

    /** Adds the sample of a disjoint part of the stream (same capacity and seed); returns this. */
    public Reservoir merge(Reservoir other) {
        int[] origin = new int[chooser.capacity()];
        BottomK merged = BottomK.merge(chooser, other.chooser, origin);
        double[] out = new double[Math.max(1, merged.size())];
        for (int s = 0; s < merged.size(); s++) {
            int o = origin[s];
            out[s] = o >= 0 ? values[o] : other.values[-(o + 1)];
        }
        chooser = merged;
        values = out;
        return this;
    }

    /** Values offered so far. */
    public long seen() {
        return chooser.seen();
    }

    /** Whether the sample holds every value offered. */
    public boolean exact() {
        return chooser.exact();
    }

    /** A copy of the sample, in ascending row-index order. */
    public double[] sample() {
        int[] order = chooser.slotsInRowOrder();
        double[] out = new double[order.length];
        for (int i = 0; i < order.length; i++) {
            out[i] = values[order[i]];
        }
        return out;
    }
}
