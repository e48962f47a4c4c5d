package org.poisonscan.nd4j;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.poisonscan.api.backend.GramAccumulator;

/**
 * X^T X by ND4J's GEMM ({@code C += A^T A}, one call per block of rows) into a native d x d single-precision
 * accumulator folded into a double-precision total every {@value #FLUSH_ROWS} rows, so rounding error does not grow
 * with the number of rows. Column sums are double precision. Used on non-CPU ND4J backends (CUDA); on the CPU,
 * {@link BlasGramAccumulator} calls OpenBLAS directly.
 */
final class Nd4jGramAccumulator implements GramAccumulator {
    private static final long FLUSH_ROWS = 1 << 16;

    private final int dim;
    private final INDArray partial;
    private final double[] total;
    private final double[] sums;
    private long count;
    private long sinceFlush;

    Nd4jGramAccumulator(int dim) {
        GramAccumulator.requireDim(dim);
        this.dim = dim;
        this.partial = Nd4j.zeros(DataType.FLOAT, dim, dim);
        this.total = new double[dim * dim];
        this.sums = new double[dim];
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
        try (INDArray a = NativeArrays.fromFloats(rows, n, dim)) {
            Nd4j.gemm(a, a, partial, true, false, 1.0, 1.0);
        }
        for (int r = 0; r < n; r++) {
            int base = r * dim;
            for (int i = 0; i < dim; i++) {
                sums[i] += rows[base + i];
            }
        }
        count += n;
        sinceFlush += n;
        if (sinceFlush >= FLUSH_ROWS) {
            flush();
        }
    }

    private void flush() {
        float[] p = NativeArrays.toFloats(partial);
        for (int i = 0; i < total.length; i++) {
            total[i] += p[i];
        }
        partial.assign(0);
        sinceFlush = 0;
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public double[] gram() {
        flush();
        double[] g = total.clone();
        // GEMM fills both triangles; symmetrise exactly so eigen-solvers see a symmetric matrix.
        for (int i = 0; i < dim; i++) {
            for (int j = i + 1; j < dim; j++) {
                double v = 0.5 * (g[i * dim + j] + g[j * dim + i]);
                g[i * dim + j] = v;
                g[j * dim + i] = v;
            }
        }
        return g;
    }

    @Override
    public double[] columnSums() {
        return sums.clone();
    }

    @Override
    public void close() {
        partial.close();
    }
}
