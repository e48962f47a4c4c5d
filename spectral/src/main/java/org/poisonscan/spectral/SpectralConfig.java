package org.poisonscan.spectral;

/**
 * Configuration of {@link SpectralSignatureDetector}. Immutable; {@code with...} methods return changed copies.
 *
 * @param expectedPoisonRate when positive, the rate-based policy of the paper: flag the top
 *     {@code removalMultiplier * expectedPoisonRate} fraction of every class; when {@code NaN} (the default), the
 *     automatic policy that needs no rate (see {@link SpectralSignatureDetector})
 * @param removalMultiplier multiplier of the expected rate in the rate-based policy (1.5 in the paper)
 * @param scoring centred score of the paper, or the uncentred score of the authors' code and IBM ART
 * @param minClassRows classes with fewer rows are reported as not scanned
 * @param minClusterRows smallest group of rows the automatic policy will call a poison cluster
 * @param minSeparation smallest Ashman D between the two mixture components for a class to be judged poisoned
 * @param minAnomalyIndex smallest MAD anomaly index of a class's separation among the scanned classes for a class to
 *     be judged poisoned (applied when at least {@code minClassesToCompare} classes were scanned)
 * @param anomalyScaleFloor floor of the robust scale (1.4826 MAD) of the separations across classes
 * @param minClassesToCompare fewest scanned classes for the cross-class comparison to apply
 * @param sampleCapacity projections kept per class for fitting the mixture and quantiles (all when the class is
 *     smaller)
 * @param batchRows rows per batch read from the source
 * @param seed seed of the reservoir samples
 * @param maxPoisonFraction largest share of a class the automatic policy calls a poison group: a minor mixture
 *     component holding more of the class is natural structure (two kinds of one class), not a planted minority
 *     (Chen et al. 2018 use 35% for a poison cluster's size)
 */
public record SpectralConfig(double expectedPoisonRate, double removalMultiplier, Scoring scoring, int minClassRows,
        int minClusterRows, double minSeparation, double minAnomalyIndex, double anomalyScaleFloor,
        int minClassesToCompare, int sampleCapacity, int batchRows, long seed, double maxPoisonFraction)
        implements java.io.Serializable {

    /** How a row's score is computed from its projection on the top eigenvector v. */
    public enum Scoring {
        /** {@code ((r - mean) . v)^2}, Algorithm 1 of Tran et al. 2018. */
        CENTRED,
        /** {@code |r . v|}, as the authors' released code and IBM ART compute it; ranks differently. */
        UNCENTRED_ART
    }

    public SpectralConfig {
        if (!Double.isNaN(expectedPoisonRate) && !(expectedPoisonRate > 0 && expectedPoisonRate < 1)) {
            throw new IllegalArgumentException("expectedPoisonRate must be in (0, 1) or NaN, got " + expectedPoisonRate);
        }
        if (!(removalMultiplier > 0)) {
            throw new IllegalArgumentException("removalMultiplier must be > 0, got " + removalMultiplier);
        }
        if (removalMultiplier * expectedPoisonRate >= 1) {
            // The rate policy flags the top removalMultiplier x rate of every class: at 1 or more that is every row.
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "expectedPoisonRate %s: the"
                    + " rate-based policy flags the top %s x rate of each class, which would be every row; give a rate"
                    + " of at most %.3f", expectedPoisonRate, removalMultiplier, maxRate(removalMultiplier)));
        }
        if (scoring == null) {
            throw new IllegalArgumentException("scoring must be set");
        }
        if (minClassRows < 8) {
            throw new IllegalArgumentException("minClassRows must be >= 8, got " + minClassRows);
        }
        if (minClusterRows < 1) {
            throw new IllegalArgumentException("minClusterRows must be >= 1, got " + minClusterRows);
        }
        if (!(minSeparation > 0) || !(minAnomalyIndex > 0) || !(anomalyScaleFloor > 0)) {
            throw new IllegalArgumentException("minSeparation, minAnomalyIndex and anomalyScaleFloor must be > 0");
        }
        if (minClassesToCompare < 2) {
            throw new IllegalArgumentException("minClassesToCompare must be >= 2, got " + minClassesToCompare);
        }
        if (sampleCapacity < 1000) {
            throw new IllegalArgumentException("sampleCapacity must be >= 1000, got " + sampleCapacity);
        }
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows must be >= 1, got " + batchRows);
        }
        if (!(maxPoisonFraction > 0 && maxPoisonFraction < 0.5)) {
            throw new IllegalArgumentException("maxPoisonFraction must be in (0, 0.5), got " + maxPoisonFraction);
        }
    }

    /** The largest rate of three decimals whose rate policy flags less than a whole class (0.666 for 1.5). */
    static double maxRate(double removalMultiplier) {
        return (Math.ceil(1000 / removalMultiplier) - 1) / 1000;
    }

    /** The defaults: automatic policy, centred score. */
    public static SpectralConfig defaults() {
        return new SpectralConfig(Double.NaN, 1.5, Scoring.CENTRED, 20, 5, 3.0, 3.0, 0.5, 3, 200_000, 16_384, 1L, 0.35);
    }

    /** A copy with another seed (sampling and the mixture's subsample). */
    public SpectralConfig withSeed(long newSeed) {
        return new SpectralConfig(expectedPoisonRate, removalMultiplier, scoring, minClassRows, minClusterRows,
                minSeparation, minAnomalyIndex, anomalyScaleFloor, minClassesToCompare, sampleCapacity, batchRows,
                newSeed, maxPoisonFraction);
    }

    /** Whether the rate-based policy is in force. */
    public boolean rateGiven() {
        return !Double.isNaN(expectedPoisonRate);
    }

    /** A copy using the rate-based policy with this expected poison rate ({@code NaN} for automatic). */
    public SpectralConfig withExpectedPoisonRate(double rate) {
        return new SpectralConfig(rate, removalMultiplier, scoring, minClassRows, minClusterRows, minSeparation,
                minAnomalyIndex, anomalyScaleFloor, minClassesToCompare, sampleCapacity, batchRows, seed,
                maxPoisonFraction);
    }

    /** A copy with another scoring. */
    public SpectralConfig withScoring(Scoring newScoring) {
        return new SpectralConfig(expectedPoisonRate, removalMultiplier, newScoring, minClassRows, minClusterRows,
                minSeparation, minAnomalyIndex, anomalyScaleFloor, minClassesToCompare, sampleCapacity, batchRows, seed,
                maxPoisonFraction);
    }

    /** A copy with another minimum class size. */
    public SpectralConfig withMinClassRows(int rows) {
        return new SpectralConfig(expectedPoisonRate, removalMultiplier, scoring, rows, minClusterRows, minSeparation,
                minAnomalyIndex, anomalyScaleFloor, minClassesToCompare, sampleCapacity, batchRows, seed,
                maxPoisonFraction);
    }

    /** A copy with another reservoir capacity per class. */
    public SpectralConfig withSampleCapacity(int capacity) {
        return new SpectralConfig(expectedPoisonRate, removalMultiplier, scoring, minClassRows, minClusterRows,
                minSeparation, minAnomalyIndex, anomalyScaleFloor, minClassesToCompare, capacity, batchRows, seed,
                maxPoisonFraction);
    }
}
