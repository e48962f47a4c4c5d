package org.poisonscan.api.stats;

/** The complementary error function, to about 1.2e-7 relative accuracy (a Chebyshev fit, Numerical Recipes 6.2). */
public final class Erf {
    private Erf() {
    }

    /** erfc(x) = 1 - erf(x). */
    public static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    /** Upper tail of the standard normal: P(Z > z). */
    public static double normalUpperTail(double z) {
        return 0.5 * erfc(z / Math.sqrt(2));
    }

    /** The z with {@code P(Z > z) = p}, by bisection on {@link #normalUpperTail} (to 1e-12 in z). */
    public static double normalUpperQuantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must be in (0, 1), got " + p);
        }
        double lo = -40;
        double hi = 40;
        for (int i = 0; i < 200 && hi - lo > 1e-12; i++) {
            double mid = 0.5 * (lo + hi);
            if (normalUpperTail(mid) > p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }
}
