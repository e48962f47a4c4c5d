package org.poisonscan.triggers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.poisonscan.triggers.stats.BenjaminiHochberg;
import org.poisonscan.triggers.stats.FisherExact;
import org.poisonscan.triggers.stats.WelchTest;

/** The statistics against values computed by hand (and R's p.adjust and fisher.test). */
class StatisticsTest {
    @Test
    void benjaminiHochbergMatchesRsPAdjust() {
        // p.adjust(c(0.01, 0.04, 0.03, 0.005), "BH") = 0.02 0.04 0.04 0.02
        assertArrayEquals(new double[] {0.02, 0.04, 0.04, 0.02},
                BenjaminiHochberg.adjust(new double[] {0.01, 0.04, 0.03, 0.005}), 1e-12);
        // p.adjust(c(0.5, 0.9, 0.001), "BH") = 0.75 0.90 0.003
        assertArrayEquals(new double[] {0.75, 0.9, 0.003}, BenjaminiHochberg.adjust(new double[] {0.5, 0.9, 0.001}),
                1e-12);
        assertArrayEquals(new double[0], BenjaminiHochberg.adjust(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> BenjaminiHochberg.adjust(new double[] {Double.NaN}));
    }

    @Test
    void fisherUpperTailIsTheHypergeometricTail() {
        // 3 of 3 in A, 0 of 3 in B: C(3,3) C(3,0) / C(6,3) = 1/20.
        assertEquals(0.05, FisherExact.upperTail(3, 3, 0, 3), 1e-12);
        // 2 of 3 in A, 1 of 3 in B: P(X>=2) = (C(3,2)C(3,1) + 1) / 20 = 10/20.
        assertEquals(0.5, FisherExact.upperTail(2, 3, 1, 3), 1e-12);
        // R: fisher.test(matrix(c(10, 0, 2, 98), 2), alternative = "greater")$p.value; by hand
        // P(X >= 10) with 110 rows, 12 holders, 10 draws: sum_k C(12,k) C(98,10-k) / C(110,10), k = 10..10.
        double expected = Math.exp(logChoose(12, 10) + logChoose(98, 0) - logChoose(110, 10));
        assertEquals(expected, FisherExact.upperTail(10, 10, 2, 100), expected * 1e-9);
        assertEquals(0, FisherExact.logUpperTail(0, 10, 5, 10));
        assertEquals(0, FisherExact.logUpperTail(108, 108, 2247, 2247), "every row holds it");
        // Far below the double range the log still orders.
        double a = FisherExact.logUpperTail(900, 900, 0, 60000);
        double b = FisherExact.logUpperTail(899, 900, 0, 60000);
        assertTrue(a < b && a < -2000, a + " " + b);
        assertTrue(FisherExact.logOdds(10, 10, 2, 100) > 0);
        assertThrows(IllegalArgumentException.class, () -> FisherExact.logUpperTail(4, 3, 0, 3));
    }

    @Test
    void welchStatisticAndDegreesOfFreedomFollowTheFormula() {
        WelchTest.Result r = WelchTest.test(1, 4, 10, 0, 1, 20);
        double se = Math.sqrt(4.0 / 10 + 1.0 / 20);
        assertEquals(1 / se, r.t(), 1e-12);
        double df = Math.pow(0.4 + 0.05, 2) / (0.16 / 9 + 0.0025 / 19);
        assertEquals(df, r.df(), 1e-9);
        // Large groups: the t-distribution is the normal one; |t| = 1.959964 is p = 0.05.
        WelchTest.Result big = WelchTest.test(1.959964, 1, 1_000_000, 0, 1e-12, 1_000_000);
        assertEquals(1.959964 * 1000, big.t(), 1e-3);
        WelchTest.Result z = WelchTest.test(1.959964e-3, 1, 1_000_000, 0, 1, 1_000_000);
        assertEquals(2 * (1 - normalCdf(1.959964e-3 / Math.sqrt(2e-6))), z.p(), 1e-4);
        assertThrows(IllegalArgumentException.class, () -> WelchTest.test(0, 0, 5, 0, 1, 5));
    }

    private static double normalCdf(double x) {
        return 0.5 * org.apache.commons.math3.special.Erf.erfc(-x / Math.sqrt(2));
    }

    private static double logChoose(int n, int k) {
        return org.apache.commons.math3.util.CombinatoricsUtils.binomialCoefficientLog(n, k);
    }
}
