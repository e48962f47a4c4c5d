package org.poisonscan.api.backend;

/**
 * Accumulates the Gram matrix X^T X and the column sums of a stream of row blocks, in double precision. Callers that
 * need a covariance subtract a provisional mean from the rows first (see {@code ClassMoments}), which keeps the
 * accumulation free of cancellation.
 */
public interface GramAccumulator extends AutoCloseable {

    /** Dimension d of the rows. */
    int dim();

    /** Adds {@code n} rows (row-major, {@code n * dim} values starting at index 0). */
    void add(float[] rows, int n);

    /** Number of rows added so far. */
    long count();

    /** The accumulated X^T X, a fresh row-major {@code d x d} array (symmetric, both triangles filled). */
    double[] gram();

    /** The accumulated column sums, a fresh array of {@code d} values. */
    double[] columnSums();

    @Override
    default void close() {
    }
}
