package org.poisonscan.spectral;

/**
 * Configuration of {@link SpectreDetector}. Immutable; {@code with...} methods return changed copies. No poison rate
 * and no target class are configured: SPECTRE estimates both (see {@link SpectreDetector}).
 *
 * @param maxDims largest number of PCA dimensions k in the sweep (100 in the paper); the sweep takes the squares
 *     1, 4, 9, ... up to {@code min(maxDims, d - 1, rows / minRowsPerDim)} and the class covariance's numerical rank
 *     (up to d itself when d <= 4): never the whole space, whose last directions whiten discreteness into outliers
 * @param alpha exponent of the QUantum Entropy weighting {@code expm(alpha (S - I) / (||S|| - 1))} (4 in the paper)
 * @param minClassRows classes with fewer rows are reported as not scanned
 * @param minRowsPerDim rows needed per PCA dimension, so that robust covariances of k dimensions are well estimated
 * @param filterPValue a filter round removes rows only when a held-out half shows this unlikely a tail excess under a
 *     Gaussian null (Poisson test on the count beyond the tail threshold)
 * @param symmetryPValue the held-out excess must also be one-sided: more rows beyond the cut on one side than on the
 *     other (binomial test at this level), as a shifted poison group gives and a symmetric heavy tail does not
 * @param filterTailRows expected number of clean rows of a class beyond the filter's two-sided tail threshold
 * @param maxFilterRounds bound on the filter rounds per PCA dimension
 * @param flagTailRows expected number of clean rows of a class whose QUE score exceeds the flag threshold
 * @param minClusterRows fewest flagged rows for a class to be judged poisoned
 * @param minCriterion smallest QUE criterion {@code tr(S' M) / tr(M)} (1 for a clean class) for a class to be judged
 *     poisoned. A group of share e at s deviations adds about e s^2; the default 1.05 is what the smallest group the
 *     filter's held-out test establishes (11 rows beyond its cut of about 3.8 deviations in a 3,000-row class) adds.
 *     (1.1 until session 15 refused the 0.5% groups the filter had found at delta 6: criteria 1.08 to 1.10.)
 * @param minAnomalyIndex smallest MAD anomaly index of a class's log QUE criterion among the scanned classes for a
 *     class to be judged poisoned (applied when at least {@code minClassesToCompare} classes were scanned)
 * @param anomalyScaleFloor floor of the robust scale (1.4826 MAD) of the log criteria across classes
 * @param minClassesToCompare fewest scanned classes for the cross-class comparison to apply
 * @param sampleCapacity rows per class kept (projected to at most {@code maxDims} values) for the robust estimates;
 *     larger classes are estimated from a seeded uniform sample and scored in full
 * @param batchRows rows per batch read from the source
 * @param seed seed of the row samples and of the filter's half splits
 * @param maxPoisonFraction largest share of a class taken for a poison group: the filter removes at most this share
 *     of the rows, and a class whose filter still finds a significant tail at that budget (wherever it removes rows)
 *     does not fit SPECTRE's model of a near-Gaussian clean majority plus a minority group, so it is not judged
 *     poisoned; likewise a class with more flagged rows than this share (Chen et al. 2018 use 35% for a poison
 *     cluster's size)
 * @param poisonedClassTail in a class SPECTRE judges poisoned, the expected share of its clean rows whose QUE score
 *     exceeds the flag threshold there (the clean tail's quantile at this share, when it is lower than the one at
 *     {@code flagTailRows}): the verdict's budget of half a clean row per class keeps false flags near zero but misses
 *     the poisons whose scores overlap the clean tail, and once the class is known to be poisoned a missed poison
 *     costs more than a few clean rows; applied only when the flagged group runs down to the verdict's threshold
 *     (a group far above the clean tail gains nothing from it)
 */
