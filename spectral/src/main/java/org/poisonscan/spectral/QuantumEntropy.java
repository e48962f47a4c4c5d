package org.poisonscan.spectral;

import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.SymmetricEigen;

/**
 * The QUantum Entropy (QUE) weighting of Dong, Hopkins and Li (NeurIPS 2019) as SPECTRE uses it (Hayase et al.,
 * ICML 2021): for the covariance {@code S} of whitened rows,
 * {@code M = expm(alpha (S - I) / (||S||_2 - 1)) / tr(expm(...))}, the MATRIX exponential computed exactly from the
 * eigen-decomposition of {@code S} (M shares its eigenvectors). A row's QUE score is {@code x^T M x}; the criterion
 * {@code tr(S M) / tr(M)} is a soft maximum of the eigenvalues of {@code S}, 1 when {@code S = I}.
 *
 * <p>When {@code ||S||_2 <= 1} (nothing stands out, for instance a covariance whitened by itself) the weighting is
 * undefined; {@code M = I / k} is used, so the scores are squared norms and the criterion is {@code tr(S) / k}.
 *
 * @param k dimension
 * @param eigenvalues eigenvalues of {@code S}, descending
 * @param weights eigenvalues of {@code M} in the same order (non-negative, summing to 1)
 * @param vectors row-major eigenvectors of {@code S} (row i belongs to {@code eigenvalues[i]})
 */
record QuantumEntropy(int k, double[] eigenvalues, double[] weights, double[] vectors) {

    /** Smallest {@code ||S|| - 1} for which the exponential weighting is used. */
    static final double MIN_EXCESS = 1e-9;

    QuantumEntropy {
        eigenvalues = eigenvalues.clone();
        weights = weights.clone();
        vectors = vectors.clone();
    }

    /**
     * Builds the weighting of a symmetric {@code k x k} covariance of whitened rows.
     *
     * @param alpha the exponent (4 in the paper)
     */
    static QuantumEntropy of(ComputeBackend backend, double[] covariance, int k, double alpha) {
        SymmetricEigen eig = backend.symmetricEigen(SymmetricFunctions.symmetrised(covariance, k), k);
        double[] lambda = eig.values();
        double excess = lambda[0] - 1;
        double[] w = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            // exp(alpha (l - 1) / excess) scaled by exp(-alpha) so the largest weight is 1; scale-free after
            // normalisation, and free of overflow.
            w[i] = excess > MIN_EXCESS ? Math.exp(alpha * (lambda[i] - lambda[0]) / excess) : 1;
            sum += w[i];
        }
        for (int i = 0; i < k; i++) {
            w[i] /= sum;
        }
        return new QuantumEntropy(k, lambda, w, eig.vectors());
    }

    /** Weights of M (its eigenvalues), a copy. */
    @Override
    public double[] weights() {
        return weights.clone();
    }

    /** Eigenvalues of S, a copy. */
    @Override
    public double[] eigenvalues() {
        return eigenvalues.clone();
    }

    /** The normalised QUE matrix {@code M} (trace 1). */
    double[] matrix() {
        return SymmetricFunctions.compose(eigen(), weights);
    }

    /** {@code M^(1/2)}, so that a row's score {@code x^T M x} is {@code |M^(1/2) x|^2}. */
    double[] sqrtMatrix() {
        double[] s = new double[k];
        for (int i = 0; i < k; i++) {
            s[i] = Math.sqrt(weights[i]);
        }
        return SymmetricFunctions.compose(eigen(), s);
    }

    /** The selection criterion {@code tr(S M) / tr(M)}; M has trace 1 and shares S's eigenvectors. */
    double criterion() {
        double c = 0;
        for (int i = 0; i < k; i++) {
            c += eigenvalues[i] * weights[i];
        }
        return c;
    }

    private SymmetricEigen eigen() {
        return new SymmetricEigen(eigenvalues, vectors, k);
    }
}
