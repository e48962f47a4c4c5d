package org.poisonscan.api.stats;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.pass.Accumulator;
import org.poisonscan.api.pass.Aggregation;

/**
 * Per class, its first {@value ClassMoments#SHIFT_ROWS} rows in row-index order, found over partitions (the rows of
 * smallest index win a merge). Their mean is the shift of {@link ClassMoments}; a single stream in row order finds
 * the same rows as they arrive, so both compute the same shift, bit for bit.
 */
final class FirstRows implements Aggregation<TreeMap<Integer, FirstRows.Rows>> {
    private static final long serialVersionUID = 1L;

    @Override
    public Accumulator<TreeMap<Integer, Rows>> start(ComputeBackend backend, int dim) {
        TreeMap<Integer, Rows> out = new TreeMap<>();
        return new Accumulator<>() {
            @Override
            public void add(Batch b) {
                for (Map.Entry<Integer, int[]> e : ClassRows.of(b).entrySet()) {
                    Rows r = out.computeIfAbsent(e.getKey(), k -> new Rows(dim));
                    // Every row of the batch below the largest index kept competes (with an id column, rows need not
                    // arrive in index order); once full, most batches have none.
                    int[] candidates = r.below(b, e.getValue());
                    if (candidates.length > 0) {
                        Rows batchRows = new Rows(dim, Integer.MAX_VALUE);
                        batchRows.take(b, candidates);
                        r.keepFirst(batchRows);
                    }
                }
            }

            @Override
            public TreeMap<Integer, Rows> finish() {
                return out;
            }
        };
    }

    @Override
    public TreeMap<Integer, Rows> merge(TreeMap<Integer, Rows> left, TreeMap<Integer, Rows> right) {
        right.forEach((label, r) -> left.merge(label, r, (a, b) -> {
            a.keepFirst(b);
            return a;
        }));
        return left;
    }

    /** At most {@value ClassMoments#SHIFT_ROWS} rows of one class with their indices, ascending by index. */
    static final class Rows implements Serializable {
        private static final long serialVersionUID = 1L;
        private final int dim;
        private final int capacity;
        private long[] index = new long[0];
        private float[] rows = new float[0];

        Rows(int dim) {
            this(dim, ClassMoments.SHIFT_ROWS);
        }

        Rows(int dim, int capacity) {
            this.dim = dim;
            this.capacity = capacity;
        }

        int size() {
            return index.length;
        }

        /** The positions whose row could still enter: all while not full, else those below the largest index. */
        int[] below(Batch b, int[] positions) {
            if (index.length < capacity) {
                return positions;
            }
            long largest = index[index.length - 1];
            return java.util.Arrays.stream(positions).filter(p -> b.rowIndex()[p] < largest).toArray();
        }

        /**
         * Appends the given rows of a batch in batch order, up to the capacity (on a single stream the rows arrive in
         * index order, so these are the first ones).
         *
         * @return how many of them were taken
         */
        int take(Batch b, int[] positions) {
            int n = Math.min(positions.length, capacity - index.length);
            int old = index.length;
            index = Arrays.copyOf(index, old + n);
            rows = Arrays.copyOf(rows, (old + n) * dim);
            for (int i = 0; i < n; i++) {
                index[old + i] = b.rowIndex()[positions[i]];
                System.arraycopy(b.features(), positions[i] * dim, rows, (old + i) * dim, dim);
            }
            return n;
        }

        /** Keeps the rows of smallest index among these and {@code other}'s. */
        void keepFirst(Rows other) {
            int total = index.length + other.index.length;
            Integer[] order = new Integer[total];
            for (int i = 0; i < total; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (x, y) -> Long.compare(indexAt(other, x), indexAt(other, y)));
            int n = Math.min(total, ClassMoments.SHIFT_ROWS);
            long[] idx = new long[n];
            float[] r = new float[n * dim];
            for (int i = 0; i < n; i++) {
                int o = order[i];
                idx[i] = indexAt(other, o);
                float[] src = o < index.length ? rows : other.rows;
                int from = o < index.length ? o : o - index.length;
                System.arraycopy(src, from * dim, r, i * dim, dim);
            }
            index = idx;
            rows = r;
        }

        private long indexAt(Rows other, int i) {
            return i < index.length ? index[i] : other.index[i - index.length];
        }

        /**
         * The mean of the rows, summed in index order and rounded to float: shifting a float row by it is then one
         * correctly rounded float subtraction, with the same result as in double (see
         * {@link org.poisonscan.api.backend.GramAccumulator#addShifted}).
         */
        double[] mean() {
            double[] m = new double[dim];
            for (int r = 0; r < index.length; r++) {
                for (int i = 0; i < dim; i++) {
                    m[i] += rows[r * dim + i];
                }
            }
            for (int i = 0; i < dim; i++) {
                m[i] = (float) (m[i] / index.length);
            }
            return m;
        }

        /** The rows as a batch, in index order. */
        Batch asBatch() {
            return new Batch(rows, index.length, dim, new int[index.length], index, null);
        }
    }
}
