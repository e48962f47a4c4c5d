package org.poisonscan.triggers;

/**
 * How trigger hypotheses are formed and checked. Validates itself.
 *
 * @param alpha significance level of the Benjamini-Hochberg adjusted p-values, in (0, 1); default 0.01
 * @param top hypotheses (tokens, feature values) reported per class, at least 1; default 10
 * @param minFlagged flagged rows a class needs to be analysed, at least 2; default 5
 * @param minCount rows of a class that must hold a token or feature value for it to be tested, at least 1; default 3
 * @param areaFraction share of the largest pixel effect a significant pixel needs to be in an image trigger's area,
 *     in (0, 1]; default 0.5
 * @param bins quantile bins per numeric table column, at least 2; default 10
 * @param sourceShare share of a class's flagged rows another class must attract to count as a source class, in
 *     (0, 1]; default 0.05
 * @param verifyLimit clean inputs of other classes stamped for verification, at least 1; default 2000
 * @param permutations shuffles of the image pixels' max-T permutation test, at least {@code ceil(1/alpha)}; default 999
 * @param seed seeds the permutations, the choice of verification inputs and token positions
 */
public record TriggerSettings(double alpha, int top, int minFlagged, int minCount, double areaFraction, int bins,
        double sourceShare, int verifyLimit, int permutations, long seed) {
    /** The most permutations accepted (a p-value resolution of 1e-6). */
    public static final int MAX_PERMUTATIONS = 999_999;

    public TriggerSettings {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
        if (top < 1 || minFlagged < 2 || minCount < 1 || bins < 2 || verifyLimit < 1) {
            throw new IllegalArgumentException("need top >= 1, min-flagged >= 2, min-count >= 1, bins >= 2 and"
                    + " verify-limit >= 1; got " + top + ", " + minFlagged + ", " + minCount + ", " + bins + ", "
                    + verifyLimit);
        }
        if (permutations > MAX_PERMUTATIONS) {
            // Each permutation keeps a maximum per pixel test; beyond this the p-value's resolution gains nothing.
            throw new IllegalArgumentException("permutations must be at most " + MAX_PERMUTATIONS + ", got "
                    + permutations);
        }
        // permutations < 1 first: a negative count makes 1/(B+1) negative and would pass the alpha test below.
        if (permutations < 1 || 1.0 / (permutations + 1) >= alpha) {
            throw new IllegalArgumentException(permutations + " permutations cannot give a p-value below alpha " + alpha
                    + "; use at least " + (int) Math.ceil(1 / alpha));
        }
        if (!(areaFraction > 0 && areaFraction <= 1) || !(sourceShare > 0 && sourceShare <= 1)) {
            throw new IllegalArgumentException("area fraction and source share must be in (0, 1], got " + areaFraction
                    + ", " + sourceShare);
        }
    }

    /** The defaults listed above. */
    public static TriggerSettings defaults() {
        return new TriggerSettings(0.01, 10, 5, 3, 0.5, 10, 0.05, 2000, 999, 42);
    }

    /** A copy with another number of reported hypotheses per class. */
    public TriggerSettings withTop(int n) {
        return new TriggerSettings(alpha, n, minFlagged, minCount, areaFraction, bins, sourceShare, verifyLimit,
                permutations, seed);
    }

    /** A copy with another significance level. */
    public TriggerSettings withAlpha(double a) {
        return new TriggerSettings(a, top, minFlagged, minCount, areaFraction, bins, sourceShare, verifyLimit,
                permutations, seed);
    }

    /** A copy with another minimum of flagged rows per class. */
    public TriggerSettings withMinFlagged(int n) {
        return new TriggerSettings(alpha, top, n, minCount, areaFraction, bins, sourceShare, verifyLimit,
                permutations, seed);
    }

    /** A copy with another verification limit and seed. */
    public TriggerSettings withVerification(int limit, long newSeed) {
        return new TriggerSettings(alpha, top, minFlagged, minCount, areaFraction, bins, sourceShare, limit,
                permutations, newSeed);
    }

    /** A copy with another number of permutations. */
    public TriggerSettings withPermutations(int n) {
        return new TriggerSettings(alpha, top, minFlagged, minCount, areaFraction, bins, sourceShare, verifyLimit, n,
                seed);
    }

    /** The image analysis' part of these settings. */
    public org.poisonscan.triggers.image.PixelTestSettings pixelTests() {
        return new org.poisonscan.triggers.image.PixelTestSettings(alpha, areaFraction, permutations, seed);
    }

    /** The settings as report parameters. */
    public java.util.Map<String, Object> asMap() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("alpha", alpha);
        m.put("top", top);
        m.put("min_flagged", minFlagged);
        m.put("min_count", minCount);
        m.put("area_fraction", areaFraction);
        m.put("bins", bins);
        m.put("source_share", sourceShare);
        m.put("verify_limit", verifyLimit);
        m.put("permutations", permutations);
        m.put("seed", seed);
        return m;
    }
}
