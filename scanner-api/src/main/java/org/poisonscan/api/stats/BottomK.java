package org.poisonscan.api.stats;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Chooses a uniform sample of at most {@code capacity} rows from a stream: the rows whose seeded hash of their global
 * row index is smallest (bottom-k sampling). Unlike Vitter's algorithm R, the choice depends only on the seed and the
 * row indices offered, never on the order in which they arrive or on how the stream was split: two samplers that saw
 * disjoint parts of the input {@link #merge merge} into exactly the sampler that saw all of it. That is what lets a
 * partitioned (Spark) fit and a single-machine fit sample the same rows. While the stream is no longer than the
 * capacity, every row is kept.
 *
 * <p>This class chooses slots; the owner stores each row's values at the slot {@link #offer} returns
 * ({@link Reservoir} for single values, {@link IndexedRows} for rows of floats). Row indices must be distinct, as
 * an input's row numbers are.
 */
public final class BottomK implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int INITIAL_SLOTS = 1024;

    private final int capacity;
    private final long seed;
    private long[] index;
    private long[] priority;
    /** Slots arranged as a max-heap on (priority, index): the root is the row to evict first. */
    private int[] heap;
    private int size;
    private long seen;

    /**
     * @param capacity most rows kept (>= 1)
     * @param seed seed of the hash; the same seed and row indices give the same sample
     */
    public BottomK(int capacity, long seed) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        this.seed = seed;
        int initial = Math.min(capacity, INITIAL_SLOTS);
        this.index = new long[initial];
        this.priority = new long[initial];
        this.heap = new int[initial];
    }

    /** The hash that orders rows: SplitMix64's finaliser of the seed and the row index, uniform over longs. */
    public static long priority(long seed, long rowIndex) {
        long z = seed + 0x9E3779B97F4A7C15L * (rowIndex + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        // A second round decorrelates neighbouring seeds (seed + label is a common choice).
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        return z ^ (z >>> 33);
    }

    /**
     * Offers the row with global index {@code rowIndex}.
     *
     * @return the slot where the owner stores the row's values (a new slot while the sample is not full, else the
     *     slot of the row it evicts), or -1 when the row is not kept
     */
    public int offer(long rowIndex) {
        seen++;
        long p = priority(seed, rowIndex);
        if (size < capacity) {
            if (size == index.length) {
                int grown = (int) Math.min(capacity, 2L * index.length);
                index = Arrays.copyOf(index, grown);
                priority = Arrays.copyOf(priority, grown);
                heap = Arrays.copyOf(heap, grown);
            }
            int slot = size++;
            index[slot] = rowIndex;
            priority[slot] = p;
            heap[slot] = slot;
            siftUp(slot);
            return slot;
        }
        int top = heap[0];
        if (!less(p, rowIndex, priority[top], index[top])) {
            return -1;
        }
        index[top] = rowIndex;
        priority[top] = p;
        siftDown(0);
        return top;
    }

    /** Most rows kept. */
    public int capacity() {
        return capacity;
    }

    /** The seed. */
    public long seed() {
        return seed;
    }

    /** Rows offered so far (over every merged part). */
    public long seen() {
        return seen;
    }

    /** Rows kept. */
    public int size() {
        return size;
    }

    /** Whether every row offered is kept. */
    public boolean exact() {
        return seen <= capacity;
    }

    /** The global row index of the row at a slot. */
    public long rowIndex(int slot) {
        return index[slot];
    }

    /** The occupied slots in ascending row-index order: the order in which owners hand out their samples. */
    public int[] slotsInRowOrder() {
        Integer[] slots = new Integer[size];
        for (int i = 0; i < size; i++) {
            slots[i] = i;
        }
        Arrays.sort(slots, (a, b) -> Long.compare(index[a], index[b]));
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = slots[i];
        }
        return out;
    }

    /**
     * The sample of two samplers with the same capacity and seed that saw disjoint rows.
     *
     * @param origin receives, per slot of the result, the slot in {@code left} it comes from ({@code >= 0}) or
     *     {@code -(slot + 1)} for a slot of {@code right}; at least {@code capacity} long
     */
    public static BottomK merge(BottomK left, BottomK right, int[] origin) {
        if (left.capacity != right.capacity || left.seed != right.seed) {
            throw new IllegalArgumentException("samplers differ in capacity or seed: " + left.capacity + "/"
                    + left.seed + " and " + right.capacity + "/" + right.seed);
        }
        int total = left.size + right.size;
        long[][] entries = new long[total][];
        for (int s = 0; s < left.size; s++) {
            entries[s] = new long[] {left.priority[s], left.index[s], s};
        }
        for (int s = 0; s < right.size; s++) {
            entries[left.size + s] = new long[] {right.priority[s], right.index[s], -(s + 1)};
        }
        if (total > left.capacity) {
            Arrays.sort(entries, (a, b) -> less(a[0], a[1], b[0], b[1]) ? -1 : less(b[0], b[1], a[0], a[1]) ? 1 : 0);
        }
        int kept = Math.min(total, left.capacity);
        BottomK out = new BottomK(left.capacity, left.seed);
        out.index = new long[Math.max(kept, 1)];
        out.priority = new long[Math.max(kept, 1)];
        out.heap = new int[Math.max(kept, 1)];
        for (int i = 0; i < kept; i++) {
            out.priority[i] = entries[i][0];
            out.index[i] = entries[i][1];
            origin[i] = (int) entries[i][2];
            out.heap[i] = i;
            out.size = i + 1;
            out.siftUp(i);
        }
        out.seen = left.seen + right.seen;
        return out;
    }

    private static boolean less(long p1, long i1, long p2, long i2) {
        return p1 < p2 || (p1 == p2 && i1 < i2);
    }

    private boolean heapLess(int a, int b) {
        return less(priority[heap[a]], index[heap[a]], priority[heap[b]], index[heap[b]]);
    }

    private void siftUp(int pos) {
        while (pos > 0) {
            int parent = (pos - 1) / 2;
            if (!heapLess(parent, pos)) {
                return;
            }
            swap(parent, pos);
            pos = parent;
        }
    }

    private void siftDown(int pos) {
        while (true) {
            int l = 2 * pos + 1;
            int r = l + 1;
            int largest = pos;
            if (l < size && heapLess(largest, l)) {
                largest = l;
            }
            if (r < size && heapLess(largest, r)) {
                largest = r;
            }
            if (largest == pos) {
                return;
            }
            swap(pos, largest);
            pos = largest;
        }
    }

    private void swap(int a, int b) {
        int t = heap[a];
        heap[a] = heap[b];
        heap[b] = t;
    }
}
