package org.poisonscan.api.backend;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ComputeBackend#project} with the JDK's Vector API: each row's dot products with the basis, the row's floats
 * widened to double (exact) and summed in double in two interleaved 4-lane accumulators, then reduced in a fixed
 * order. Loaded only where the {@code jdk.incubator.vector} module is present (see {@link JavaComputeBackend}).
 */
final class VectorProjection {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_128;
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_256;
    private static final int LANES = 4;

    private VectorProjection() {
    }

    /**
     * See {@link ComputeBackend#projectRows}: rows {@code 0..n-1} of {@code rows}, or those listed in {@code index}
     * when it is not null; {@code offsets[j]} is {@code center . basis_j}.
     */
    static void project(float[] rows, int n, int[] index, int dim, double[] basis, int k, double[] offsets,
            double[] out) {
        for (int r = 0; r < n; r++) {
            projectRow(rows, (index == null ? r : index[r]) * dim, dim, basis, k, offsets, out, r * k);
        }
    }

    /**
     * One row's {@code k} products. A method of its own so that the JIT compiles it whole after a few thousand rows:
     * with the vector loop inside the loop over rows, the first long calls ran an on-stack-replacement compilation
     * that kept the vectors boxed (three calls of 100,000 x 512 onto 32 directions took 6.2, 4.9 and 0.43 s in a fresh
     * JVM).
     */
    private static void projectRow(float[] rows, int base, int dim, double[] basis, int k, double[] offsets,
            double[] out, int at) {
        int vectorEnd = dim / (2 * LANES) * (2 * LANES);
        for (int j = 0; j < k; j++) {
            int b = j * dim;
            DoubleVector s0 = DoubleVector.zero(DOUBLES);
            DoubleVector s1 = s0;
            for (int i = 0; i < vectorEnd; i += 2 * LANES) {
                s0 = widen(rows, base + i).fma(DoubleVector.fromArray(DOUBLES, basis, b + i), s0);
                s1 = widen(rows, base + i + LANES).fma(DoubleVector.fromArray(DOUBLES, basis, b + i + LANES), s1);
            }
            double tail = 0;
            for (int i = vectorEnd; i < dim; i++) {
                tail += rows[base + i] * basis[b + i];
            }
            // Lane by lane in a fixed order: reduceLanes(ADD) may add floating-point lanes in another order once
            // compiled, and a score's last bits would then depend on when the JIT ran.
            DoubleVector s = s0.add(s1);
            out[at + j] = s.lane(0) + s.lane(1) + s.lane(2) + s.lane(3) + tail - offsets[j];
        }
    }

    private static DoubleVector widen(float[] rows, int at) {
        return (DoubleVector) FloatVector.fromArray(FLOATS, rows, at).convertShape(VectorOperators.F2D, DOUBLES, 0);
    }
}
