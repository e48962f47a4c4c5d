package org.poisonscan.ac;

import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.SymmetricEigen;
import org.poisonscan.api.stats.ClassMoments;

/**
 * A fitted per-class linear reduction {@code z = basis (x - center)}: the top principal components of the class
 * (PCA), the same scaled to unit variance (whitening, the input of ICA), or whitened components rotated by an ICA
 * unmixing matrix. The projection runs through the compute backend.
 *
 * @param center the class mean (d values)
 * @param basis row-major {@code components x d}
 * @param components number of reduced dimensions m
 * @param variances the class variance along each kept principal component (descending)
 */
record Reducer(double[] center, double[] basis, int components, double[] variances) implements java.io.Serializable {
    /** Principal components whose variance is below this fraction of the largest are treated as absent. */
    static final double RELATIVE_VARIANCE_FLOOR = 1e-8;

    /** Dimension d of the input rows. */
    int dim() {
        return center.length;
    }

    /**
     * The top principal components of a class, or {@code null} when the class has no positive variance.
     *
     * @param whiten whether to scale each component to unit variance
     */
    static Reducer principal(ClassMoments moments, SymmetricEigen eig, int maxComponents, boolean whiten) {
        int d = moments.dim();
        double top = eig.value(0);
        if (!(top > 0)) {
            return null;
        }
        int m = 0;
        while (m < Math.min(maxComponents, d) && eig.value(m) > top * RELATIVE_VARIANCE_FLOOR) {
            m++;
        }
        double[] basis = eig.topVectors(m);
        double[] variances = new double[m];
        for (int j = 0; j < m; j++) {
            variances[j] = eig.value(j);
            if (whiten) {
                double s = 1 / Math.sqrt(variances[j]);
                for (int i = 0; i < d; i++) {
                    basis[j * d + i] *= s;
                }
            }
        }
        return new Reducer(moments.mean().clone(), basis, m, variances);
    }

    /** This reduction followed by the {@code m x m} row-major matrix {@code rotation}. */
    Reducer rotated(double[] rotation) {
        int m = components;
        int d = dim();
        double[] out = new double[m * d];
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                double r = rotation[a * m + b];
                for (int i = 0; i < d; i++) {
                    out[a * d + i] += r * basis[b * d + i];
                }
            }
        }
        return new Reducer(center, out, m, variances);
    }

    /**
     * Reduces {@code n} rows (row-major, d values each) into {@code out} as floats ({@code n * m} values), through the
     * backend; {@code scratch} holds at least {@code n * m} doubles.
     */
    void reduce(ComputeBackend backend, float[] rows, int n, double[] scratch, float[] out) {
        backend.project(rows, n, dim(), center, basis, components, scratch);
        for (int i = 0; i < n * components; i++) {
            out[i] = (float) scratch[i];
        }
    }
}
