package org.poisonscan.ac;

/**
 * How clearly a two-way split of one-dimensional values is two modes: a two-Gaussian mixture with one shared variance,
 * fitted by EM started from the split itself, summarised by Ashman's D = {@code |mu0 - mu1| / sigma} (above 2 the
 * components are clearly separated).
 *
 * <p>Why not {@link org.poisonscan.api.stats.TwoGaussianMixture}: its nine quantile starts look for the best mixture
 * anywhere, and on a unimodal Gaussian sample a start in the tails often lets the minor component settle on a few
 * extreme points (measured on 200 standard-normal samples of 1,000 values: D >= 3.2 in 5%, up to 4.9). Started from the
 * k-means split, EM answers the question the analyzer asks (is this split two modes?); on the same samples D stayed
 * below 1.8, with one start instead of nine. Skewed or flat unimodal values still give D of about 3 (uniform) to 4
 * (exponential), which is why separation is never used alone by default.
 */
final class SplitMixture {
    static final int MAX_ITERATIONS = 100;
    static final double TOLERANCE = 1e-6;
    private static final double VARIANCE_FLOOR = 1e-6;

    private SplitMixture() {
    }

    /**
     * Ashman's D of the mixture fitted from the split, or {@code NaN} when a side of the split is empty or the values
     * are all equal.
     *
     * @param x the values
     * @param second which side of the split each value starts on
     */
    static double separation(double[] x, boolean[] second) {
        int n = x.length;
        double[] w = new double[2];
        double[] mu = new double[2];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            int s = second[i] ? 1 : 0;
            w[s]++;
            mu[s] += x[i];
            mean += x[i];
        }
        if (w[0] == 0 || w[1] == 0) {
            return Double.NaN;
        }
        mean /= n;
        double total = 0;
        double var = 0;
        for (int i = 0; i < n; i++) {
            total += (x[i] - mean) * (x[i] - mean);
        }
        if (!(total > 0)) {
            return Double.NaN;
        }
        mu[0] /= w[0];
        mu[1] /= w[1];
        for (int i = 0; i < n; i++) {
            double d = x[i] - mu[second[i] ? 1 : 0];
            var += d * d;
        }
        double floor = VARIANCE_FLOOR * total / n;
        var = Math.max(var / n, floor);
        w[0] /= n;
        w[1] /= n;
        double previous = Double.NEGATIVE_INFINITY;
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double logLik = -0.5 * n * Math.log(2 * Math.PI * var);
            double r1 = 0;
            double sx0 = 0;
            double sx1 = 0;
            double sxx0 = 0;
            double sxx1 = 0;
            double c0 = Math.log(w[0]);
            double c1 = Math.log(w[1]);
            for (double v : x) {
                double l0 = c0 - 0.5 * (v - mu[0]) * (v - mu[0]) / var;
                double l1 = c1 - 0.5 * (v - mu[1]) * (v - mu[1]) / var;
                double m = Math.max(l0, l1);
                double e0 = Math.exp(l0 - m);
                double e1 = Math.exp(l1 - m);
                logLik += m + Math.log(e0 + e1);
                double p1 = e1 / (e0 + e1);
                r1 += p1;
                sx0 += (1 - p1) * v;
                sx1 += p1 * v;
                sxx0 += (1 - p1) * v * v;
                sxx1 += p1 * v * v;
            }
            double r0 = n - r1;
            if (r0 < 1e-9 || r1 < 1e-9) {
                return 0;
            }
            w[0] = r0 / n;
            w[1] = r1 / n;
            mu[0] = sx0 / r0;
            mu[1] = sx1 / r1;
            var = Math.max((sxx0 - r0 * mu[0] * mu[0] + sxx1 - r1 * mu[1] * mu[1]) / n, floor);
            if (logLik - previous < TOLERANCE * Math.abs(logLik)) {
                break;
            }
            previous = logLik;
        }
        return Math.abs(mu[0] - mu[1]) / Math.sqrt(var);
    }
}
