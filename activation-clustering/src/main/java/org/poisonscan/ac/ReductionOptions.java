package org.poisonscan.ac;

/**
 * How each class's activations are reduced before clustering. The reduction is fitted once per class (on the class
 * covariance and, for ICA, on a bounded seeded sample) and applied to every batch, so cluster assignments are
 * comparable across batches.
 *
 * @param method {@link Method#ICA} (the paper's choice, the default) or {@link Method#PCA} (IBM ART's default)
 * @param components dimensions kept (10 in the paper); fewer when the class covariance has lower rank
 * @param icaRows whitened rows sampled per class (seeded reservoir) to fit FastICA on; all rows when the class is
 *     smaller. The cost is about {@code icaMaxIterations * icaRows * 2 components^2} per class
 * @param icaMaxIterations FastICA iterations before giving up (the last, orthogonal, unmixing matrix is then used and
 *     the non-convergence is reported)
 * @param icaTolerance FastICA convergence threshold on {@code max |1 - |<w_new, w_old>||}
 */
public record ReductionOptions(Method method, int components, int icaRows, int icaMaxIterations,
        double icaTolerance) {

    /** Reduction method. */
    public enum Method {
        /** Projection on the top principal components of the class covariance, unscaled. */
        PCA,
        /**
         * FastICA (symmetric, log-cosh contrast) on the PCA-whitened components: independent sources of unit
         * variance.
         */
        ICA
    }

    public ReductionOptions {
        if (method == null) {
            throw new IllegalArgumentException("reduction method must be set");
        }
        if (components < 1) {
            throw new IllegalArgumentException("components must be >= 1, got " + components);
        }
        if (icaRows < 100) {
            throw new IllegalArgumentException("icaRows must be >= 100, got " + icaRows);
        }
        if (icaMaxIterations < 1) {
            throw new IllegalArgumentException("icaMaxIterations must be >= 1, got " + icaMaxIterations);
        }
        if (!(icaTolerance > 0 && icaTolerance < 1)) {
            throw new IllegalArgumentException("icaTolerance must be in (0, 1), got " + icaTolerance);
        }
    }

    /** ICA to 10 components, fitted on at most 2,000 rows per class, at most 100 iterations, tolerance 1e-4. */
    public static ReductionOptions defaults() {
        return new ReductionOptions(Method.ICA, 10, 2_000, 100, 1e-4);
    }

    /** A copy with another method. */
    public ReductionOptions withMethod(Method m) {
        return new ReductionOptions(m, components, icaRows, icaMaxIterations, icaTolerance);
    }

    /** A copy with another number of components. */
    public ReductionOptions withComponents(int c) {
        return new ReductionOptions(method, c, icaRows, icaMaxIterations, icaTolerance);
    }
}
