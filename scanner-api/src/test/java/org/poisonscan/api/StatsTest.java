package org.poisonscan.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.backend.JavaComputeBackend;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.api.detect.AnomalyIndex;
import org.poisonscan.api.eval.Auroc;
import org.poisonscan.api.stats.ClassMoments;
import org.poisonscan.api.stats.Erf;
import org.poisonscan.api.stats.Reservoir;
import org.poisonscan.api.stats.TwoGaussianMixture;

class StatsTest {
    @Test
    void aurocHandlesTiesAndNaN() {
        assertEquals(1.0, Auroc.of(new double[] {0.1, 0.2, 0.9}, new boolean[] {false, false, true}, 3), 1e-12);
        assertEquals(0.5, Auroc.of(new double[] {1, 1, 1, 1}, new boolean[] {true, false, true, false}, 4), 1e-12);
        assertEquals(0.0, Auroc.of(new double[] {Double.NaN, 0.5}, new boolean[] {true, false}, 2), 1e-12);
        assertTrue(Double.isNaN(Auroc.of(new double[] {1, 2}, new boolean[] {true, true}, 2)));
        // A detector that scored no row ranks nothing (not "at chance").
        assertTrue(Double.isNaN(Auroc.of(new double[] {Double.NaN, Double.NaN, Double.NaN},
                new boolean[] {true, false, false}, 3)));
        // Two positives at 0.8 and 0.3, negatives at 0.5 and 0.1: 3 of 4 pairs ordered.
        assertEquals(0.75, Auroc.of(new double[] {0.8, 0.3, 0.5, 0.1}, new boolean[] {true, true, false, false}, 4),
                1e-12);
    }

    /** The pair count it stands for: positives above negatives, ties and NaN-against-negative-infinity half. */
    @Test
    void aurocEqualsThePairwiseCount() {
        java.util.Random r = new java.util.Random(11);
        double[] pool = {Double.NaN, Double.NEGATIVE_INFINITY, -0.0, 0.0, 0.5, 1.0, Double.POSITIVE_INFINITY};
        for (int trial = 0; trial < 200; trial++) {
            int n = 2 + r.nextInt(60);
            double[] scores = new double[n];
            boolean[] positive = new boolean[n];
            for (int i = 0; i < n; i++) {
                scores[i] = r.nextBoolean() ? pool[r.nextInt(pool.length)] : Math.round(r.nextGaussian() * 4) / 4.0;
                positive[i] = r.nextInt(4) == 0;
            }
            double pairs = 0;
            long pos = 0;
            long neg = 0;
            for (int i = 0; i < n; i++) {
                if (positive[i]) {
                    pos++;
                } else {
                    neg++;
                }
                for (int j = 0; j < n; j++) {
                    if (positive[i] && !positive[j]) {
                        double a = Double.isNaN(scores[i]) ? Double.NEGATIVE_INFINITY : scores[i];
                        double b = Double.isNaN(scores[j]) ? Double.NEGATIVE_INFINITY : scores[j];
                        pairs += a > b ? 1 : a == b ? 0.5 : 0;
                    }
                }
            }
            double expected = pos == 0 || neg == 0 ? Double.NaN : pairs / (pos * neg);
            double got = Auroc.of(scores, positive, n);
            boolean anyScore = java.util.Arrays.stream(scores).anyMatch(x -> !Double.isNaN(x));
            if (Double.isNaN(expected) || !anyScore) {
                assertTrue(Double.isNaN(got), "trial " + trial);
            } else {
                assertEquals(expected, got, 1e-12, "trial " + trial);
            }
        }
    }

    @Test
    void anomalyIndexUsesMedianAndFlooredMad() {
        double[] idx = AnomalyIndex.of(new double[] {1, 1.1, 0.9, 1, 10}, 0.5);
        assertEquals(18, idx[4], 1e-9);
        assertEquals(0, idx[0], 1e-9);
        double[] spread = AnomalyIndex.of(new double[] {0, 2, 4, 6, 8}, 0.1);
        assertEquals((8 - 4) / (1.4826 * 2), spread[4], 1e-9);
    }

