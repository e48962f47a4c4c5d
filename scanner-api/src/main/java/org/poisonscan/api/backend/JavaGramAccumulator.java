package org.poisonscan.api.backend;

/**
 * Pure-Java X^T X accumulation. Rows are taken in blocks of {@value #BLOCK}, transposed into a column-major buffer
 * (padded to a multiple of 4 columns), and the upper triangle of the Gram matrix is computed in 4 x 4 register tiles,
 * so each loaded value feeds four multiply-adds. Sums are double precision.
 */
final class JavaGramAccumulator implements GramAccumulator {
    private static final int BLOCK = 128;
    private static final int TILE = 4;

    private final int dim;
    private final int padded;
    private final double[] upper;
    private final double[] sums;
    private final float[] columns;
    private long count;

    JavaGramAccumulator(int dim) {
        GramAccumulator.requireDim(dim);
        this.dim = dim;
        this.padded = (dim + TILE - 1) / TILE * TILE;
        this.upper = new double[padded * padded];
        this.sums = new double[dim];
        this.columns = new float[padded * BLOCK];
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public void add(float[] rows, int n) {
        GramAccumulator.requireRows(rows, n, dim);
        for (int start = 0; start < n; start += BLOCK) {
            int m = Math.min(BLOCK, n - start);
            transpose(rows, start, m);
            accumulateBlock(m);
        }
        count += n;
    }

    private void transpose(float[] rows, int start, int m) {
        for (int r = 0; r < m; r++) {
            int base = (start + r) * dim;
            for (int i = 0; i < dim; i++) {
                float x = rows[base + i];
                columns[i * BLOCK + r] = x;
                sums[i] += x;
            }
        }
        // Zero the rows of the block that are not filled, so padded tiles and short blocks add nothing.
        for (int i = 0; i < padded; i++) {
            int from = i < dim ? i * BLOCK + m : i * BLOCK;
            java.util.Arrays.fill(columns, from, (i + 1) * BLOCK, 0f);
        }
    }

    private void accumulateBlock(int m) {
        for (int i0 = 0; i0 < padded; i0 += TILE) {
            int a0 = i0 * BLOCK;
            int a1 = a0 + BLOCK;
            int a2 = a1 + BLOCK;
            int a3 = a2 + BLOCK;
            for (int j0 = i0; j0 < padded; j0 += TILE) {
                int b0 = j0 * BLOCK;
                int b1 = b0 + BLOCK;
                int b2 = b1 + BLOCK;
                int b3 = b2 + BLOCK;
                double c00 = 0, c01 = 0, c02 = 0, c03 = 0;
                double c10 = 0, c11 = 0, c12 = 0, c13 = 0;
                double c20 = 0, c21 = 0, c22 = 0, c23 = 0;
                double c30 = 0, c31 = 0, c32 = 0, c33 = 0;
                for (int r = 0; r < m; r++) {
                    double x0 = columns[a0 + r];
                    double x1 = columns[a1 + r];
                    double x2 = columns[a2 + r];
                    double x3 = columns[a3 + r];
                    double y0 = columns[b0 + r];
                    double y1 = columns[b1 + r];
                    double y2 = columns[b2 + r];
                    double y3 = columns[b3 + r];
                    c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
                    c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
                    c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
                    c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
                }
                int c = i0 * padded + j0;
                upper[c] += c00; upper[c + 1] += c01; upper[c + 2] += c02; upper[c + 3] += c03;
                c += padded;
                upper[c] += c10; upper[c + 1] += c11; upper[c + 2] += c12; upper[c + 3] += c13;
                c += padded;
                upper[c] += c20; upper[c + 1] += c21; upper[c + 2] += c22; upper[c + 3] += c23;
                c += padded;
                upper[c] += c30; upper[c + 1] += c31; upper[c + 2] += c32; upper[c + 3] += c33;
            }
        }
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public double[] gram() {
        // Tiles on the diagonal are full 4x4 blocks, so (i, j) with j >= i is always in a computed tile.
        return GramAccumulator.symmetricFromUpper(upper, padded, dim);
    }

    @Override
    public double[] columnSums() {
        return sums.clone();
    }
}
