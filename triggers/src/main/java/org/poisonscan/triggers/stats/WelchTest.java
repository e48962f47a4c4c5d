package org.poisonscan.triggers.stats;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Welch's unequal-variance t-test from summary statistics (two-sided), with Welch-Satterthwaite degrees of freedom
 * and Commons Math's {@link TDistribution}. Used per pixel, where one group can have zero variance (a trigger pixel
 * that is white in every poisoned image): callers add a variance floor (for example the quantisation noise of 8-bit
 * images) so that the statistic stays finite.
 */
public final class WelchTest {
    private WelchTest() {
    }

    /**
     * The test's outcome.
     *
     * @param t the statistic, {@code (meanA - meanB) / sqrt(varA/nA + varB/nB)}; positive when A is higher
     * @param df Welch-Satterthwaite degrees of freedom
     * @param p two-sided p-value
     */
    public record Result(double t, double df, double p) {
    }

    /**
     * Tests the difference of two means.
     *
     * @param meanA mean of group A
     * @param varA sample variance of A (n-1 denominator), already floored by the caller
     * @param nA size of A, at least 2
     * @param meanB mean of group B
     * @param varB sample variance of B, already floored
     * @param nB size of B, at least 2
     */
    public static Result test(double meanA, double varA, long nA, double meanB, double varB, long nB) {
        if (nA < 2 || nB < 2) {
            throw new IllegalArgumentException("Welch's test needs at least 2 rows per group, got " + nA + " and "
                    + nB);
        }
        if (!(varA > 0 && varB > 0)) {
            throw new IllegalArgumentException("variances must be positive (floor them), got " + varA + ", " + varB);
        }
        double sa = varA / nA;
        double sb = varB / nB;
        double se = Math.sqrt(sa + sb);
        double t = (meanA - meanB) / se;
        double df = (sa + sb) * (sa + sb) / (sa * sa / (nA - 1) + sb * sb / (nB - 1));
        double p = 2 * new TDistribution(null, df).cumulativeProbability(-Math.abs(t));
        return new Result(t, df, Math.min(1, Math.max(0, p)));
    }
}
