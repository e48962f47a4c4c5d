package org.poisonscan.api.backend;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The pure-Java backend: a register-blocked Gram kernel of our own (the hot path) and EJML's symmetric eigen
 * decomposition (a Householder tridiagonalisation followed by implicit QR, accurate and fast enough for d in the
 * thousands). Always available; the reference against which native backends are tested.
 *
 * <p>The Gram and projection kernels use the JDK's Vector API (SIMD; the Gram kernel is about four times faster) when
 * the JVM runs with {@code --add-modules jdk.incubator.vector} (the {@code poisonscan} launcher and the tests do), and
 * scalar kernels otherwise; {@code -Dpoisonscan.simd=false} forces the scalar ones.
 */
public final class JavaComputeBackend implements ComputeBackend {
    /** The name users select this backend by. */
    public static final String NAME = "java";

    @Override
    public String name() {
        return NAME;
    }

    /** The system property that, set to {@code false}, keeps the scalar Gram kernel even when SIMD is available. */
    public static final String SIMD_PROPERTY = "poisonscan.simd";

    @Override
    public String describe() {
        return "pure Java (" + (simd() ? "Vector API SIMD" : "scalar") + " blocked Gram kernel, EJML "
                + "eigen-decomposition), Java " + Runtime.version();
    }

    /**
     * Whether the Gram kernel is the Vector API one: the {@code jdk.incubator.vector} module is in the boot layer and
     * {@value #SIMD_PROPERTY} is not {@code false}.
     */
    public static boolean simd() {
        return VECTOR_MODULE && !"false".equalsIgnoreCase(System.getProperty(SIMD_PROPERTY));
    }

    private static final boolean VECTOR_MODULE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    @Override
    public GramAccumulator newGramAccumulator(int dim) {
        // VectorGramAccumulator is only linked on this branch, so the class loads without the module.
        return simd() ? new VectorGramAccumulator(dim) : new JavaGramAccumulator(dim);
    }

    @Override
    public SymmetricEigen symmetricEigen(double[] matrix, int dim) {
        if (matrix.length != dim * dim) {
            throw new IllegalArgumentException("matrix has " + matrix.length + " values, expected " + dim * dim);
        }
        DMatrixRMaj a = new DMatrixRMaj(dim, dim, true, matrix.clone());
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(dim, true, true);
        if (!eig.decompose(a)) {
            throw new ArithmeticException("symmetric eigen-decomposition did not converge (d=" + dim + ")");
        }
        double[] values = new double[dim];
        double[] vectors = new double[dim * dim];
        for (int i = 0; i < dim; i++) {
            values[i] = eig.getEigenvalue(i).getReal();
            DMatrixRMaj v = eig.getEigenVector(i);
            System.arraycopy(v.data, 0, vectors, i * dim, dim);
        }
        return SymmetricEigen.sortedAndSigned(values, vectors, dim);
    }

    @Override
    public void project(float[] rows, int n, int dim, double[] center, double[] basis, int k, double[] out) {
        projectRows(rows, n, null, dim, center, basis, k, out);
    }

    @Override
    public void projectRows(float[] features, int dim, int[] rows, double[] center, double[] basis, int k,
            double[] out) {
        projectRows(features, rows.length, rows, dim, center, basis, k, out);
    }

    /** Rows {@code 0..n-1} of {@code features}, or the rows listed in {@code index} when it is not null. */
    private static void projectRows(float[] features, int n, int[] index, int dim, double[] center, double[] basis,
            int k, double[] out) {
        double[] offsets = ComputeBackend.centerProducts(center, basis, dim, k);
        if (simd()) {
            VectorProjection.project(features, n, index, dim, basis, k, offsets, out);
            return;
        }
        for (int r = 0; r < n; r++) {
            int base = (index == null ? r : index[r]) * dim;
            for (int j = 0; j < k; j++) {
                int b = j * dim;
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                int i = 0;
                for (; i + 3 < dim; i += 4) {
                    s0 += features[base + i] * basis[b + i];
                    s1 += features[base + i + 1] * basis[b + i + 1];
                    s2 += features[base + i + 2] * basis[b + i + 2];
                    s3 += features[base + i + 3] * basis[b + i + 3];
                }
                for (; i < dim; i++) {
                    s0 += features[base + i] * basis[b + i];
                }
                out[r * k + j] = (s0 + s1) + (s2 + s3) - offsets[j];
            }
        }
    }

    /** ServiceLoader entry for the pure-Java backend. */
    public static final class Provider implements ComputeBackendProvider {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public int priority() {
            return 0;
        }

        @Override
        public Probe probe() {
            return new Probe(true, "always available; " + (simd() ? "Vector API SIMD kernels"
                    : "scalar kernels (run the JVM with --add-modules jdk.incubator.vector for SIMD)"));
        }

        @Override
        public ComputeBackend open() {
            return new JavaComputeBackend();
        }
    }
}
