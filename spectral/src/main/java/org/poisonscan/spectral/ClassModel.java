package org.poisonscan.spectral;

import org.poisonscan.api.stats.TwoGaussianMixture;

/**
 * What the spectral detector learned about one scanned class: the centre and top eigenvector that define the score,
 * the mixture fitted to the projections, and the flagging rule.
 *
 * @param label class label
 * @param mean class mean
 * @param direction top eigenvector of the class covariance (unit)
 * @param mixture two-component mixture of the centred projections
 * @param flagging how rows of this class are flagged
 * @param scoreThreshold for {@link Flagging#TOP_FRACTION}: rows scoring at or above it are flagged
 */
record ClassModel(int label, double[] mean, double[] direction, TwoGaussianMixture mixture, Flagging flagging,
        double scoreThreshold) implements java.io.Serializable {

    /** The flagging rule of a class. */
    enum Flagging {
        /** Nothing in the class is flagged. */
        NONE,
        /** Rows beyond the mixture's boundary, on the minor component's side, are flagged. */
        MINOR_COMPONENT,
        /** The top fraction of scores is flagged (rate-based policy). */
        TOP_FRACTION
    }

    /** Whether a row with centred projection {@code p} and score {@code score} is flagged. */
    boolean flags(double p, double score) {
        return switch (flagging) {
            case NONE -> false;
            case TOP_FRACTION -> score >= scoreThreshold;
            case MINOR_COMPONENT -> mixture.inMinor(p);
        };
    }

    /** A copy with another flagging rule. */
    ClassModel withFlagging(Flagging f, double threshold) {
        return new ClassModel(label, mean, direction, mixture, f, threshold);
    }
}
