package org.poisonscan.nd4j;

import org.poisonscan.api.backend.GramAccumulator;
import org.poisonscan.api.backend.JavaComputeBackend;

/**
 * Hands the Gram matrix to the Java kernels once a block holds a column of tiny, non-zero values. The native
 * accumulators multiply in single precision, where the square of a value below about 1e-19 is zero or a subnormal
 * with few bits: a class of activations scaled by 1e-23 was judged with 77 false positives on the native backend and
 * one of 1e-26 was skipped as constant, while the Java kernels (double products) got both right. Values that small
 * are rare, so the check is a max per column over each block that stops once every column has shown an ordinary
 * value (a row or two of dense activations; the whole block where a unit is always zero, d operations per row
 * against d^2 / 2 for the product), and the switch is for the rest of the stream: rows already added stay in the
 * native total.
 */
final class TinyValueGuard implements GramAccumulator {
    /** Below this (2^-40, about 9e-13) a column's squares lose bits in single precision products with its neighbours. */
    static final float TINY = 0x1p-40f;

    private final GramAccumulator fast;
    private GramAccumulator exact;

    TinyValueGuard(GramAccumulator fast) {
        this.fast = fast;
    }

    @Override
    public int dim() {
        return fast.dim();
    }

    @Override
    public void add(float[] rows, int n) {
        if (exact == null && hasTinyColumn(rows, null, null, n)) {
            exact = new JavaComputeBackend().newGramAccumulator(dim());
        }
        (exact != null ? exact : fast).add(rows, n);
    }

    @Override
    public void addShifted(float[] features, int[] rows, float[] shift) {
        if (exact == null && hasTinyColumn(features, rows, shift, rows.length)) {
            exact = new JavaComputeBackend().newGramAccumulator(dim());
        }
        (exact != null ? exact : fast).addShifted(features, rows, shift);
    }

    /**
     * Whether some column's largest magnitude (after the shift, if any) is positive and below {@link #TINY}. Stops as
     * soon as every column has shown a value of at least {@link #TINY}: after a row or two for dense activations.
     */
    private boolean hasTinyColumn(float[] values, int[] rows, float[] shift, int n) {
        int d = dim();
        float[] max = new float[d];
        int undecided = d;
        for (int k = 0; k < n && undecided > 0; k++) {
            int base = (rows == null ? k : rows[k]) * d;
            for (int i = 0; i < d; i++) {
                float v = Math.abs(shift == null ? values[base + i] : values[base + i] - shift[i]);
                if (v > max[i]) {
                    if (max[i] < TINY && v >= TINY) {
                        undecided--;
                    }
                    max[i] = v;
                }
            }
        }
        for (float m : max) {
            if (m > 0 && m < TINY) {
                return true;
            }
        }
        return false;
    }

    @Override
    public long count() {
        return fast.count() + (exact == null ? 0 : exact.count());
    }

    @Override
    public double[] gram() {
        return exact == null ? fast.gram() : sum(fast.gram(), exact.gram());
    }

    @Override
    public double[] columnSums() {
        return exact == null ? fast.columnSums() : sum(fast.columnSums(), exact.columnSums());
    }

    /** {@code a + b} elementwise, into {@code a}. */
    private static double[] sum(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
        return a;
    }

    @Override
    public void close() {
        fast.close();
        if (exact != null) {
            exact.close();
        }
    }
}
