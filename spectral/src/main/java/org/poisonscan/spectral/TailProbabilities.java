package org.poisonscan.spectral;

import org.poisonscan.api.stats.Erf;
import org.poisonscan.api.stats.Poisson;

/**
 * Tail probabilities behind SPECTRE's null calibrations: the standard normal's upper quantile, the Poisson and
 * fair-coin binomial upper tails, and the upper tail and quantile of a generalized chi-square {@code sum_j w_j Z_j^2}
 * (independent standard normal {@code Z_j}, weights {@code w_j >= 0}) by the Lugannani-Rice saddlepoint approximation
 * (Lugannani and Rice 1980; Kuonen 1999 for quadratic forms), accurate to a few per cent far in the tail where moment
 * matching is not.
 */
final class TailProbabilities {
    private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);
    private static final int BISECTION_STEPS = 200;

    private TailProbabilities() {
    }

    /** The z with {@code P(Z > z) = p} for a standard normal Z, {@code 0 < p < 1}. */
    static double normalUpperQuantile(double p) {
        return Erf.normalUpperQuantile(p);
    }

    /** {@code P(X >= count)} for X Poisson with mean {@code mean > 0}. */
    static double poissonUpperTail(long count, double mean) {
        return Poisson.upperTail(count, mean);
    }

    /** {@code P(X >= count)} for X binomial with {@code trials} trials of probability one half. */
    static double binomialHalfUpperTail(long count, long trials) {
        if (count <= 0) {
            return 1;
        }
        if (count > trials) {
            return 0;
        }
        double logTerm = logFactorial(trials) - logFactorial(count) - logFactorial(trials - count)
                - trials * Math.log(2);
        double term = Math.exp(logTerm);
        double sum = 0;
        for (long i = count; i <= trials && (term > 1e-17 * sum || sum == 0); i++) {
            sum += term;
            term *= (double) (trials - i) / (i + 1);
        }
        return Math.min(1, sum);
    }

    private static double logFactorial(long n) {
        return Poisson.logFactorial(n);
    }

    /** {@code P(sum_j w_j Z_j^2 > x)}; weights must be non-negative with a positive sum. */
    static double generalizedChiSquareUpperTail(double x, double[] weights) {
        double mean = 0;
        double max = 0;
        double var0 = 0;
        for (double w : weights) {
            mean += w;
            max = Math.max(max, w);
            var0 += 2 * w * w;
        }
        if (!(mean > 0)) {
            throw new IllegalArgumentException("weights must have a positive sum");
        }
        if (x <= mean) {
            // Only upper tails are needed; below the mean a normal approximation is enough.
            return Erf.normalUpperTail((x - mean) / Math.sqrt(var0));
        }
        // Saddlepoint s in (0, 1 / (2 max)) solves K'(s) = x, K the cumulant generating function.
        double lo = 0;
        double hi = 1 / (2 * max);
        for (int i = 0; i < BISECTION_STEPS; i++) {
            double mid = 0.5 * (lo + hi);
            if (mid == lo || mid == hi) {
                break;
            }
            if (derivative(mid, weights) > x) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        double s = 0.5 * (lo + hi);
        double cgf = 0;
        double second = 0;
        for (double w : weights) {
            double t = 1 - 2 * w * s;
            cgf -= 0.5 * Math.log(t);
            second += 2 * w * w / (t * t);
        }
        double r = Math.sqrt(Math.max(0, 2 * (s * x - cgf)));
        double u = s * Math.sqrt(second);
        if (r < 1e-4 || u < 1e-4) {
            return Erf.normalUpperTail((x - mean) / Math.sqrt(var0));
        }
        double density = Math.exp(-0.5 * r * r) / SQRT_2PI;
        return Math.max(0, Math.min(1, Erf.normalUpperTail(r) + density * (1 / u - 1 / r)));
    }

    /** The x with {@code P(sum_j w_j Z_j^2 > x) = p}, for small {@code p} (below one half). */
    static double generalizedChiSquareUpperQuantile(double p, double[] weights) {
        if (!(p > 0 && p < 0.5)) {
            throw new IllegalArgumentException("p must be in (0, 0.5), got " + p);
        }
        double mean = 0;
        for (double w : weights) {
            mean += w;
        }
        double lo = mean;
        double hi = 2 * mean;
        while (generalizedChiSquareUpperTail(hi, weights) > p) {
            lo = hi;
            hi *= 2;
        }
        for (int i = 0; i < BISECTION_STEPS && hi - lo > 1e-12 * hi; i++) {
            double mid = 0.5 * (lo + hi);
            if (generalizedChiSquareUpperTail(mid, weights) > p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    private static double derivative(double s, double[] weights) {
        double d = 0;
        for (double w : weights) {
            d += w / (1 - 2 * w * s);
        }
        return d;
    }
}
