package org.poisonscan.api.backend;

import java.util.stream.IntStream;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * X^T X with the JDK's Vector API (SIMD), in double precision. Rows are buffered, widened to double, in a block of up
 * to {@value #MAX_BLOCK} rows padded to a multiple of 8 columns and packed in 4-column panels (each panel holds the
 * block's rows contiguously, so a tile's loads are sequential: in a row-major block every row of a tile starts a new
 * memory page at d = 2048). A full block's upper triangle is computed in 4 x 8 tiles held in eight 256-bit registers,
 * each loaded row value feeding eight fused multiply-adds, and each tile is added to the totals once per block.
 *
 * <p>Widening once when a row is packed, not in the kernel, made the kernel 1.45 x faster at d = 2048 (each value is
 * used by d / 4 tiles); buffering across calls matters because the scan hands over about a hundred rows of a class
 * at a time at d = 2048, and every block's fold reads and writes the whole triangle. A product of two floats is exact
 * in double and sums are double precision, as in the scalar kernel. Blocks fill in the order rows arrive, whatever
 * the calls' sizes, so the result depends only on the sequence of rows; {@link #gram()} and {@link #columnSums()}
 * first process a partial block. Large blocks are split over the common fork-join pool by interleaved tile rows (the
 * triangle's rows differ in length); each task writes only its own rows, and a tile's arithmetic does not depend on
 * the schedule.
 *
 * <p>Loaded only when the {@code jdk.incubator.vector} module is in the boot layer ({@code --add-modules
 * jdk.incubator.vector}); see {@link JavaComputeBackend#newGramAccumulator}.
 */
final class VectorGramAccumulator implements GramAccumulator {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_128;
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_256;
    /** Columns of a packed panel: one double vector. */
    private static final int PANEL = 4;
    private static final int TILE_ROWS = 4;
    private static final int TILE_COLS = 2 * PANEL;
    private static final int MAX_BLOCK = 256;
    /** Target size of a block (doubles): 4 MiB, which stays in the L3 cache. */
    private static final int BLOCK_DOUBLES = 1 << 19;
    /** Below this many multiply-adds a block runs on the calling thread only. */
    private static final long PARALLEL_WORK = 1L << 22;
    private static final int TASKS_PER_THREAD = 4;

    private final int dim;
    private final int padded;
    private final int blockRows;
    private final double[] block;
    private final double[] upper;
    private final double[] sums;
    private int pending;
    private long count;

    VectorGramAccumulator(int dim) {
        GramAccumulator.requireDim(dim);
        this.dim = dim;
        this.padded = (dim + TILE_COLS - 1) / TILE_COLS * TILE_COLS;
        this.blockRows = Math.max(16, Math.min(MAX_BLOCK, BLOCK_DOUBLES / padded));
        this.block = new double[blockRows * padded];
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
        int vectorEnd = FLOATS.loopBound(dim);
        for (int k = 0; k < n; k++) {
            int from = k * dim;
            int i = 0;
            for (; i < vectorEnd; i += PANEL) {
                widened(FloatVector.fromArray(FLOATS, rows, from + i)).intoArray(block, at(pending, i));
            }
            // Padding columns stay zero: they were zeroed at construction and are never written.
            for (; i < dim; i++) {
                block[at(pending, i)] = rows[from + i];
            }
            rowPacked();
        }
        count += n;
    }

    @Override
    public void addShifted(float[] features, int[] rows, float[] shift) {
        int vectorEnd = FLOATS.loopBound(dim);
        for (int row : rows) {
            int from = row * dim;
            int i = 0;
            for (; i < vectorEnd; i += PANEL) {
                // The shift is subtracted in single precision, as GramAccumulator#addShifted specifies.
                widened(FloatVector.fromArray(FLOATS, features, from + i).sub(FloatVector.fromArray(FLOATS, shift, i)))
                        .intoArray(block, at(pending, i));
            }
            for (; i < dim; i++) {
                block[at(pending, i)] = features[from + i] - shift[i];
            }
            rowPacked();
        }
        count += rows.length;
    }

    private static DoubleVector widened(FloatVector v) {
        return (DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLES, 0);
    }

    /** Index of row r, column i in the packed block: 4-column panels, each holding its rows contiguously. */
    private int at(int r, int i) {
        return ((i / PANEL) * blockRows + r) * PANEL + i % PANEL;
    }

    private void rowPacked() {
        if (++pending == blockRows) {
            flush();
        }
    }

    /** Adds the buffered rows to the totals and empties the block. */
    private void flush() {
        if (pending == 0) {
            return;
        }
        addColumnSums(pending);
        accumulateBlock(pending);
        pending = 0;
    }

    private void addColumnSums(int m) {
        for (int j = 0; j < padded; j += PANEL) {
            DoubleVector s = DoubleVector.fromArray(DOUBLES, sums, j);
            for (int r = 0, b = at(0, j); r < m; r++, b += PANEL) {
                s = s.add(DoubleVector.fromArray(DOUBLES, block, b));
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
        double[] x = block;
        int bi = at(0, i);
        int b0 = at(0, j);
        int b1 = at(0, j + PANEL);
        for (int r = 0; r < m; r++, bi += PANEL, b0 += PANEL, b1 += PANEL) {
            DoubleVector y0 = DoubleVector.fromArray(DOUBLES, x, b0);
            DoubleVector y1 = DoubleVector.fromArray(DOUBLES, x, b1);
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
        fold(c01, row + PANEL);
        row += padded;
        fold(c10, row);
        fold(c11, row + PANEL);
        row += padded;
        fold(c20, row);
        fold(c21, row + PANEL);
        row += padded;
        fold(c30, row);
        fold(c31, row + PANEL);
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
        flush();
        // A tile row starting at i covers every column from i's 8-column tile on, so (i, j >= i) is summed.
        return GramAccumulator.symmetricFromUpper(upper, padded, dim);
    }

    @Override
    public double[] columnSums() {
        flush();
        return java.util.Arrays.copyOf(sums, dim);
    }
}
