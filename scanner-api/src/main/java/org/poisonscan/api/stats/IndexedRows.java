package org.poisonscan.api.stats;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A uniform sample of at most {@code capacity} rows of {@code width} values (stored as float32), chosen by a seeded
 * hash of each row's global index ({@link BottomK}): the same input gives the same sample however it is split into
 * batches or partitions, and samples of disjoint parts {@link #mergeFrom merge} into the sample of the whole. While
 * the stream is no longer than the capacity, the sample is the whole stream. Rows are handed out in ascending
 * row-index order (input order on one machine). Memory grows with the rows kept, never beyond the capacity.
 */
public class IndexedRows implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int width;
    private BottomK chooser;
    private float[] rows;

    /**
     * @param capacity most rows kept
     * @param width values per row
     * @param seed seed of the choice
     */
    public IndexedRows(int capacity, int width, long seed) {
        if (width < 1) {
            throw new IllegalArgumentException("width must be >= 1, got " + width);
        }
        this.width = width;
        this.chooser = new BottomK(capacity, seed);
        this.rows = new float[Math.multiplyExact(Math.min(capacity, 1024), width)];
    }

    /** Offers the row with global index {@code rowIndex}: {@code width} values of {@code src} from {@code offset}. */
    public final void add(long rowIndex, float[] src, int offset) {
        int slot = slot(rowIndex);
        if (slot >= 0) {
            System.arraycopy(src, offset, rows, slot * width, width);
        }
    }

    /** Offers a row given in double precision (stored rounded to float32). */
    public final void add(long rowIndex, double[] src, int offset) {
        int slot = slot(rowIndex);
        if (slot >= 0) {
            for (int j = 0; j < width; j++) {
                rows[slot * width + j] = (float) src[offset + j];
            }
        }
    }

    private int slot(long rowIndex) {
        int slot = chooser.offer(rowIndex);
        if (slot >= 0 && (long) (slot + 1) * width > rows.length) {
            rows = Arrays.copyOf(rows, (int) Math.min((long) chooser.capacity() * width, 2L * rows.length));
        }
        return slot;
    }

    /** Adds the sample of a disjoint part of the input (same capacity, width and seed). */
    public final void mergeFrom(IndexedRows other) {
        if (other.width != width) {
            throw new IllegalArgumentException("widths differ: " + width + " and " + other.width);
        }
        int[] origin = new int[chooser.capacity()];
        BottomK merged = BottomK.merge(chooser, other.chooser, origin);
        float[] out = new float[Math.max(1, merged.size()) * width];
        for (int s = 0; s < merged.size(); s++) {
            int o = origin[s];
            float[] src = o >= 0 ? rows : other.rows;
            int from = o >= 0 ? o : -(o + 1);
            System.arraycopy(src, from * width, out, s * width, width);
        }
        chooser = merged;
        rows = out;
    }

    /** Rows offered so far. */
    public final long seen() {
        return chooser.seen();
    }

    /** Rows held. */
    public final int size() {
        return chooser.size();
    }

    /** Values per row. */
    public final int width() {
        return width;
    }

    /** Whether the sample holds every row offered. */
    public final boolean exact() {
        return chooser.exact();
    }

    /** The held rows, row-major {@code size() x width}, in ascending row-index order (a copy). */
    public final float[] rows() {
        int[] order = chooser.slotsInRowOrder();
        float[] out = new float[order.length * width];
        for (int i = 0; i < order.length; i++) {
            System.arraycopy(rows, order[i] * width, out, i * width, width);
        }
        return out;
    }

    /** The global row indices of the held rows, ascending. */
    public final long[] rowIndices() {
        int[] order = chooser.slotsInRowOrder();
        long[] out = new long[order.length];
        for (int i = 0; i < order.length; i++) {
            out[i] = chooser.rowIndex(order[i]);
        }
        return out;
    }
}
