package org.poisonscan.api.stats;

import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * What a detector's separation statistic reaches by chance in a clean class of a given size, from seeded null draws:
 * their median, and the mean and standard deviation of their logs (the statistic is positive and right-skewed, so its
 * tail is judged on the log scale). Shared by the small-class nulls of activation clustering and spectral signatures.
 *
 * @param rows the class size the null is for
 */
public record ChanceSeparation(int rows, double median, double logMean, double logSd) {
    /** The null of the draws' positive finite values; all {@code NaN} when fewer than 3 are. */
    public static ChanceSeparation fromDraws(int rows, double[] draws) {
        double[] kept = Arrays.stream(draws).filter(v -> v > 0 && Double.isFinite(v)).sorted().toArray();
        if (kept.length < 3) {
            return new ChanceSeparation(rows, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = 0;
        for (double v : kept) {
            mean += Math.log(v) / kept.length;
        }
        double var = 0;
        for (double v : kept) {
            var += (Math.log(v) - mean) * (Math.log(v) - mean) / (kept.length - 1);
        }
        return new ChanceSeparation(rows, kept[kept.length / 2], mean, Math.sqrt(var));
    }

    /**
     * The null of {@code n} rows from nulls computed only at the sizes of a geometric grid ({@code start},
     * {@code start * ratio}, ... rounded, at most {@code cap}), interpolated linearly in log size between the two
     * around {@code n}; exact at or below {@code start} and at grid sizes.
     */
    public static ChanceSeparation interpolated(int n, int start, double ratio, int cap,
            IntFunction<ChanceSeparation> atSize) {
        if (n <= start) {
            return atSize.apply(n);
        }
        int below = start;
        while ((int) Math.round(below * ratio) <= n && below < cap) {
            below = Math.min(cap, (int) Math.round(below * ratio));
        }
        if (below == n || below == cap) {
            return atSize.apply(below);
        }
        int above = Math.min(cap, (int) Math.round(below * ratio));
        ChanceSeparation a = atSize.apply(below);
        ChanceSeparation b = atSize.apply(above);
        double t = Math.log((double) n / below) / Math.log((double) above / below);
        return new ChanceSeparation(n, a.median + t * (b.median - a.median), a.logMean + t * (b.logMean - a.logMean),
                a.logSd + t * (b.logSd - a.logSd));
    }

    /** The separation {@code sds} null standard deviations above the null mean, on the log scale. */
    public double threshold(double sds) {
        return Math.exp(logMean + sds * logSd);
    }
}
