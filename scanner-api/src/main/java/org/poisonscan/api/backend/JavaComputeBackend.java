package org.poisonscan.api.backend;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The pure-Java backend: a register-blocked Gram kernel of our own (the hot path) and EJML's symmetric eigen
 * decomposition (a Householder tridiagonalisation followed by implicit QR, accurate and fast enough for d in the
 * thousands). Always available; the reference against which native backends are tested.
 */
public final class JavaComputeBackend implements ComputeBackend {
    /** The name users select this backend by. */
    public static final String NAME = "java";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String describe() {
        return "pure Java (blocked Gram kernel, EJML eigen-decomposition), Java " + Runtime.version();
    }

    @Override
    public GramAccumulator newGramAccumulator(int dim) {
        return new JavaGramAccumulator(dim);
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
        double[] offsets = new double[k];
        for (int j = 0; j < k; j++) {
            double s = 0;
            for (int i = 0; i < dim; i++) {
                s += center[i] * basis[j * dim + i];
            }
            offsets[j] = s;
        }
        for (int r = 0; r < n; r++) {
            int base = r * dim;
            for (int j = 0; j < k; j++) {
                int b = j * dim;
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                int i = 0;
                for (; i + 3 < dim; i += 4) {
                    s0 += rows[base + i] * basis[b + i];
                    s1 += rows[base + i + 1] * basis[b + i + 1];
                    s2 += rows[base + i + 2] * basis[b + i + 2];
                    s3 += rows[base + i + 3] * basis[b + i + 3];
                }
                for (; i < dim; i++) {
                    s0 += rows[base + i] * basis[b + i];
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
            return new Probe(true, "always available");
        }

        @Override
        public ComputeBackend open() {
            return new JavaComputeBackend();
        }
    }
}
