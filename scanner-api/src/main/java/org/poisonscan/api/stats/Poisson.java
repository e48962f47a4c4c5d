package org.poisonscan.api.stats;

/** Tail probabilities of the Poisson distribution. */
public final class Poisson {
    private Poisson() {
    }

    /**
     * P(X >= k) for X ~ Poisson(mean), summed in log space from the k-th term (accurate far into the tail, where a
     * question like "are 60 rows beyond the boundary more than the 0.01 expected?" lives).
     */
    public static double upperTail(long k, double mean) {
        if (k <= 0) {
            return 1;
        }
        if (!(mean > 0)) {
            return 0;
        }
        if (k <= mean) {
            // Not in the upper tail: 1 - P(X < k), summing the lower terms downwards from j = k - 1 in log space
            // (starting from e^-mean would underflow for large means).
            double term = Math.exp(-mean + (k - 1) * Math.log(mean) - logFactorial(k - 1));
            double lower = 0;
            for (long j = k - 1; j >= 0 && term > 1e-17 * lower; j--) {
                lower += term;
                term *= j / mean;
            }
            return Math.max(0, Math.min(1, 1 - lower));
        }
        double logTerm = -mean + k * Math.log(mean) - logFactorial(k);
        double term = Math.exp(logTerm);
        double sum = 0;
        for (long j = k; term > 1e-300 && term > 1e-17 * sum; j++) {
            sum += term;
            term *= mean / (j + 1);
        }
        return Math.min(1, sum);
    }

    /** ln(k!) by Stirling's series (exact summation below 20). */
    public static double logFactorial(long k) {
        if (k < 20) {
            double s = 0;
            for (long i = 2; i <= k; i++) {
                s += Math.log(i);
            }
            return s;
        }
        double x = k + 1.0;
        return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x * x);
    }
}
