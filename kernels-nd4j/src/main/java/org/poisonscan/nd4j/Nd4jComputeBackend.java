package org.poisonscan.nd4j;

import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.GramAccumulator;
import org.poisonscan.api.backend.JavaComputeBackend;
import org.poisonscan.api.backend.SymmetricEigen;

/**
 * The native backend on ND4J: OpenBLAS {@code ssyrk} on the CPU (ND4J's GEMM on cuBLAS with the CUDA backend on the
 * class path) for Gram accumulation, GEMM for projections, LAPACK {@code syev} for the symmetric eigen-decomposition ({@code Nd4j.linalg().svd}
 * is broken in ND4J 1.0.0-M2.1 and {@code eig} is slow, so neither is used).
 */
public final class Nd4jComputeBackend implements ComputeBackend {
    /** The name users select this backend by. */
    public static final String NAME = "nd4j";
    /*
     * Below these sizes the pure-Java kernels are faster: each native call pays for copies into native memory and
     * ND4J's op dispatch (0.3-0.7 ms), which only a large product repays. Measured on the 2-core machine, one JVM,
     * java / nd4j: projecting 2,000 rows of d = 512 onto k = 10 directions 2.1 / 12.5 ms, k = 64 12.0 / 7.4 ms; d = 2048,
     * k = 20 14.9 / 15.8 ms, k = 32 24.2 / 15.0 ms; 5,000 rows of d = 10 (activation clustering's reduced data)
     * onto k = 10 0.53 / 1.17 ms. Full eigen-decomposition d = 256 17 / 26 ms, d = 512 207 / 42 ms; top 10 pairs
     * d = 32 0.18 / 0.83 ms, d = 128 3.1 / 1.5 ms. Activation clustering's many small products made a 5,000 x 32
     * scan's clustering fit 4.2 s on nd4j against 1.0 s on java before this rule.
     */
    /** Projections run natively only onto at least this many directions ... */
    static final int NATIVE_MIN_K = 32;
    /** ... of at least this dimension. */
    static final int NATIVE_MIN_DIM = 512;
    /** Full eigen-decompositions below this dimension run in Java. */
    static final int NATIVE_MIN_EIGEN_DIM = 384;
    /** Top-k eigen-decompositions below this dimension run in Java. */
    static final int NATIVE_MIN_TOP_EIGEN_DIM = 64;
    private static final JavaComputeBackend JAVA = new JavaComputeBackend();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String describe() {
        return "ND4J 1.0.0-M2.1 (" + Nd4j.getBackend().getClass().getSimpleName() + ", BLAS "
                + Nd4j.getBlasWrapper().getClass().getSimpleName() + ", " + Nd4j.getEnvironment().maxThreads()
                + " threads)";
    }

    @Override
    public GramAccumulator newGramAccumulator(int dim) {
        // OpenBLAS directly on the CPU; through ND4J's GEMM where ND4J runs elsewhere (CUDA).
        return new TinyValueGuard(Nd4j.getEnvironment().isCPU() ? new BlasGramAccumulator(dim)
                : new Nd4jGramAccumulator(dim));
    }

    @Override
    public SymmetricEigen symmetricEigen(double[] matrix, int dim) {
        if (matrix.length != dim * dim) {
            throw new IllegalArgumentException("matrix has " + matrix.length + " values, expected " + dim * dim);
        }
        if (dim < NATIVE_MIN_EIGEN_DIM) {
            return JAVA.symmetricEigen(matrix, dim);
        }
        INDArray a = Nd4j.create(matrix.clone(), new long[] {dim, dim}, DataType.DOUBLE);
        // syev overwrites a with the eigenvectors as columns; eigenvalues come back ascending.
        INDArray values = Eigen.symmetricGeneralizedEigenvalues(a, true);
        double[] vals = values.toDoubleVector();
        double[] vectors = a.transpose().dup('c').data().asDouble();
        return SymmetricEigen.sortedAndSigned(vals, vectors, dim);
    }

