package org.poisonscan.api.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.backend.JavaComputeBackend;

/** The vectorised E-step of the two-Gaussian mixture against the scalar one, and whole fits with SIMD on and off. */
class MixtureEStepTest {
    private static double[] sample(int n, int poisons, double shift, long seed) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextGaussian() + (i < poisons ? shift : 0);
        }
        java.util.Arrays.sort(x);
        return x;
    }

    @Test
    void vectorEStepEqualsScalarSumsForOddLengthsAndExtremeRatios() {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "needs the Vector API module");
        for (int n : new int[] {4, 7, 1001, 10_003}) {
            double[] x = sample(n, n / 20, 5, n);
            // Slopes from gentle to steep: z spans a few units to hundreds (responsibilities saturate at 0 and 1).
            for (double b : new double[] {0.1, 2, 80}) {
                double a = -1.5 * b;
                double[] scalar = new double[4];
                double[] vector = new double[4];
                TwoGaussianMixture.scalarEStep(x, 0, n, a, b, scalar);
                VectorEStep.run(x, a, b, vector);
                for (int k = 0; k < 4; k++) {
                    assertEquals(scalar[k], vector[k], 1e-11 * (1 + Math.abs(scalar[k])), "n=" + n + " b=" + b + " k=" + k);
                }
            }
        }
    }

    @Test
    void vectorExponentialIsWithinAFewUlpsOfMathExp() {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "needs the Vector API module");
        Random r = new Random(3);
        double[] t = new double[4];
        for (int trial = 0; trial < 20_000; trial++) {
            for (int lane = 0; lane < 4; lane++) {
                // Mostly where the E-step lives (a few units), also the far tail down to underflow.
                t[lane] = trial % 10 == 0 ? -800 * r.nextDouble() : -12 * r.nextDouble();
            }
            double[] e = VectorEStep.expOfNonPositive(
                    jdk.incubator.vector.DoubleVector.fromArray(jdk.incubator.vector.DoubleVector.SPECIES_256, t, 0))
                    .toArray();
            for (int lane = 0; lane < 4; lane++) {
                double exact = Math.exp(t[lane]);
                if (t[lane] < -708) {
                    assertEquals(0, e[lane], 1e-300, "t=" + t[lane]);
                } else {
                    assertEquals(exact, e[lane], 4 * Math.ulp(exact), "t=" + t[lane]);
                }
            }
        }
        double[] zero = VectorEStep.expOfNonPositive(
                jdk.incubator.vector.DoubleVector.zero(jdk.incubator.vector.DoubleVector.SPECIES_256)).toArray();
        assertEquals(1.0, zero[0], 0.0, "exp(0) is exactly 1");
    }

    /**
     * The sums are bit-for-bit the same on every call, before and after the JIT compiles the loop (the Vector API's
     * own EXP gave other last bits once compiled, and a report's digits changed between identical runs).
     */
    @Test
    void vectorEStepIsBitForBitRepeatableAsTheJitWarmsUp() {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "needs the Vector API module");
        double[] x = sample(2003, 100, 5, 11);
        double[] first = new double[4];
        VectorEStep.run(x, -3, 2, first);
        double[] again = new double[4];
        for (int call = 0; call < 30_000; call++) {
            VectorEStep.run(x, -3, 2, again);
            for (int k = 0; k < 4; k++) {
                if (Double.doubleToRawLongBits(first[k]) != Double.doubleToRawLongBits(again[k])) {
                    throw new AssertionError("call " + call + ", sum " + k + ": " + again[k] + " != " + first[k]);
                }
            }
        }
    }

    @Test
    void fitsAgreeWithSimdOnAndOff() {
        String before = System.getProperty(JavaComputeBackend.SIMD_PROPERTY);
        try {
            for (int poisons : new int[] {0, 100, 600}) {
                double[] x = sample(10_000, poisons, 5, 7 + poisons);
                System.setProperty(JavaComputeBackend.SIMD_PROPERTY, "false");
                TwoGaussianMixture scalar = TwoGaussianMixture.fit(x);
                System.setProperty(JavaComputeBackend.SIMD_PROPERTY, "true");
                TwoGaussianMixture simd = TwoGaussianMixture.fit(x);
                for (int k = 0; k < 2; k++) {
                    assertEquals(scalar.weights()[k], simd.weights()[k], 1e-9, "weights, poisons=" + poisons);
                    assertEquals(scalar.means()[k], simd.means()[k], 1e-9, "means, poisons=" + poisons);
                    assertEquals(scalar.sds()[k], simd.sds()[k], 1e-9, "sds, poisons=" + poisons);
                }
                assertEquals(scalar.logLikelihood(), simd.logLikelihood(), 1e-9 * Math.abs(scalar.logLikelihood()));
                if (poisons > 0) {
                    assertEquals(poisons / 10_000.0, simd.weights()[1], 0.01, "minor weight, poisons=" + poisons);
                }
            }
        } finally {
            if (before == null) {
                System.clearProperty(JavaComputeBackend.SIMD_PROPERTY);
            } else {
                System.setProperty(JavaComputeBackend.SIMD_PROPERTY, before);
            }
        }
    }
}
