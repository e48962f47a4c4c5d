package org.poisonscan.ac;

import org.poisonscan.api.stats.Erf;

/**
 * A candidate (non-main) cluster j of a class, seen along the axis from the main cluster's centre c0 to its own
 * centre cj. A reduced row z has the axis coordinate {@code p = (z - c0) . u}, {@code u = (cj - c0) / |cj - c0|}, and
 * the standardised score {@code (p - |cj - c0| / 2) / sigma}: zero on the bisecting hyperplane between the two centres
 * (positive on the candidate's side), in units of the pooled within-cluster standard deviation along the axis.
 *
 * @param cluster the cluster's index (>= 1)
 * @param axis the unit axis u (m values)
 * @param offset {@code c0 . u + |cj - c0| / 2}, so the score is {@code (z . u - offset) / sigma}
 * @param sigma pooled within-cluster standard deviation of p over the two clusters (when it is not positive, half the
 *     centre distance, so the score runs from -1 at c0 to +1 at cj)
 * @param separation Ashman's D of a two-Gaussian (tied variance) fit to p over the rows of the two clusters, or
 *     {@code NaN} when there are too few distinct values
 * @param centreDistance {@code |cj - c0|} in reduced units
 */
record Candidate(int cluster, double[] axis, double offset, double sigma, double separation, double centreDistance)
        implements java.io.Serializable {

    /**
     * The score beyond which a row of the main cluster lies with probability {@code tail}, modelling the main cluster
     * along the axis as a Gaussian of the pooled spread centred on its own centre (score {@code -distance / 2 sigma}).
     */
    double mainClusterTail(double tail) {
        return -centreDistance / (2 * sigma) + Erf.normalUpperQuantile(tail);
    }

    /** The standardised score of a reduced row held as floats from {@code base}. */
    double score(float[] z, int base) {
        double p = 0;
        for (int i = 0; i < axis.length; i++) {
            p += z[base + i] * axis[i];
        }
        return (p - offset) / sigma;
    }
}
