package org.poisonscan.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.poisonscan.api.stats.Erf;

class PowerLawTailTest {
    /** Counts of an exact power law {@code P(R > r) = c r^-a} in the two bins, rounded. */
    private static long[] bins(double c, double a) {
        double inner = PowerLawTail.INNER;
        double middle = (1 + inner) / 2;
        return new long[] {Math.round(c * (Math.pow(inner, -a) - Math.pow(middle, -a))),
            Math.round(c * (Math.pow(middle, -a) - 1))};
    }

    @Test
    void anExactPowerLawIsExtrapolatedToItsOwnTail() {
        for (double a : new double[] {1, 3, 6}) {
            long[] b = bins(1000, a);
            assertEquals(1000, PowerLawTail.beyond(b[0], b[1]), 5, "exponent " + a);
        }
    }

    @Test
    void aGaussianSideIsOverPredictedNotUnder() {
        // One million rows of a standard normal, a cut at 4: 31.7 rows beyond it.
        double n = 1e6;
        double cut = 4;
        long inner = Math.round(n * (upper(cut / 3) - upper(2 * cut / 3)));
        long outer = Math.round(n * (upper(2 * cut / 3) - upper(cut)));
        double predicted = PowerLawTail.beyond(inner, outer);
        assertTrue(predicted > n * upper(cut), "predicted " + predicted);
        assertTrue(predicted < 50 * n * upper(cut), "predicted " + predicted);
    }

    @Test
    void anEmptyOuterBinPredictsNothingAndAFlatOnePredictsEverything() {
        assertEquals(0, PowerLawTail.beyond(40, 0));
        assertEquals(Double.POSITIVE_INFINITY, PowerLawTail.beyond(10, 10));
        assertEquals(Double.POSITIVE_INFINITY, PowerLawTail.beyond(0, 3));
    }

    @Test
    void theBinRatioFallsAsTheExponentGrows() {
        double previous = Double.POSITIVE_INFINITY;
        for (double a = 0.1; a < 30; a += 0.7) {
            double r = PowerLawTail.binRatio(a);
            assertTrue(r < previous, "exponent " + a);
            previous = r;
        }
    }

    private static double upper(double z) {
        return Erf.normalUpperTail(z);
    }
}
