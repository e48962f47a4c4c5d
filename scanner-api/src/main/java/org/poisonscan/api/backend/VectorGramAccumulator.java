package org.poisonscan.api.backend;

import java.util.stream.IntStream;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * X^T X with the JDK's Vector API (SIMD): rows are copied in blocks into a buffer padded to a multiple of 8 columns
 * and packed in 8-column panels, each panel holding the block's rows contiguously, and the upper triangle is computed
 * in 4 x 8 tiles held in eight 256-bit registers, each loaded row value feeding eight fused multiply-adds. Packing
 * makes a tile's loads sequential: in a row-major block every row of a tile starts a new memory page at d = 2048, and
 * the kernel was 1.4-1.5 x slower. Values are widened to double before multiplying: a product of two floats is exact
 * in double and sums are double precision, as in the scalar kernel, so results do not depend on how rows are split
 * into calls or partitions beyond double-precision summation order. Large blocks are split over the common fork-join
 * pool by interleaved tile rows (the triangle's rows differ in length); each task writes only its own rows.
 *
 * <p>Loaded only when the {@code jdk.incubator.vector} module is in the boot layer ({@code --add-modules
 * jdk.incubator.vector}); see {@link JavaComputeBackend#newGramAccumulator}.
 */
final class VectorGramAccumulator implements GramAccumulator {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_128;
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_256;
    private static final int LANES = 4;
    private static final int TILE_ROWS = 4;
    private static final int TILE_COLS = 2 * LANES;
    private static final int MAX_BLOCK = 256;
    /** Target size of a block of rows (floats): small enough to stay in a core's L2 cache. */
    private static final int BLOCK_FLOATS = 1 << 17;
    /** Below this many multiply-adds a block runs on the calling thread only. */
    private static final long PARALLEL_WORK = 1L << 22;
    private static final int TASKS_PER_THREAD = 4;

    private final int dim;
    private final int padded;
    private final int blockRows;
    private final float[] block;
    private final double[] upper;
    private final double[] sums;
    private long count;

    VectorGramAccumulator(int dim) {
        GramAccumulator.requireDim(dim);
        this.dim = dim;
        this.padded = (dim + TILE_COLS - 1) / TILE_COLS * TILE_COLS;
        this.blockRows = Math.max(16, Math.min(MAX_BLOCK, BLOCK_FLOATS / padded));
        this.block = new float[blockRows * padded];
        this.upper = new double[padded * padded];
        this.sums = new double[padded];
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public void add(float[] rows, int n) {
        GramAccumulator.requireRows(rows, n, dim);
        for (int start = 0; start < n; start += blockRows) {
            int m = Math.min(blockRows, n - start);
            for (int r = 0; r < m; r++) {
                int from = (start + r) * dim;
                // Padding columns stay zero: they were zeroed at construction and are never written.
                for (int i = 0; i < dim; i += TILE_COLS) {
                    System.arraycopy(rows, from + i, block, at(r, i), Math.min(TILE_COLS, dim - i));
                }
            }
            addColumnSums(m);
            accumulateBlock(m);
        }
        count += n;
    }

    @Override
    public void addShifted(float[] features, int[] rows, float[] shift) {
        int vectorEnd = FLOATS.loopBound(dim);
        for (int start = 0; start < rows.length; start += blockRows) {
            int m = Math.min(blockRows, rows.length - start);
            for (int r = 0; r < m; r++) {
                int from = rows[start + r] * dim;
                int i = 0;
                for (; i < vectorEnd; i += FLOATS.length()) {
                    FloatVector.fromArray(FLOATS, features, from + i).sub(FloatVector.fromArray(FLOATS, shift, i))
                            .intoArray(block, at(r, i));
                }
                for (; i < dim; i++) {
                    block[at(r, i)] = features[from + i] - shift[i];
                }
            }
            addColumnSums(m);
            accumulateBlock(m);
        }
        count += rows.length;
    }

    /** Index of row r, column i in the packed block: 8-column panels, each holding its rows contiguously. */
    private int at(int r, int i) {
        return ((i / TILE_COLS) * blockRows + r) * TILE_COLS + i % TILE_COLS;
    }

    private void addColumnSums(int m) {
        for (int j = 0; j < padded; j += LANES) {
            DoubleVector s = DoubleVector.fromArray(DOUBLES, sums, j);
            for (int r = 0, b = at(0, j); r < m; r++, b += TILE_COLS) {
                s = s.add((DoubleVector) FloatVector.fromArray(FLOATS, block, b)
                        .convertShape(VectorOperators.F2D, DOUBLES, 0));
            }
            s.intoArray(sums, j);
        }
    }

    private void accumulateBlock(int m) {
        int tileRows = padded / TILE_ROWS;
        long work = (long) m * padded * padded / 2;
        int threads = Runtime.getRuntime().availableProcessors();
        if (work < PARALLEL_WORK || threads < 2) {
            tileRowsFrom(0, 1, tileRows, m);
            return;
        }
        int tasks = Math.min(tileRows, threads * TASKS_PER_THREAD);
        IntStream.range(0, tasks).parallel().forEach(t -> tileRowsFrom(t, tasks, tileRows, m));
    }

    /** Accumulates tile rows {@code first, first + step, ...} of the upper triangle over the block's m rows. */
    private void tileRowsFrom(int first, int step, int tileRows, int m) {
        for (int t = first; t < tileRows; t += step) {
            int i = t * TILE_ROWS;
            for (int j = i / TILE_COLS * TILE_COLS; j < padded; j += TILE_COLS) {
                tile(i, j, m);
            }
        }
    }

    private void tile(int i, int j, int m) {
        DoubleVector c00 = DoubleVector.zero(DOUBLES);
        DoubleVector c01 = c00;
        DoubleVector c10 = c00;
        DoubleVector c11 = c00;
        DoubleVector c20 = c00;
        DoubleVector c21 = c00;
        DoubleVector c30 = c00;
        DoubleVector c31 = c00;
        float[] x = block;
        int bi = at(0, i);
        for (int r = 0, b = at(0, j); r < m; r++, b += TILE_COLS, bi += TILE_COLS) {
            DoubleVector y0 = (DoubleVector) FloatVector.fromArray(FLOATS, x, b)
                    .convertShape(VectorOperators.F2D, DOUBLES, 0);
            DoubleVector y1 = (DoubleVector) FloatVector.fromArray(FLOATS, x, b + LANES)
                    .convertShape(VectorOperators.F2D, DOUBLES, 0);
            DoubleVector a = DoubleVector.broadcast(DOUBLES, x[bi]);
            c00 = a.fma(y0, c00);
            c01 = a.fma(y1, c01);
            a = DoubleVector.broadcast(DOUBLES, x[bi + 1]);
            c10 = a.fma(y0, c10);
            c11 = a.fma(y1, c11);
            a = DoubleVector.broadcast(DOUBLES, x[bi + 2]);
            c20 = a.fma(y0, c20);
            c21 = a.fma(y1, c21);
            a = DoubleVector.broadcast(DOUBLES, x[bi + 3]);
            c30 = a.fma(y0, c30);
            c31 = a.fma(y1, c31);
        }
        int row = i * padded + j;
        fold(c00, row);
        fold(c01, row + LANES);
        row += padded;
        fold(c10, row);
        fold(c11, row + LANES);
        row += padded;
        fold(c20, row);
        fold(c21, row + LANES);
        row += padded;
        fold(c30, row);
        fold(c31, row + LANES);
    }

    private void fold(DoubleVector v, int at) {
        v.add(DoubleVector.fromArray(DOUBLES, upper, at)).intoArray(upper, at);
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public double[] gram() {
        // A tile row starting at i covers every column from i's 8-column tile on, so (i, j >= i) is summed.
        return GramAccumulator.symmetricFromUpper(upper, padded, dim);
    }

    @Override
    public double[] columnSums() {
        return java.util.Arrays.copyOf(sums, dim);
    }
}
