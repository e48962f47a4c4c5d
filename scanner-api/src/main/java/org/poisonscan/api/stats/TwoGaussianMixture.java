package org.poisonscan.api.stats;

import java.util.Arrays;

/**
 * A two-component Gaussian mixture on one-dimensional data, fitted by EM from several deterministic starts (splits at
 * quantiles from 1% to 99%, at most 100 iterations each), keeping the fit of highest likelihood. The two components share one variance: with free
 * variances, a narrow component settles on a handful of tail points of a single Gaussian and fakes a second mode.
 *
 * <p>Component 0 is the major (heavier) component, component 1 the minor one.
 *
 * @param weights mixing weights, {@code weights[0] >= weights[1]}
 * @param means component means
 * @param sds component standard deviations
 * @param logLikelihood log-likelihood of the data under the fit
 */
public record TwoGaussianMixture(double[] weights, double[] means, double[] sds, double logLikelihood)
        implements java.io.Serializable {
    private static final double[] START_QUANTILES = {0.01, 0.05, 0.2, 0.5, 0.8, 0.95, 0.99};
    private static final int MAX_ITERATIONS = 100;
    private static final double TOLERANCE = 1e-8;
    private static final double VARIANCE_FLOOR = 1e-6;

    public TwoGaussianMixture {
        weights = weights.clone();
        means = means.clone();
        sds = sds.clone();
    }

    /**
     * Ashman's D: {@code |mu0 - mu1| sqrt(2) / sqrt(sd0^2 + sd1^2)}. Above 2 the two components are clearly separated;
     * a single Gaussian fitted by two components gives values well below that.
     */
    public double separation() {
        return Math.abs(means[0] - means[1]) * Math.sqrt(2) / Math.sqrt(sds[0] * sds[0] + sds[1] * sds[1]);
    }

    /**
     * The point between the two means where both components are equally likely a posteriori (the components share
     * one variance, so there is exactly one such point). Rows beyond it, on the minor component's side, belong to the
     * minor component.
     */
    public double boundary() {
        double var = sds[0] * sds[0];
        return 0.5 * (means[0] + means[1]) + var * Math.log(weights[0] / weights[1]) / (means[1] - means[0]);
    }

    /** Whether {@code x} lies beyond the {@link #boundary()} on the minor component's side. */
    public boolean inMinor(double x) {
        double b = boundary();
        return means[1] > means[0] ? x > b : x < b;
    }

    /**
     * Fraction of the major component expected beyond the {@link #boundary()} on the minor side, under its Gaussian
     * fit: the share of the minor region that the main component's own tail explains.
     */
    public double majorTailBeyondBoundary() {
        double z = Math.abs(boundary() - means[0]) / sds[0];
        return Erf.normalUpperTail(z);
    }

    /** Posterior probability that {@code x} belongs to the minor component. */
    public double minorPosterior(double x) {
        double l0 = logDensity(x, 0) + Math.log(weights[0]);
        double l1 = logDensity(x, 1) + Math.log(weights[1]);
        double m = Math.max(l0, l1);
        double e0 = Math.exp(l0 - m);
        double e1 = Math.exp(l1 - m);
        return e1 / (e0 + e1);
    }

    private double logDensity(double x, int k) {
        double z = (x - means[k]) / sds[k];
        return -0.5 * z * z - Math.log(sds[k]) - 0.5 * Math.log(2 * Math.PI);
    }

    /**
     * Fits the mixture.
     *
     * @param x data (at least 4 values, not all equal)
     */
    public static TwoGaussianMixture fit(double[] x) {
        if (x.length < 4) {
            throw new IllegalArgumentException("need at least 4 values, got " + x.length);
        }
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double var = 0;
        for (double v : x) {
            var += (v - mean) * (v - mean);
        }
        var /= x.length;
        if (!(var > 0)) {
            throw new IllegalArgumentException("all values are equal");
        }
        double floor = VARIANCE_FLOOR * var;
        TwoGaussianMixture best = null;
        for (double q : START_QUANTILES) {
            int split = Math.max(2, Math.min(x.length - 2, (int) Math.round(q * x.length)));
            TwoGaussianMixture fit = em(x, sorted, split, floor);
            if (fit != null && (best == null || fit.logLikelihood > best.logLikelihood)) {
                best = fit;
            }
        }
        if (best == null) {
            throw new ArithmeticException("mixture fit failed from every start");
        }
        return best;
    }

    private static TwoGaussianMixture em(double[] x, double[] sorted, int split, double floor) {
        double[] w = {split / (double) x.length, 1 - split / (double) x.length};
        double[] mu = {meanOf(sorted, 0, split), meanOf(sorted, split, sorted.length)};
        double pooledStart = (varOf(sorted, 0, split, mu[0]) * split
                + varOf(sorted, split, sorted.length, mu[1]) * (sorted.length - split)) / sorted.length;
        double[] var = {Math.max(pooledStart, floor), Math.max(pooledStart, floor)};
        double previous = Double.NEGATIVE_INFINITY;
        double logLik = previous;
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double[] sumR = new double[2];
            double[] sumRx = new double[2];
            double[] sumRxx = new double[2];
            logLik = 0;
            double c0 = Math.log(w[0]) - 0.5 * Math.log(2 * Math.PI * var[0]);
            double c1 = Math.log(w[1]) - 0.5 * Math.log(2 * Math.PI * var[1]);
            for (double v : x) {
                double l0 = c0 - 0.5 * (v - mu[0]) * (v - mu[0]) / var[0];
                double l1 = c1 - 0.5 * (v - mu[1]) * (v - mu[1]) / var[1];
                // One exp per point: r1 = 1 / (1 + e^(l0 - l1)), log(e^l0 + e^l1) = max + log(1 + e^-|l0 - l1|).
                double e = Math.exp(-Math.abs(l0 - l1));
                logLik += Math.max(l0, l1) + Math.log(1 + e);
                double r1 = l1 >= l0 ? 1 / (1 + e) : e / (1 + e);
                double r0 = 1 - r1;
                sumR[0] += r0;
                sumR[1] += r1;
                sumRx[0] += r0 * v;
                sumRx[1] += r1 * v;
                sumRxx[0] += r0 * v * v;
                sumRxx[1] += r1 * v * v;
            }
            double pooled = 0;
            for (int k = 0; k < 2; k++) {
                if (sumR[k] < 1e-9) {
                    return null;
                }
                w[k] = sumR[k] / x.length;
                mu[k] = sumRx[k] / sumR[k];
                pooled += sumRxx[k] - sumR[k] * mu[k] * mu[k];
            }
            // Tied variance: a free narrow component would settle on a handful of tail points of a clean class.
            var[0] = Math.max(pooled / x.length, floor);
            var[1] = var[0];
            if (logLik - previous < TOLERANCE * Math.abs(logLik)) {
                break;
            }
            previous = logLik;
        }
        int major = w[0] >= w[1] ? 0 : 1;
        int minor = 1 - major;
        return new TwoGaussianMixture(new double[] {w[major], w[minor]}, new double[] {mu[major], mu[minor]},
                new double[] {Math.sqrt(var[major]), Math.sqrt(var[minor])}, logLik);
    }

    private static double meanOf(double[] s, int from, int to) {
        double m = 0;
        for (int i = from; i < to; i++) {
            m += s[i];
        }
        return m / (to - from);
    }

    private static double varOf(double[] s, int from, int to, double mean) {
        double v = 0;
        for (int i = from; i < to; i++) {
            v += (s[i] - mean) * (s[i] - mean);
        }
        return v / (to - from);
    }
}