    /**
     * On the CPU, LAPACK {@code dsyevr} for the top {@code k} pairs only (reduction to tridiagonal form, then MRRR for
     * the wanted pairs): at d = 4096 and k = 100 it took 5.2 s here against 94 s for the full {@code dsyev}; at
     * d = 2048 (JMH) 0.8 s against 13.3 s.
     */
    @Override
    public SymmetricEigen topEigen(double[] matrix, int dim, int k) {
        if (matrix.length != dim * dim) {
            throw new IllegalArgumentException("matrix has " + matrix.length + " values, expected " + dim * dim);
        }
        if (k < 1 || k > dim) {
            throw new IllegalArgumentException("k must be in [1, " + dim + "], got " + k);
        }
        if (dim < NATIVE_MIN_TOP_EIGEN_DIM) {
            return JAVA.topEigen(matrix, dim, k);
        }
        if (!Nd4j.getEnvironment().isCPU()) {
            return ComputeBackend.super.topEigen(matrix, dim, k);
        }
        double[] a = matrix.clone();
        double[] ascending = new double[dim];
        double[] z = new double[dim * k];
        int[] found = new int[1];
        int[] support = new int[2 * k];
        int info = openblas.LAPACKE_dsyevr(openblas.LAPACK_ROW_MAJOR, (byte) 'V', (byte) 'I', (byte) 'U', dim, a, dim,
                0, 0, dim - k + 1, dim, 0.0, found, ascending, z, k, support);
        if (info != 0 || found[0] != k) {
            throw new ArithmeticException("LAPACK dsyevr failed (info " + info + ", " + found[0] + " of " + k
                    + " eigenpairs, d=" + dim + ")");
        }
        // z is dim x k row-major: column j is the eigenvector of ascending[j].
        double[] values = new double[k];
        double[] vectors = new double[k * dim];
        for (int j = 0; j < k; j++) {
            values[j] = ascending[j];
            for (int i = 0; i < dim; i++) {
                vectors[j * dim + i] = z[i * k + j];
            }
        }
        return SymmetricEigen.top(values, vectors, dim);
    }

    @Override
    public void projectRows(float[] features, int dim, int[] rows, double[] center, double[] basis, int k,
            double[] out) {
        if (!nativeProjection(dim, k)) {
            JAVA.projectRows(features, dim, rows, center, basis, k, out);
        } else {
            ComputeBackend.super.projectRows(features, dim, rows, center, basis, k, out);
        }
    }

    @Override
    public void project(float[] rows, int n, int dim, double[] center, double[] basis, int k, double[] out) {
        if (n == 0) {
            return;
        }
        if (!nativeProjection(dim, k)) {
            // A GEMV-sized product is memory-bound: the copies into native memory cost more than the product
            // (JMH: projecting 16,384 x 512 rows onto one direction took 75 ms here against 13 ms in Java).
            JAVA.project(rows, n, dim, center, basis, k, out);
            return;
        }
        // Centre in Java first so the float GEMM works on small values (no cancellation against a large mean).
        float[] centred = new float[n * dim];
        for (int r = 0; r < n; r++) {
            int base = r * dim;
            for (int i = 0; i < dim; i++) {
                centred[base + i] = (float) (rows[base + i] - center[i]);
            }
        }
        INDArray x = NativeArrays.fromFloats(centred, n, dim);
        float[] b = new float[k * dim];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < dim; i++) {
                b[j * dim + i] = (float) basis[j * dim + i];
            }
        }
        INDArray bt = NativeArrays.fromFloats(b, k, dim);
        INDArray p = x.mmul(bt.transpose());
        float[] result = NativeArrays.toFloats(p);
        x.close();
        bt.close();
        p.close();
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < k; j++) {
                out[r * k + j] = result[r * k + j];
            }
        }
    }

    /** Whether a projection onto {@code k} directions of dimension {@code dim} repays a native call. */
    static boolean nativeProjection(int dim, int k) {
        return k >= NATIVE_MIN_K && dim >= NATIVE_MIN_DIM;
    }
}
