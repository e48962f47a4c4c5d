package org.poisonscan.api.backend;

/**
 * Eigenvalues (descending) and unit eigenvectors of a symmetric matrix. Each eigenvector's sign is fixed so that its
 * largest-magnitude component is positive, so results do not depend on the library that computed them.
 *
 * @param values eigenvalues, descending
 * @param vectors row-major: row i is the eigenvector of {@code values[i]}
 * @param dim matrix dimension
 */
public record SymmetricEigen(double[] values, double[] vectors, int dim) {
    public SymmetricEigen {
        if (values.length != dim || vectors.length != (long) dim * dim) {
            throw new IllegalArgumentException("eigen arrays do not match dim=" + dim);
        }
        values = values.clone();
        vectors = vectors.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public double[] vectors() {
        return vectors.clone();
    }

    /** Eigenvalue {@code i} (0 = largest). */
    public double value(int i) {
        return values[i];
    }

    /** A copy of eigenvector {@code i}. */
    public double[] vector(int i) {
        double[] v = new double[dim];
        System.arraycopy(vectors, i * dim, v, 0, dim);
        return v;
    }

    /** The first {@code k} eigenvectors as a row-major {@code k x dim} basis. */
    public double[] topVectors(int k) {
        double[] b = new double[k * dim];
        System.arraycopy(vectors, 0, b, 0, k * dim);
        return b;
    }

    /**
     * Builds a partial result from {@code k} eigenpairs in any order: sorted descending and sign-normalised, followed
     * by {@code dim - k} zero pairs (as {@link ComputeBackend#topEigen} returns).
     *
     * @param values the k eigenvalues
     * @param vectors row-major {@code k x dim}, row i belongs to {@code values[i]}
     */
    public static SymmetricEigen top(double[] values, double[] vectors, int dim) {
        int k = values.length;
        if (vectors.length != (long) k * dim || k > dim) {
            throw new IllegalArgumentException("eigen arrays do not match k=" + k + ", dim=" + dim);
        }
        double[] v = new double[dim];
        double[] vec = new double[dim * dim];
        sortAndSign(values, vectors, k, dim, v, vec);
        return new SymmetricEigen(v, vec, dim);
    }

    /**
     * Builds a result from eigenpairs in any order: sorts them descending and normalises the sign of each vector.
     *
     * @param values eigenvalues
     * @param vectors row-major, row i belongs to {@code values[i]}
     */
    public static SymmetricEigen sortedAndSigned(double[] values, double[] vectors, int dim) {
        double[] v = new double[dim];
        double[] vec = new double[dim * dim];
        sortAndSign(values, vectors, dim, dim, v, vec);
        return new SymmetricEigen(v, vec, dim);
    }

    /** Writes {@code count} pairs, sorted descending and sign-normalised, into the first rows of the outputs. */
    private static void sortAndSign(double[] values, double[] vectors, int count, int dim, double[] outValues,
            double[] outVectors) {
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
        for (int i = 0; i < count; i++) {
            int src = order[i];
            outValues[i] = values[src];
            int arg = 0;
            for (int j = 1; j < dim; j++) {
                if (Math.abs(vectors[src * dim + j]) > Math.abs(vectors[src * dim + arg])) {
                    arg = j;
                }
            }
            double sign = vectors[src * dim + arg] < 0 ? -1 : 1;
            for (int j = 0; j < dim; j++) {
                outVectors[i * dim + j] = sign * vectors[src * dim + j];
            }
        }
    }
}
