package org.poisonscan.spectral;

import org.poisonscan.api.stats.IndexedRows;

/**
 * A seeded uniform sample of at most {@code capacity} rows of {@code dim} values, stored as float32 and chosen by a
 * hash of each row's global index ({@link IndexedRows}), so that a partitioned fit keeps the same rows as a
 * single-machine one. While the class is no larger than the capacity, the sample is the whole class in input order.
 */
final class RowSample extends IndexedRows {
    private static final long serialVersionUID = 1L;

    RowSample(int dim, int capacity, long seed) {
        super(capacity, dim, seed);
    }
}
