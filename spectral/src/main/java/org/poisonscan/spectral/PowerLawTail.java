package org.poisonscan.spectral;

/**
 * The rows beyond a cut that one side of a skewed distribution predicts from its own decay just inside the cut. With
 * distances from the median measured in units of the cut, the side is taken to fall off as a power law,
 * {@code P(R > r) = C r^-a}; the two bins [1/3, 2/3) and [2/3, 1) fix {@code a} and {@code C}, and {@code C} is the
 * count beyond 1. A power law is the cautious choice: it falls off more slowly than an exponential or a Gaussian
 * tail, so a side whose tail is merely long (a ReLU unit's values above its floor) does not look like a group, while
 * a group beyond the cut is not in the bins that predict the tail and stands out against it.
 */
final class PowerLawTail {
    /** Inner edge of the first bin, in units of the cut; the second bin starts halfway to the cut. */
    static final double INNER = 1.0 / 3;
    private static final double MIDDLE = (1 + INNER) / 2;
    private static final int BISECTION_STEPS = 60;
    private static final double LARGEST_EXPONENT = 200;

    private PowerLawTail() {
    }

    /**
     * The expected count beyond the cut given {@code inner} rows in [1/3, 2/3) of it and {@code outer} in [2/3, 1);
     * 0 when the outer bin is empty, infinite when the counts do not fall off at least as a power law does.
     */
    static double beyond(long inner, long outer) {
        if (outer == 0) {
            return 0;
        }
        double ratio = (double) outer / Math.max(inner, 1);
        // As a -> 0 the bins' ratio tends to ln(1/MIDDLE) / ln(MIDDLE/INNER); no power law falls off more slowly.
        if (ratio >= Math.log(1 / MIDDLE) / Math.log(MIDDLE / INNER)) {
            return Double.POSITIVE_INFINITY;
        }
        double lo = 0;
        double hi = LARGEST_EXPONENT;
        for (int step = 0; step < BISECTION_STEPS; step++) {
            double a = (lo + hi) / 2;
            if (binRatio(a) > ratio) {
                lo = a;
            } else {
                hi = a;
            }
        }
        return outer / (Math.pow(MIDDLE, -(lo + hi) / 2) - 1);
    }

    /** The outer bin's count over the inner one's for exponent {@code a}: decreasing in {@code a}. */
    static double binRatio(double a) {
        double atMiddle = Math.pow(MIDDLE, -a);
        return (atMiddle - 1) / (Math.pow(INNER, -a) - atMiddle);
    }
}
