package org.poisonscan.api.stats;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The E-step of {@link TwoGaussianMixture} with the JDK's Vector API, four points per step. The same sums as the
 * scalar loop up to rounding (a few ulps), and bit-for-bit repeatable: it uses only lane-wise arithmetic, which is
 * exact IEEE whether the JIT has compiled the loop or not. The Vector API's own {@code EXP} and {@code LOG} are SVML
 * intrinsics once compiled but {@code Math} calls before, and its floating-point {@code reduceLanes} may add in either
 * order, so with them a report's last digits changed between identical runs. Loaded only where the
 * {@code jdk.incubator.vector} module is present (see {@link TwoGaussianMixture#eStep}).
 */
final class VectorEStep {
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_256;
    /** Steps between logarithms of the running products of {@code 1 + e}: each factor is at most 2. */
    private static final int LOG_EVERY = 128;
    private static final double LOG2_E = 1.4426950408889634;
    /** ln 2 split in two, so that {@code t - n ln 2} is exact to double precision for the {@code n} used here. */
    private static final double LN2_HI = 0.6931471803691238;
    private static final double LN2_LO = 1.9082149292705877e-10;
    /** Adding and subtracting 1.5 * 2^52 rounds a double below 2^51 to the nearest integer. */
    private static final double ROUND = 0x1.8p52;
    /** 1023 + 2^52: added to an integer n in [-1022, 0], the sum's low mantissa bits are n + 1023. */
    private static final double EXPONENT_BIAS_AT_ULP = 1023 + 0x1p52;
    /** Below this, exp underflows past the normal range; the E-step's sums cannot tell such an e from 0. */
    private static final double EXP_FLOOR = -708;
    /** 1/k! for k = 0..12: the Taylor series of exp on |r| <= ln 2 / 2 to within about one ulp. */
    private static final double[] INVERSE_FACTORIALS = inverseFactorials(12);

    private VectorEStep() {
    }

    /** See {@link TwoGaussianMixture#eStep}. */
    static void run(double[] x, double a, double b, double[] out) {
        int n = x.length;
        int end = DOUBLES.loopBound(n);
        DoubleVector va = DoubleVector.broadcast(DOUBLES, a);
        DoubleVector vb = DoubleVector.broadcast(DOUBLES, b);
        DoubleVector one = DoubleVector.broadcast(DOUBLES, 1);
        DoubleVector zero = DoubleVector.zero(DOUBLES);
        DoubleVector r1Sum = zero;
        DoubleVector r1X = zero;
        DoubleVector r1Xx = zero;
        DoubleVector positive = zero;
        DoubleVector product = one;
        double logs = 0;
        int step = 0;
        for (int i = 0; i < end; i += DOUBLES.length()) {
            DoubleVector v = DoubleVector.fromArray(DOUBLES, x, i);
            DoubleVector z = vb.fma(v, va);
            DoubleVector e = expOfNonPositive(z.lanewise(VectorOperators.ABS).neg());
            DoubleVector denominator = e.add(one);
            DoubleVector inverse = one.div(denominator);
            VectorMask<Double> nonNegative = z.compare(VectorOperators.GE, 0);
            DoubleVector r1 = e.mul(inverse).blend(inverse, nonNegative);
            r1Sum = r1Sum.add(r1);
            DoubleVector r1v = r1.mul(v);
            r1X = r1X.add(r1v);
            r1Xx = r1v.fma(v, r1Xx);
            positive = positive.add(z.max(zero));
            product = product.mul(denominator);
            if (++step == LOG_EVERY) {
                logs += sumOfLogs(product);
                product = one;
                step = 0;
            }
        }
        logs += sumOfLogs(product);
        double[] tail = new double[4];
        TwoGaussianMixture.scalarEStep(x, end, n, a, b, tail);
        out[0] = sum(r1Sum) + tail[0];
        out[1] = sum(r1X) + tail[1];
        out[2] = sum(r1Xx) + tail[2];
        out[3] = sum(positive) + logs + tail[3];
    }

    /**
     * {@code exp(t)} for {@code t <= 0} with lane-wise arithmetic only: {@code t = n ln 2 + r} with
     * {@code |r| <= ln 2 / 2}, {@code exp(r)} by its Taylor series (Horner), times {@code 2^n} built from the exponent
     * bits. Within a few ulps of {@link Math#exp}; 0 below {@link #EXP_FLOOR}.
     */
    static DoubleVector expOfNonPositive(DoubleVector t) {
        VectorMask<Double> underflow = t.compare(VectorOperators.LT, EXP_FLOOR);
        DoubleVector tt = t.max(EXP_FLOOR);
        DoubleVector nd = tt.mul(LOG2_E).add(ROUND).sub(ROUND);
        DoubleVector r = nd.mul(-LN2_HI).add(tt).sub(nd.mul(LN2_LO));
        DoubleVector p = DoubleVector.broadcast(DOUBLES, INVERSE_FACTORIALS[INVERSE_FACTORIALS.length - 1]);
        for (int k = INVERSE_FACTORIALS.length - 2; k >= 0; k--) {
            p = p.fma(r, DoubleVector.broadcast(DOUBLES, INVERSE_FACTORIALS[k]));
        }
        // 2^n from its exponent bits without a double-to-long conversion (AVX2 has none for 64-bit lanes, so the JIT
        // left D2L to a slow Java fallback that dominated the E-step): n + 1023 + 2^52 is exact, its low bits hold
        // n + 1023, and shifting the bit pattern left by 52 drops the 2^52 and puts n + 1023 in the exponent field.
        LongVector biased = nd.add(EXPONENT_BIAS_AT_ULP).reinterpretAsLongs();
        DoubleVector scale = biased.lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        return p.mul(scale).blend(0, underflow);
    }

    /** The lanes added first to last (a fixed order). */
    private static double sum(DoubleVector v) {
        double[] lanes = v.toArray();
        double s = 0;
        for (double lane : lanes) {
            s += lane;
        }
        return s;
    }

    /** {@code sum log(lane)} with {@link Math#log}, lane by lane in a fixed order. */
    private static double sumOfLogs(DoubleVector v) {
        double[] lanes = v.toArray();
        double s = 0;
        for (double lane : lanes) {
            s += Math.log(lane);
        }
        return s;
    }

    private static double[] inverseFactorials(int degree) {
        double[] c = new double[degree + 1];
        c[0] = 1;
        for (int k = 1; k <= degree; k++) {
            c[k] = c[k - 1] / k;
        }
        return c;
    }
}
