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

    /**
     * Adds {@code x - shift} for the listed rows of a larger row-major block, the subtraction in float (one correctly
     * rounded operation per value). The default gathers and shifts the rows, then calls {@link #add(float[], int)};
     * implementations override it to skip the intermediate copy.
     *
     * @param features row-major rows of dimension {@link #dim()}
     * @param rows the rows to add, as row numbers in {@code features}
     * @param shift {@code dim} values subtracted from every row
     */
    default void addShifted(float[] features, int[] rows, float[] shift) {
        int d = dim();
        float[] shifted = new float[rows.length * d];
        for (int k = 0; k < rows.length; k++) {
            int src = rows[k] * d;
            int dst = k * d;
            for (int i = 0; i < d; i++) {
                shifted[dst + i] = features[src + i] - shift[i];
            }
        }
        add(shifted, rows.length);
    }

    /** Number of rows added so far. */
    long count();

    /** The accumulated X^T X, a fresh row-major {@code d x d} array (symmetric, both triangles filled). */
    double[] gram();

    /** The accumulated column sums, a fresh array of {@code d} values. */
    double[] columnSums();

    @Override
    default void close() {
    }

    /** The dimension, checked: every accumulator needs at least one column. */
    static int requireDim(int dim) {
        if (dim < 1) {
            throw new IllegalArgumentException("dim must be >= 1");
        }
        return dim;
    }

    /** Checks that {@code rows} holds {@code n} rows of {@code dim} values (the argument check of {@link #add}). */
    static void requireRows(float[] rows, int n, int dim) {
        if ((long) n * dim > rows.length) {
            throw new IllegalArgumentException(n + " rows of d=" + dim + " exceed the array");
        }
    }

    /**
     * The full symmetric {@code dim x dim} matrix from the upper triangle of a row-major accumulator with row stride
     * {@code stride} (padded kernels keep {@code stride > dim}); what {@link #gram()} returns.
     */
    static double[] symmetricFromUpper(double[] upper, int stride, int dim) {
        double[] g = new double[dim * dim];
        for (int i = 0; i < dim; i++) {
            for (int j = i; j < dim; j++) {
                double v = upper[i * stride + j];
                g[i * dim + j] = v;
                g[j * dim + i] = v;
            }
        }
        return g;
    }
}
