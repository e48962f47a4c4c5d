package org.poisonscan.api.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SphereTangentsTest {
    private static final int DIM = 5;

    /** Rows around two class centres, each scaled to {@code length} (or left as drawn when it is 0). */
    private static float[] rows(int n, double length, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[n * DIM];
        for (int i = 0; i < n; i++) {
            double s = 0;
            double[] v = new double[DIM];
            for (int k = 0; k < DIM; k++) {
                v[k] = (k == i % 2 ? 3 : 0) + rng.nextGaussian();
                s += v[k] * v[k];
            }
            for (int k = 0; k < DIM; k++) {
                x[i * DIM + k] = (float) (length == 0 ? v[k] : length * v[k] / Math.sqrt(s));
            }
        }
        return x;
    }

    private static int[] labels(int n) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
        }
        return y;
    }

    @Test
    void rowsOfOneLengthLoseTheirClassMeanDirectionAndNothingElse() throws IOException {
        int n = 400;
        float[] x = rows(n, 2.5, 1);
        float[] original = x.clone();
        InMemorySource source = new InMemorySource(x, DIM, labels(n), null, "unit");
        SphereTangents tangents = SphereTangents.ofSpherical(source).orElseThrow();
        assertEquals(2.5, tangents.directions().norm(), 1e-5);
        double[][] mean = new double[2][DIM];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < DIM; k++) {
                mean[i % 2][k] += original[i * DIM + k];
            }
        }
        try (BatchReader r = tangents.open(64)) {
            int seen = 0;
            for (Batch b = r.next(); b != null; b = r.next()) {
                for (int i = 0; i < b.rows(); i++, seen++) {
                    double along = 0;
                    double[] m = mean[b.labels()[i]];
                    double mm = 0;
                    for (int k = 0; k < DIM; k++) {
                        along += b.features()[b.offset(i) + k] * m[k];
                        mm += m[k] * m[k];
                    }
                    assertEquals(0, along / Math.sqrt(mm), 1e-5, "no component along the class mean");
                    // What was removed is the original row's component along the mean: the rest is unchanged.
                    double proj = 0;
                    for (int k = 0; k < DIM; k++) {
                        proj += original[seen * DIM + k] * m[k] / Math.sqrt(mm);
                    }
                    for (int k = 0; k < DIM; k++) {
                        assertEquals(original[seen * DIM + k] - proj * m[k] / Math.sqrt(mm),
                                b.features()[b.offset(i) + k], 1e-5);
                    }
                }
            }
            assertEquals(n, seen);
        }
        try (BatchReader r = source.open(n)) {
            Batch b = r.next();
            for (int i = 0; i < n * DIM; i++) {
                assertEquals(original[i], b.features()[i], "the source's own rows are untouched");
            }
        }
    }

    @Test
    void rowsOfManyLengthsOrTooFewDimensionsAreLeftAlone() throws IOException {
        assertFalse(SphereTangents.ofSpherical(new InMemorySource(rows(400, 0, 2), DIM, labels(400), null, "raw"))
                .isPresent());
        float[] nearly = rows(400, 1, 3);
        for (int k = 0; k < DIM; k++) {
            nearly[399 * DIM + k] *= 1.01f;
        }
        assertFalse(SphereTangents.ofSpherical(new InMemorySource(nearly, DIM, labels(400), null, "one off"))
                .isPresent(), "one row 1% longer is not a sphere");
        float[] circle = {1, 0, 0, 1, -1, 0, 0, -1};
        assertFalse(SphereTangents.ofSpherical(new InMemorySource(circle, 2, new int[4], null, "circle")).isPresent());
        assertTrue(SphereTangents.ofSpherical(new InMemorySource(rows(40, 1, 4), DIM, labels(40), null, "sphere"))
                .isPresent());
    }

    /**
     * Rows far from the origin have nearly one length (activations plus 1e6: within 1e-6) but are no sphere: they
     * vary along their mean direction as much as across it. One row is no sphere either (a probe got both notes).
     */
    @Test
    void rowsFarFromTheOriginOrASingleRowAreNoSphere() throws IOException {
        float[] shifted = rows(400, 0, 5);
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += 1e6f;
        }
        assertFalse(SphereTangents.ofSpherical(new InMemorySource(shifted, DIM, labels(400), null, "shifted"))
                .isPresent());
        float[] one = {0.6f, 0.8f, 0, 0, 0};
        assertFalse(SphereTangents.ofSpherical(new InMemorySource(one, DIM, new int[1], null, "one row")).isPresent());
        float[] two = {0.6f, 0.8f, 0, 0, 0, 0, 0, 1, 0, 0};
        assertTrue(SphereTangents.ofSpherical(new InMemorySource(two, DIM, new int[2], null, "two rows")).isPresent());
    }
}
