package org.poisonscan.io.numpy;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.BatchReader;
import org.poisonscan.api.data.Float32Narrowing;
import org.poisonscan.api.data.InvalidInputException;

/**
 * One pass over located NPY arrays. Each batch is decoded in chunks of at most {@value #CHUNK_BYTES} bytes into arrays
 * that are reused from batch to batch, so memory depends on the batch size and dimension, never on the row count.
 * Every activation is checked to be finite as it is decoded.
 */
final class NumpyBatchReader implements BatchReader {
    /** Bytes decoded per read: bounds the scratch buffers of the positioned and stream readers. */
    static final int CHUNK_BYTES = 1 << 20;
    /** Most values one batch's float array may hold. */
    static final int MAX_BATCH_VALUES = Integer.MAX_VALUE - 8;

    private final NpyArray features;
    private final NpyArray labels;
    private final NpyArray groundTruth;
    private final long rows;
    private final int dim;
    private final float[] f;
    private final int[] l;
    private final long[] idx;
    private final boolean[] p;
    /** Watches values wider than float32 (float64, 32/64-bit integers) for columns that narrowing makes constant. */
    private final Float32Narrowing narrowing;
    private ByteRangeReader featureReader;
    private ByteRangeReader labelReader;
    private ByteRangeReader markReader;
    private long next;
    private boolean closed;

    NumpyBatchReader(NpyArray features, NpyArray labels, NpyArray groundTruth, long rows, int dim, int maxBatchRows)
            throws IOException {
        this.features = features;
        this.labels = labels;
        this.groundTruth = groundTruth;
        this.rows = rows;
        this.dim = dim;
        int capacity = (int) Math.min(Math.min(maxBatchRows, Math.max(rows, 1)), MAX_BATCH_VALUES / dim);
        try {
            featureReader = features.open();
            labelReader = labels.open();
            markReader = groundTruth == null ? null : groundTruth.open();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        this.f = new float[capacity * dim];
        this.l = new int[capacity];
        this.idx = new long[capacity];
        this.p = groundTruth == null ? null : new boolean[capacity];
        NpyDtype t = features.dtype();
        boolean wide = t.itemSize() >= 4 && !(t.isFloat() && t.itemSize() == 4);
        this.narrowing = wide ? new Float32Narrowing(dim) : null;
    }

    @Override
    public Batch next() throws IOException {
        if (closed || next >= rows) {
            return null;
        }
        int n = (int) Math.min(l.length, rows - next);
        if (features.rowMajor()) {
            readRowMajor(n);
        } else {
            readColumnMajor(n);
        }
        NpyDtype lt = labels.dtype();
        forEachChunk(labelReader, next, n, lt.itemSize(),
                (b, done, k) -> ElementDecoder.labels(b, lt, l, done, k, next + done, labels.where()));
        if (groundTruth != null) {
            NpyDtype gt = groundTruth.dtype();
            forEachChunk(markReader, next, n, gt.itemSize(),
                    (b, done, k) -> ElementDecoder.marks(b, gt, p, done, k, next + done, groundTruth.where()));
        }
        for (int i = 0; i < n; i++) {
            idx[i] = next + i;
        }
        next += n;
        if (next == rows && narrowing != null) {
            narrowing.check(features.where(), j -> "column " + j);
        }
        return new Batch(f, n, dim, l, idx, p);
    }

    private void readRowMajor(int n) throws IOException {
        NpyDtype t = features.dtype();
        long first = next * dim;
        forEachChunk(featureReader, first, n * dim, t.itemSize(), (b, done, k) -> {
            ElementDecoder.WideValues wide = narrowing == null ? null
                    : (i, x) -> narrowing.observe((int) ((first + done + i) % dim), x);
            int bad = ElementDecoder.floats(b, t, f, done, 1, k, wide);
            if (bad >= 0) {
                long e = first + done + bad;
                throw unusable(e / dim, e % dim, ElementDecoder.describeUnusable(b, t, bad));
            }
        });
    }

    /** Fortran order: each column of the batch is a contiguous run of the column's data. */
    private void readColumnMajor(int n) throws IOException {
        NpyDtype t = features.dtype();
        for (int j = 0; j < dim; j++) {
            int col = j;
            forEachChunk(featureReader, col * rows + next, n, t.itemSize(), (b, done, k) -> {
                ElementDecoder.WideValues wide = narrowing == null ? null : (i, x) -> narrowing.observe(col, x);
                int bad = ElementDecoder.floats(b, t, f, done * dim + col, dim, k, wide);
                if (bad >= 0) {
                    throw unusable(next + done + bad, col, ElementDecoder.describeUnusable(b, t, bad));
                }
            });
        }
    }

    private InvalidInputException unusable(long row, long col, String what) {
        // A corrupt archive decodes to garbage values before its checksum can be seen: say so rather than blame them.
        if (features.integrity() != null) {
            try {
                features.integrity().verify();
            } catch (InvalidInputException corrupt) {
                return corrupt;
            } catch (IOException e) {
                // The value error below still names the row and column.
            }
        }
        return new InvalidInputException(features.where() + ": row " + row + ", column " + col + " " + what);
    }

    /** Reads {@code count} elements from {@code firstElement} in chunks of at most {@link #CHUNK_BYTES} bytes. */
    private static void forEachChunk(ByteRangeReader reader, long firstElement, int count, int itemSize,
            ChunkConsumer consumer) throws IOException {
        int chunk = Math.max(1, CHUNK_BYTES / itemSize);
        for (int done = 0; done < count; ) {
            int k = Math.min(count - done, chunk);
            consumer.accept(reader.read((firstElement + done) * itemSize, k * itemSize), done, k);
            done += k;
        }
    }

    @FunctionalInterface
    private interface ChunkConsumer {
        void accept(ByteBuffer bytes, int done, int count);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        ByteRangeReader[] readers = {featureReader, labelReader, markReader};
        featureReader = null;
        labelReader = null;
        markReader = null;
        IOException failure = null;
        for (ByteRangeReader r : readers) {
            try {
                if (r != null) {
                    r.close();
                }
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