public record SpectreConfig(int maxDims, double alpha, int minClassRows, int minRowsPerDim, double filterPValue,
        double symmetryPValue, double filterTailRows, int maxFilterRounds, double flagTailRows, int minClusterRows,
        double minCriterion, double minAnomalyIndex, double anomalyScaleFloor, int minClassesToCompare,
        int sampleCapacity, int batchRows, long seed, double maxPoisonFraction, double poisonedClassTail)
        implements java.io.Serializable {

    public SpectreConfig {
        if (maxDims < 1) {
            throw new IllegalArgumentException("maxDims must be >= 1, got " + maxDims);
        }
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be > 0 and finite, got " + alpha);
        }
        if (minClassRows < 20) {
            throw new IllegalArgumentException("minClassRows must be >= 20, got " + minClassRows);
        }
        if (minRowsPerDim < 2) {
            throw new IllegalArgumentException("minRowsPerDim must be >= 2, got " + minRowsPerDim);
        }
        if (!(filterPValue > 0 && filterPValue < 1)) {
            throw new IllegalArgumentException("filterPValue must be in (0, 1), got " + filterPValue);
        }
        if (!(symmetryPValue > 0 && symmetryPValue < 1)) {
            throw new IllegalArgumentException("symmetryPValue must be in (0, 1), got " + symmetryPValue);
        }
        if (!(filterTailRows > 0) || !(flagTailRows > 0)) {
            throw new IllegalArgumentException("filterTailRows and flagTailRows must be > 0");
        }
        if (maxFilterRounds < 1) {
            throw new IllegalArgumentException("maxFilterRounds must be >= 1, got " + maxFilterRounds);
        }
        if (minClusterRows < 1) {
            throw new IllegalArgumentException("minClusterRows must be >= 1, got " + minClusterRows);
        }
        if (!(minCriterion >= 1) || !(minAnomalyIndex > 0) || !(anomalyScaleFloor > 0)) {
            throw new IllegalArgumentException(
                    "minCriterion must be >= 1, minAnomalyIndex and anomalyScaleFloor must be > 0");
        }
        if (minClassesToCompare < 2) {
            throw new IllegalArgumentException("minClassesToCompare must be >= 2, got " + minClassesToCompare);
        }
        if (sampleCapacity < minClassRows) {
            throw new IllegalArgumentException("sampleCapacity must be >= minClassRows, got " + sampleCapacity);
        }
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows must be >= 1, got " + batchRows);
        }
        if (!(maxPoisonFraction > 0 && maxPoisonFraction < 0.5)) {
            throw new IllegalArgumentException("maxPoisonFraction must be in (0, 0.5), got " + maxPoisonFraction);
        }
        if (!(poisonedClassTail > 0 && poisonedClassTail < 0.25)) {
            throw new IllegalArgumentException("poisonedClassTail must be in (0, 0.25), got " + poisonedClassTail);
        }
    }

    /**
     * The defaults: k up to 100, alpha 4, classes of at least 50 rows, 10 rows per dimension, filter test at p 1e-4
     * with half a clean row expected beyond its threshold and a one-sided excess at p 1e-3, half a clean row expected
     * above the flag threshold, verdicts needing 5 flagged rows, a criterion of 1.05 and an anomaly index of 3 (scale
     * floor 0.02), 20,000 sampled rows per class, seed 1, poison groups of at most 35% of a class, and a flag
     * threshold in a class judged poisoned that 1% of its clean rows exceed.
     */
    public static SpectreConfig defaults() {
        return new SpectreConfig(100, 4.0, 50, 10, 1e-4, 1e-3, 0.5, 50, 0.5, 5, 1.05, 3.0, 0.02, 3, 20_000, 4096, 1L,
                0.35, 0.01);
    }

    /** A copy with another largest PCA dimension. */
    public SpectreConfig withMaxDims(int dims) {
        return new SpectreConfig(dims, alpha, minClassRows, minRowsPerDim, filterPValue, symmetryPValue,
                filterTailRows, maxFilterRounds, flagTailRows, minClusterRows, minCriterion, minAnomalyIndex,
                anomalyScaleFloor, minClassesToCompare, sampleCapacity, batchRows, seed, maxPoisonFraction,
                poisonedClassTail);
    }

    /** A copy with another minimum class size. */
    public SpectreConfig withMinClassRows(int rows) {
        return new SpectreConfig(maxDims, alpha, rows, minRowsPerDim, filterPValue, symmetryPValue, filterTailRows,
                maxFilterRounds, flagTailRows, minClusterRows, minCriterion, minAnomalyIndex, anomalyScaleFloor,
                minClassesToCompare, sampleCapacity, batchRows, seed, maxPoisonFraction,
                poisonedClassTail);
    }

    /** A copy with another per-class sample capacity. */
    public SpectreConfig withSampleCapacity(int capacity) {
        return new SpectreConfig(maxDims, alpha, minClassRows, minRowsPerDim, filterPValue, symmetryPValue,
                filterTailRows, maxFilterRounds, flagTailRows, minClusterRows, minCriterion, minAnomalyIndex,
                anomalyScaleFloor, minClassesToCompare, capacity, batchRows, seed, maxPoisonFraction,
                poisonedClassTail);
    }

    /** A copy with another seed. */
    public SpectreConfig withSeed(long newSeed) {
        return new SpectreConfig(maxDims, alpha, minClassRows, minRowsPerDim, filterPValue, symmetryPValue,
                filterTailRows, maxFilterRounds, flagTailRows, minClusterRows, minCriterion, minAnomalyIndex,
                anomalyScaleFloor, minClassesToCompare, sampleCapacity, batchRows, newSeed, maxPoisonFraction,
                poisonedClassTail);
    }

    /** A copy with another flag budget in classes judged poisoned (a share of their clean rows). */
    public SpectreConfig withPoisonedClassTail(double tail) {
        return new SpectreConfig(maxDims, alpha, minClassRows, minRowsPerDim, filterPValue, symmetryPValue,
                filterTailRows, maxFilterRounds, flagTailRows, minClusterRows, minCriterion, minAnomalyIndex,
                anomalyScaleFloor, minClassesToCompare, sampleCapacity, batchRows, seed, maxPoisonFraction, tail);
    }
}
