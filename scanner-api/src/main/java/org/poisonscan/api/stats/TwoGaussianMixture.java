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
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        // Centred data: the sums of squares below do not cancel when the mean is large against the spread.
        double[] centred = new double[x.length];
        double sumSq = 0;
        for (int i = 0; i < x.length; i++) {
            centred[i] = x[i] - mean;
            sumSq += centred[i] * centred[i];
        }
        double var = sumSq / x.length;
        if (!(var > 0)) {
            throw new IllegalArgumentException("all values are equal");
        }
        double[] sorted = centred.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (double v : centred) {
            sum += v;
        }
        double floor = VARIANCE_FLOOR * var;
        TwoGaussianMixture best = null;
        for (double q : START_QUANTILES) {
            int split = Math.max(2, Math.min(x.length - 2, (int) Math.round(q * x.length)));
            TwoGaussianMixture fit = em(sorted, split, floor, sum, sumSq);
            if (fit != null && (best == null || fit.logLikelihood > best.logLikelihood)) {
                best = fit;
            }
        }
        if (best == null) {
            throw new ArithmeticException("mixture fit failed from every start");
        }
        return new TwoGaussianMixture(best.weights, new double[] {best.means[0] + mean, best.means[1] + mean},
                best.sds, best.logLikelihood);
    }

    /** Values whose {@code log(1 + e)} factors are multiplied before one logarithm: each factor is at most 2. */
    private static final int LOG_CHUNK = 512;

    /**
     * EM from one start. With a shared variance the log-ratio of the two weighted densities is linear in x,
     * {@code z = log(w1 N(x; mu1)) - log(w0 N(x; mu0)) = a + b x}, so a point costs one exponential: the minor
     * responsibility is {@code 1 / (1 + e^-z)} and its log-likelihood {@code log(w0 N(x; mu0)) + softplus(z)}, whose
     * first term sums in closed form from {@code sum x} and {@code sum x^2}. The E-step runs over the sorted values, in
     * which z is monotone, so its branches are predictable.
     */
    private static TwoGaussianMixture em(double[] sorted, int split, double floor, double sum, double sumSq) {
        int n = sorted.length;
        double w0 = split / (double) n;
        double w1 = 1 - w0;
        double mu0 = meanOf(sorted, 0, split);
        double mu1 = meanOf(sorted, split, n);
        double pooledStart = (varOf(sorted, 0, split, mu0) * split + varOf(sorted, split, n, mu1) * (n - split)) / n;
        double var = Math.max(pooledStart, floor);
        double previous = Double.NEGATIVE_INFINITY;
        double logLik = previous;
        double[] sums = new double[4];
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double b = (mu1 - mu0) / var;
            double a = Math.log(w1 / w0) - (mu1 * mu1 - mu0 * mu0) / (2 * var);
            eStep(sorted, a, b, sums);
            double r1Sum = sums[0];
            double r1X = sums[1];
            double r1Xx = sums[2];
            double softplus = sums[3];
            logLik = n * (Math.log(w0) - 0.5 * Math.log(2 * Math.PI * var))
                    - (sumSq - 2 * mu0 * sum + n * mu0 * mu0) / (2 * var) + softplus;
            double r0Sum = n - r1Sum;
            if (r0Sum < 1e-9 || r1Sum < 1e-9) {
                return null;
            }
            w0 = r0Sum / n;
            w1 = r1Sum / n;
            mu0 = (sum - r1X) / r0Sum;
            mu1 = r1X / r1Sum;
            // Tied variance: a free narrow component would settle on a handful of tail points of a clean class.
            double pooled = (sumSq - r1Xx - r0Sum * mu0 * mu0) + (r1Xx - r1Sum * mu1 * mu1);
            var = Math.max(pooled / n, floor);
            if (logLik - previous < TOLERANCE * Math.abs(logLik)) {
                break;
            }
            previous = logLik;
        }
        boolean zeroIsMajor = w0 >= w1;
        double sd = Math.sqrt(var);
        return new TwoGaussianMixture(zeroIsMajor ? new double[] {w0, w1} : new double[] {w1, w0},
                zeroIsMajor ? new double[] {mu0, mu1} : new double[] {mu1, mu0}, new double[] {sd, sd}, logLik);
    }

    /**
     * One E-step over {@code x} for the log-ratio {@code z = a + b x}: fills {@code out} with the sums of the minor
     * responsibilities {@code r1}, of {@code r1 x}, of {@code r1 x^2} and of {@code softplus(z)}. Vectorised when the
     * {@code jdk.incubator.vector} module is present and {@code poisonscan.simd} is not {@code false}.
     */
    static void eStep(double[] x, double a, double b, double[] out) {
        if (org.poisonscan.api.backend.JavaComputeBackend.simd()) {
            // VectorEStep is only linked on this branch, so this class loads without the module.
            VectorEStep.run(x, a, b, out);
        } else {
            scalarEStep(x, 0, x.length, a, b, out);
        }
    }

    /** {@link #eStep} over {@code x[from, to)}, one point at a time. */
    static void scalarEStep(double[] x, int from, int to, double a, double b, double[] out) {
        double r1Sum = 0;
        double r1X = 0;
        double r1Xx = 0;
        double softplus = 0;
        double product = 1;
        for (int i = from; i < to; i++) {
            double v = x[i];
            double z = a + b * v;
            double e = Math.exp(-Math.abs(z));
            double r1 = z >= 0 ? 1 / (1 + e) : e / (1 + e);
            r1Sum += r1;
            r1X += r1 * v;
            r1Xx += r1 * v * v;
            softplus += Math.max(z, 0);
            product *= 1 + e;
            if ((i - from) % LOG_CHUNK == LOG_CHUNK - 1) {
                softplus += Math.log(product);
                product = 1;
            }
        }
        out[0] = r1Sum;
        out[1] = r1X;
        out[2] = r1Xx;
        out[3] = softplus + Math.log(product);
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
