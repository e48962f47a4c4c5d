package org.poisonscan.ac;

import org.poisonscan.api.stats.IndexedRows;

/**
 * A uniform sample of at most {@code capacity} fixed-width rows, chosen by a seeded hash of each row's global index
 * ({@link IndexedRows}): the same input gives the same sample however it is split into batches or partitions. While
 * the stream is no longer than the capacity the sample is the whole stream, in input order. Memory grows with the
 * rows kept up to {@code capacity * width} floats, whatever the stream's length.
 */
final class RowSample extends IndexedRows {
    private static final long serialVersionUID = 1L;

    RowSample(int capacity, int width, long seed) {
        super(capacity, width, seed);
    }
}
