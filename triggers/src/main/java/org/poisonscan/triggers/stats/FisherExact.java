package org.poisonscan.triggers.stats;

import org.apache.commons.math3.distribution.HypergeometricDistribution;

/**
 * Fisher's exact test for enrichment in a 2 x 2 table, one-sided: is an item (a token, a feature value) more common in
 * group A than in group B? With {@code a} of {@code nA} rows of A and {@code b} of {@code nB} rows of B holding the
 * item, the p-value is the hypergeometric upper tail {@code P(X >= a)} for {@code nA} draws from {@code nA + nB} rows
 * of which {@code a + b} hold it (Commons Math's {@link HypergeometricDistribution}).
 *
 * <p>The tail is summed in log space, so p-values far below the smallest double (a trigger token present in every one
 * of hundreds of flagged rows and in no clean row) still rank correctly: {@link #logUpperTail} returns the natural log.
 */
public final class FisherExact {
    private FisherExact() {
    }

    /**
     * Natural log of the one-sided p-value {@code P(X >= a)}.
     *
     * @param a rows of group A holding the item
     * @param nA rows of group A
     * @param b rows of group B holding the item
     * @param nB rows of group B
     */
    public static double logUpperTail(int a, int nA, int b, int nB) {
        if (a < 0 || b < 0 || a > nA || b > nB) {
            throw new IllegalArgumentException("bad 2x2 table: " + a + "/" + nA + " vs " + b + "/" + nB);
        }
        int population = nA + nB;
        int successes = a + b;
        if (population == 0 || successes == 0 || a == 0 || successes == population || nA == population) {
            // Nothing to test: no row or every row holds the item, or group B is empty. (Commons Math returns NaN
            // for the degenerate distribution with every row a success.)
            return 0;
        }
        HypergeometricDistribution h = new HypergeometricDistribution(null, population, successes, nA);
        int max = Math.min(successes, nA);
        double peak = Double.NEGATIVE_INFINITY;
        double[] logs = new double[max - a + 1];
        for (int k = a; k <= max; k++) {
            logs[k - a] = h.logProbability(k);
            peak = Math.max(peak, logs[k - a]);
        }
        if (peak == Double.NEGATIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        double sum = 0;
        for (double l : logs) {
            sum += Math.exp(l - peak);
        }
        return Math.min(0, peak + Math.log(sum));
    }

    /** The one-sided p-value {@code P(X >= a)} (may underflow to 0; rank by {@link #logUpperTail}). */
    public static double upperTail(int a, int nA, int b, int nB) {
        return Math.exp(logUpperTail(a, nA, b, nB));
    }

    /**
     * Log odds ratio of holding the item in A against B, with Haldane's 0.5 added to every cell so that a zero count
     * gives a finite value: {@code ln((a+.5)(nB-b+.5) / ((nA-a+.5)(b+.5)))}. Positive when the item is enriched in A.
     */
    public static double logOdds(int a, int nA, int b, int nB) {
        return Math.log((a + 0.5) * (nB - b + 0.5) / ((nA - a + 0.5) * (b + 0.5)));
    }
}
