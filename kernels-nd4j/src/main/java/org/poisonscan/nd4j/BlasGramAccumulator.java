package org.poisonscan.nd4j;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasUpper;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemv;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sger;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_ssyrk;

import org.bytedeco.javacpp.FloatPointer;
import org.poisonscan.api.backend.GramAccumulator;

/**
 * X^T X on the CPU by OpenBLAS's {@code ssyrk} (the upper triangle only: half the multiply-adds of GEMM), called
 * directly on native buffers that are allocated once and reused, so a block of rows costs one memcpy and one BLAS
 * call (ND4J's GEMM path allocated a native array per call). The single-precision triangle is folded into a
 * double-precision total every {@value #FLUSH_ROWS} rows, so rounding error does not grow with the number of rows.
 *
 * <p>{@link #add(float[], int)} sums columns in double in Java. {@link #addShifted}, the scan's path, copies the rows
 * one by one into the native buffer, subtracts the shift there with {@code sger} and sums the columns with
 * {@code sgemv}: single precision within a call (as precise as the triangle), double across calls.
 */
final class BlasGramAccumulator implements GramAccumulator {
    private static final long FLUSH_ROWS = 1 << 14;

    private final int dim;
    private final FloatPointer partial;
    private final double[] total;
    private final double[] sums;
    private final FloatPointer shiftBuffer;
    private final FloatPointer sumsBuffer;
    private final float[] callSums;
    private FloatPointer rowsBuffer;
    private FloatPointer ones;
    private long rowsCapacity;
    private long count;
    private long sinceFlush;

    BlasGramAccumulator(int dim) {
        GramAccumulator.requireDim(dim);
        this.dim = dim;
        this.partial = zeros((long) dim * dim);
        this.shiftBuffer = new FloatPointer(dim);
        this.sumsBuffer = new FloatPointer(dim);
        this.callSums = new float[dim];
        this.total = new double[dim * dim];
        this.sums = new double[dim];
    }

    private static FloatPointer zeros(long n) {
        FloatPointer p = new FloatPointer(n);
        p.zero();
        return p;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public void add(float[] rows, int n) {
        GramAccumulator.requireRows(rows, n, dim);
        if (n == 0) {
            return;
        }
        ensureCapacity(n);
        rowsBuffer.put(rows, 0, n * dim);
        cblas_ssyrk(CblasRowMajor, CblasUpper, CblasTrans, dim, n, 1f, rowsBuffer, dim, 1f, partial, dim);
        addColumnSums(rows, n);
        counted(n);
    }

    @Override
    public void addShifted(float[] features, int[] rows, float[] shift) {
        int n = rows.length;
        if (n == 0) {
            return;
        }
        ensureCapacity(n);
        for (int k = 0; k < n; k++) {
            rowsBuffer.position((long) k * dim).put(features, rows[k] * dim, dim);
        }
        rowsBuffer.position(0);
        shiftBuffer.put(shift, 0, dim);
        // A - 1 shift^T: an exact product and one rounding per value, the same as a float subtraction.
        cblas_sger(CblasRowMajor, n, dim, -1f, ones, 1, shiftBuffer, 1, rowsBuffer, dim);
        cblas_ssyrk(CblasRowMajor, CblasUpper, CblasTrans, dim, n, 1f, rowsBuffer, dim, 1f, partial, dim);
        // Column sums of this call's shifted rows in float (as precise as the Gram's float partial), kept in double.
        cblas_sgemv(CblasRowMajor, CblasTrans, n, dim, 1f, rowsBuffer, dim, ones, 1, 0f, sumsBuffer, 1);
        sumsBuffer.get(callSums, 0, dim);
        for (int i = 0; i < dim; i++) {
            sums[i] += callSums[i];
        }
        counted(n);
    }

    private void counted(int n) {
        count += n;
        sinceFlush += n;
        if (sinceFlush >= FLUSH_ROWS) {
            flush();
        }
    }

    /** Double-precision column sums, four rows per sweep so each sum is loaded and stored once per four values. */
    private void addColumnSums(float[] rows, int n) {
        int r = 0;
        for (; r + 4 <= n; r += 4) {
            int b0 = r * dim;
            int b1 = b0 + dim;
            int b2 = b1 + dim;
            int b3 = b2 + dim;
            for (int i = 0; i < dim; i++) {
                sums[i] += ((double) rows[b0 + i] + rows[b1 + i]) + ((double) rows[b2 + i] + rows[b3 + i]);
            }
        }
        for (; r < n; r++) {
            int base = r * dim;
            for (int i = 0; i < dim; i++) {
                sums[i] += rows[base + i];
            }
        }
    }

    private void ensureCapacity(int n) {
        if (n <= rowsCapacity) {
            return;
        }
        if (rowsBuffer != null) {
            rowsBuffer.close();
            ones.close();
        }
        rowsCapacity = Math.max(n, 2 * rowsCapacity);
        rowsBuffer = new FloatPointer(rowsCapacity * dim);
        float[] one = new float[(int) rowsCapacity];
        java.util.Arrays.fill(one, 1f);
        ones = new FloatPointer(one);
    }

    private void flush() {
        float[] p = new float[dim * dim];
        partial.get(p);
        for (int i = 0; i < dim; i++) {
            for (int j = i; j < dim; j++) {
                total[i * dim + j] += p[i * dim + j];
            }
        }
        partial.zero();
        sinceFlush = 0;
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public double[] gram() {
        flush();
        return GramAccumulator.symmetricFromUpper(total, dim, dim);
    }

    @Override
    public double[] columnSums() {
        return sums.clone();
    }

    @Override
    public void close() {
        partial.close();
        shiftBuffer.close();
        sumsBuffer.close();
        if (rowsBuffer != null) {
            rowsBuffer.close();
            ones.close();
        }
    }
}
