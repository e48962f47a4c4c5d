package org.poisonscan.api.backend;

/**
 * The heavy kernels of the detectors. Implementations: {@link JavaComputeBackend} (pure Java, always available) and
 * native ones found through {@link ComputeBackendProvider}. Every implementation must give the same results as the
 * pure-Java one within 1e-4 relative, so a scan's flags do not depend on the backend.
 *
 * <p>Matrices are dense and row-major: a d x d matrix is a {@code double[d * d]}, n rows of dimension d are a
 * {@code float[n * d]}.
 */
public interface ComputeBackend extends AutoCloseable {

    /** The backend's name as users select it ({@code java}, {@code nd4j}). */
    String name();

    /** A one-line description: library, version, native library and device. */
    String describe();

    /** A new accumulator of X^T X and column sums over rows of dimension {@code dim}. */
    GramAccumulator newGramAccumulator(int dim);

    /**
     * Eigen-decomposition of a symmetric {@code dim x dim} matrix, eigenvalues in descending order.
     *
     * @param matrix row-major symmetric matrix (not modified)
     * @param dim its dimension
     */
    SymmetricEigen symmetricEigen(double[] matrix, int dim);

    /**
     * The {@code k} largest eigenpairs of a symmetric {@code dim x dim} matrix, for detectors that need only a
     * principal subspace: a full decomposition costs O(d^3) with all eigenvectors (94 s at d = 4096 through LAPACK
     * {@code dsyev} on 2 cores), a partial one a fraction of it. The default runs {@link
     * org.poisonscan.api.stats.TopEigen} (Lanczos, falling back to {@link #symmetricEigen}).
     *
     * @param matrix row-major symmetric matrix (not modified)
     * @param k pairs wanted, {@code 1 <= k <= dim}
     * @return eigenvalues descending with their unit eigenvectors (signs as in {@link SymmetricEigen}); only the first
     *     {@code k} pairs are meaningful, the others are zero
     */
    default SymmetricEigen topEigen(double[] matrix, int dim, int k) {
        if (k < 1 || k > dim) {
            throw new IllegalArgumentException("k must be in [1, " + dim + "], got " + k);
        }
        return org.poisonscan.api.stats.TopEigen.compute(matrix, dim, k, this);
    }

    /**
     * Projects rows onto a basis after centring: {@code out[r * k + j] = (x_r - center) . basis_j}.
     *
     * @param rows row-major rows, {@code n * dim} values
     * @param n number of rows
     * @param dim row dimension
     * @param center vector subtracted from every row ({@code dim} values)
     * @param basis k row-major basis vectors ({@code k * dim} values)
     * @param k number of basis vectors
     * @param out {@code n * k} results
     */
    void project(float[] rows, int n, int dim, double[] center, double[] basis, int k, double[] out);

    /**
     * {@link #project} of some rows of a larger row-major block, without copying them out first: row {@code r} of
     * the result is row {@code rows[r]} of {@code features}. The default gathers the rows and calls {@link #project}.
     *
     * @param features row-major rows of dimension {@code dim}
     * @param dim row dimension
     * @param rows the rows to project, as row numbers in {@code features}
     * @param center vector subtracted from every row ({@code dim} values)
     * @param basis k row-major basis vectors ({@code k * dim} values)
     * @param k number of basis vectors
     * @param out {@code rows.length * k} results
     */
    default void projectRows(float[] features, int dim, int[] rows, double[] center, double[] basis, int k,
            double[] out) {
        float[] gathered = new float[rows.length * dim];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(features, rows[r] * dim, gathered, r * dim, dim);
        }
        project(gathered, rows.length, dim, center, basis, k, out);
    }

    @Override
    default void close() {
    }
}
