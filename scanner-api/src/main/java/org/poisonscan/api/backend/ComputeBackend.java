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
     * principal subspace. A native backend can compute just those (LAPACK {@code dsyevr}: 0.8 s for k = 100 at
     * d = 2048 against 13.3 s for all pairs, JMH on 2 cores); the default takes them from {@link #symmetricEigen}.
     * (Lanczos, which serves spectral signatures' two pairs, is no substitute here: for k = 10 or 100 of a covariance
     * whose spectrum has no gap it needs more steps than the full decomposition costs.)
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
        SymmetricEigen full = symmetricEigen(matrix, dim);
        double[] values = new double[k];
        System.arraycopy(full.values(), 0, values, 0, k);
        return SymmetricEigen.top(values, full.topVectors(k), dim);
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

    /**
     * {@code center . basis_j} for each of the {@code k} row-major basis vectors: what a projection subtracts from
     * {@code x . basis_j}, one sum in a fixed order, so that backends computing the products elsewhere subtract the
     * same offsets.
     */
    static double[] centerProducts(double[] center, double[] basis, int dim, int k) {
        double[] offsets = new double[k];
        for (int j = 0; j < k; j++) {
            double s = 0;
            for (int i = 0; i < dim; i++) {
                s += center[i] * basis[j * dim + i];
            }
            offsets[j] = s;
        }
        return offsets;
    }

    @Override
    default void close() {
    }
}