    @Test
    void mixtureSeparatesTwoModesAndNotOne() {
        Random r = new Random(3);
        double[] two = new double[2000];
        for (int i = 0; i < two.length; i++) {
            two[i] = i < 100 ? 10 + r.nextGaussian() : r.nextGaussian();
        }
        TwoGaussianMixture fit = TwoGaussianMixture.fit(two);
        assertEquals(0.05, fit.weights()[1], 0.01);
        assertEquals(10, fit.means()[1], 0.3);
        assertTrue(fit.separation() > 8);
        assertTrue(fit.inMinor(9) && !fit.inMinor(1));
        assertTrue(fit.majorTailBeyondBoundary() < 1e-4);

        // One Gaussian: either two overlapping components, or a "minor" one on a few tail points that leaves
        // almost nothing beyond the boundary.
        for (int t = 0; t < 5; t++) {
            double[] one = new double[5000];
            for (int i = 0; i < one.length; i++) {
                one[i] = r.nextGaussian() * 3 + 7;
            }
            TwoGaussianMixture f = TwoGaussianMixture.fit(one);
            long beyond = java.util.Arrays.stream(one).filter(f::inMinor).count();
            assertTrue(f.separation() < 3 || beyond < 5, "D=" + f.separation() + " beyond=" + beyond);
        }
    }

    @Test
    void poissonUpperTailMatchesDirectSums() {
        assertEquals(1.0, org.poisonscan.api.stats.Poisson.upperTail(0, 3), 1e-12);
        // P(X >= 2 | 1) = 1 - e^-1 (1 + 1)
        assertEquals(1 - 2 * Math.exp(-1), org.poisonscan.api.stats.Poisson.upperTail(2, 1), 1e-12);
        // P(X >= 5 | 0.93): direct sum of the lower terms.
        double lower = 0;
        double t = Math.exp(-0.93);
        for (int j = 0; j < 5; j++) {
            lower += t;
            t *= 0.93 / (j + 1);
        }
        assertEquals(1 - lower, org.poisonscan.api.stats.Poisson.upperTail(5, 0.93), 1e-12);
        // Far tail: P(X >= 60 | 0.01) = e^-0.01 0.01^60 / 60! (1 + 0.01/61 + ...)
        double expected = Math.exp(-0.01 + 60 * Math.log(0.01) - org.apache.commons.math3.special.Gamma.logGamma(61));
        assertEquals(1 + 0.01 / 61, org.poisonscan.api.stats.Poisson.upperTail(60, 0.01) / expected, 1e-7);
        assertEquals(0.5, org.poisonscan.api.stats.Poisson.upperTail(1000, 1000), 0.02);
    }

    @Test
    void erfcMatchesKnownValues() {
        assertEquals(1.0, Erf.erfc(0), 1e-7);
        assertEquals(0.157299207, Erf.erfc(1), 1e-7);
        assertEquals(1.842700793, Erf.erfc(-1), 1e-7);
        assertEquals(0.0013498980, Erf.normalUpperTail(3), 1e-8);
    }

    @Test
    void reservoirIsExactWhileSmallAndSeeded() {
        Reservoir a = new Reservoir(10, 1);
        for (int i = 0; i < 5; i++) {
            a.add(i, i);
        }
        assertTrue(a.exact());
        assertArrayEquals(new double[] {0, 1, 2, 3, 4}, a.sample());
        Reservoir b = new Reservoir(10, 7);
        Reservoir c = new Reservoir(10, 7);
        for (int i = 0; i < 1000; i++) {
            b.add(i, i);
            c.add(i, i);
        }
        assertArrayEquals(b.sample(), c.sample());
        assertEquals(10, b.sample().length);
    }

    @Test
    void classMomentsAreAccurateWithALargeMean() throws IOException {
        int n = 3000;
        int d = 3;
        Random r = new Random(11);
        float[] x = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            x[i * d] = (float) (10_000 + r.nextGaussian());
            x[i * d + 1] = (float) (-5_000 + 2 * r.nextGaussian());
            x[i * d + 2] = (float) (y[i] * 3 + 0.5 * r.nextGaussian());
        }
        InMemorySource src = new InMemorySource(x, d, y, null, "t");
        Map<Integer, ClassMoments> m = ClassMoments.compute(src, new JavaComputeBackend(), 256);
        assertEquals(2, m.size());
        ClassMoments c0 = m.get(0);
        assertEquals(1500, c0.count());
        assertEquals(10_000, c0.mean()[0], 0.1);
        assertEquals(1.0, c0.covariance()[0], 0.1);
        assertEquals(4.0, c0.covariance()[4], 0.4);
        assertEquals(0.25, c0.covariance()[8], 0.03);
        assertEquals(0.0, c0.covariance()[1], 0.1);
        assertEquals(3.0, m.get(1).mean()[2], 0.05);
    }
}
