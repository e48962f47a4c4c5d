package org.poisonscan.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.junit.jupiter.api.Test;

/** The null calibrations against commons-math3 and, for unequal weights, a seeded Monte Carlo. */
class TailProbabilitiesTest {

    @Test
    void normalQuantileMatchesReference() {
        NormalDistribution n = new NormalDistribution();
        for (double p : new double[] {0.4, 0.05, 1e-3, 5e-5, 1e-7}) {
            assertEquals(n.inverseCumulativeProbability(1 - p), TailProbabilities.normalUpperQuantile(p), 1e-5);
        }
    }

    @Test
    void poissonUpperTailMatchesReference() {
        for (double mean : new double[] {0.25, 3, 40}) {
            PoissonDistribution p = new PoissonDistribution(mean);
            for (int c : new int[] {0, 1, 4, 12, 60}) {
                double expected = c == 0 ? 1 : 1 - p.cumulativeProbability(c - 1);
                double actual = TailProbabilities.poissonUpperTail(c, mean);
                assertEquals(expected, actual, Math.max(1e-12, 1e-8 * expected), "mean " + mean + " count " + c);
            }
        }
    }

    @Test
    void fairCoinBinomialUpperTailMatchesReference() {
        for (int trials : new int[] {1, 10, 25, 400}) {
            BinomialDistribution b = new BinomialDistribution(trials, 0.5);
            for (int c : new int[] {0, 1, 5, 10, 25, 230, 400}) {
                double expected = c == 0 ? 1 : c > trials ? 0 : 1 - b.cumulativeProbability(c - 1);
                double actual = TailProbabilities.binomialHalfUpperTail(c, trials);
                assertEquals(expected, actual, Math.max(1e-12, 1e-8 * expected), "trials " + trials + " count " + c);
            }
        }
    }

    @Test
    void equalWeightsGiveTheScaledChiSquareTail() {
        for (int dof : new int[] {1, 4, 30}) {
            double w = 1.0 / dof;
            double[] weights = new double[dof];
            java.util.Arrays.fill(weights, w);
            ChiSquaredDistribution chi = new ChiSquaredDistribution(dof);
            for (double p : new double[] {1e-2, 1e-4, 1e-6}) {
                double exact = chi.inverseCumulativeProbability(1 - p) * w;
                double quantile = TailProbabilities.generalizedChiSquareUpperQuantile(p, weights);
                assertEquals(exact, quantile, 0.02 * exact, "dof " + dof + " p " + p);
                double tail = TailProbabilities.generalizedChiSquareUpperTail(exact, weights);
                assertEquals(p, tail, 0.1 * p, "dof " + dof + " p " + p);
            }
        }
    }

    @Test
    void unequalWeightsMatchMonteCarlo() {
        // A QUE weighting dominated by one direction: 0.35 on one, the rest spread over 99.
        double[] weights = new double[100];
        weights[0] = 0.35;
        for (int j = 1; j < 100; j++) {
            weights[j] = 0.65 / 99;
        }
        SplittableRandom rng = new SplittableRandom(7);
        int draws = 100_000;
        double[] x = {3, 5, 7};
        long[] above = new long[x.length];
        for (int i = 0; i < draws; i++) {
            double s = 0;
            for (double w : weights) {
                double z = rng.nextGaussian();
                s += w * z * z;
            }
            for (int j = 0; j < x.length; j++) {
                if (s > x[j]) {
                    above[j]++;
                }
            }
        }
        for (int j = 0; j < x.length; j++) {
            double mc = (double) above[j] / draws;
            double sd = Math.sqrt(mc * (1 - mc) / draws);
            assertEquals(mc, TailProbabilities.generalizedChiSquareUpperTail(x[j], weights), 4 * sd + 0.05 * mc,
                    "x " + x[j]);
        }
    }
}
