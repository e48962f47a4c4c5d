package org.poisonscan.bench;

import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.BatchReader;
import org.poisonscan.api.synthetic.SyntheticGenerator;

/**
 * Synthetic rows generated once and held in memory in chunks (so sizes above 2^31 values fit), served as a source
 * without copying: timing a scan over it measures the scan, not the generator or a disk.
 */
final class ChunkedSource implements ActivationSource {
    static final int CHUNK_ROWS = 1 << 16;

    private final float[][] chunks;
    private final int[][] labels;
    private final long rows;
    private final int dim;

    ChunkedSource(SyntheticGenerator generator) {
        this.rows = generator.config().rows();
        this.dim = generator.config().dim();
        int count = (int) ((rows + CHUNK_ROWS - 1) / CHUNK_ROWS);
        chunks = new float[count][];
        labels = new int[count][];
        for (int c = 0; c < count; c++) {
            int n = (int) Math.min(CHUNK_ROWS, rows - (long) c * CHUNK_ROWS);
            chunks[c] = new float[n * dim];
            labels[c] = new int[n];
            for (int r = 0; r < n; r++) {
                labels[c][r] = generator.row((long) c * CHUNK_ROWS + r, chunks[c], r * dim) >> 1;
            }
        }
    }

    /** The chunks, for the sgemm floor. */
    float[][] chunks() {
        return chunks;
    }

    @Override
    public int dimension() {
        return dim;
    }

    @Override
    public long rowCount() {
        return rows;
    }

    @Override
    public boolean hasGroundTruth() {
        return false;
    }

    @Override
    public String description() {
        return "bench(" + rows + "x" + dim + ")";
    }

    @Override
    public BatchReader open(int maxBatchRows) {
        return new BatchReader() {
            private int chunk;
            private int offset;
            private final float[] features = new float[maxBatchRows * dim];
            private final int[] batchLabels = new int[maxBatchRows];
            private final long[] idx = new long[maxBatchRows];

            @Override
            public Batch next() {
                if (chunk >= chunks.length) {
                    return null;
                }
                int n = Math.min(maxBatchRows, labels[chunk].length - offset);
                System.arraycopy(chunks[chunk], offset * dim, features, 0, n * dim);
                System.arraycopy(labels[chunk], offset, batchLabels, 0, n);
                long first = (long) chunk * CHUNK_ROWS + offset;
                for (int r = 0; r < n; r++) {
                    idx[r] = first + r;
                }
                offset += n;
                if (offset == labels[chunk].length) {
                    chunk++;
                    offset = 0;
                }
                return new Batch(features, n, dim, batchLabels, idx, null);
            }

            @Override
            public void close() {
                chunk = chunks.length;
            }
        };
    }
}
