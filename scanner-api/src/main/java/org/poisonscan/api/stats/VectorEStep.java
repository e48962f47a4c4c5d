package org.poisonscan.api.stats;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The E-step of {@link TwoGaussianMixture} with the JDK's Vector API: four points per step, the exponential by the
 * JDK's vectorised {@code EXP} (its SVML intrinsic on x86), partial sums per lane reduced in a fixed order. The same
 * sums as the scalar loop up to rounding (a few ulps). Loaded only where the {@code jdk.incubator.vector} module is
 * present (see {@link TwoGaussianMixture#eStep}).
 */
final class VectorEStep {
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_256;
    /** Steps between logarithms of the running products of {@code 1 + e}: each factor is at most 2. */
    private static final int LOG_EVERY = 128;

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
            DoubleVector e = z.lanewise(VectorOperators.ABS).neg().lanewise(VectorOperators.EXP);
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
                logs += product.lanewise(VectorOperators.LOG).reduceLanes(VectorOperators.ADD);
                product = one;
                step = 0;
            }
        }
        logs += product.lanewise(VectorOperators.LOG).reduceLanes(VectorOperators.ADD);
        double[] tail = new double[4];
        TwoGaussianMixture.scalarEStep(x, end, n, a, b, tail);
        out[0] = r1Sum.reduceLanes(VectorOperators.ADD) + tail[0];
        out[1] = r1X.reduceLanes(VectorOperators.ADD) + tail[1];
        out[2] = r1Xx.reduceLanes(VectorOperators.ADD) + tail[2];
        out[3] = positive.reduceLanes(VectorOperators.ADD) + logs + tail[3];
    }
}
