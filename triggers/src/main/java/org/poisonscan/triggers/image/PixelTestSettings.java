package org.poisonscan.triggers.image;

/**
 * Settings of {@link ImageTriggerAnalysis}.
 *
 * @param alpha significance level of the adjusted per-pixel p-values, in (0, 1)
 * @param areaFraction share of the largest mask value a significant pixel needs to be in the area, in (0, 1]
 * @param permutations shuffles of the max-T permutation test, at least {@code ceil(1/alpha)} so that a pixel can
 *     reach significance at all
 * @param seed seeds the shuffles
 */
public record PixelTestSettings(double alpha, double areaFraction, int permutations, long seed) {
    public PixelTestSettings {
        if (!(alpha > 0 && alpha < 1) || !(areaFraction > 0 && areaFraction <= 1)) {
            throw new IllegalArgumentException("need alpha in (0, 1) and area fraction in (0, 1], got " + alpha
                    + ", " + areaFraction);
        }
        // permutations < 1 first: a negative count makes 1/(B+1) negative and would pass the alpha test below.
        if (permutations < 1 || 1.0 / (permutations + 1) >= alpha) {
            throw new IllegalArgumentException(permutations + " permutations cannot give a p-value below alpha "
                    + alpha + "; use at least " + (int) Math.ceil(1 / alpha));
        }
    }

    /** alpha 0.01, area fraction 0.5, 999 permutations, seed 42. */
    public static PixelTestSettings defaults() {
        return new PixelTestSettings(0.01, 0.5, 999, 42);
    }
}
