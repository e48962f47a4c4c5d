package org.poisonscan.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.backend.JavaComputeBackend;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.api.detect.Detector;
import org.poisonscan.api.scan.InMemoryRows;
import org.poisonscan.api.scan.ScanReport;
import org.poisonscan.api.scan.Scanner;

/**
 * L2-normalised embeddings, as sentence encoders give for text classifiers: a common offset, a class mean and a
 * low-rank latent, every row scaled to length 1 (a probe's model of such embeddings, at a smaller size). On the sphere
 * the rows far from a class's centre all fall short along its mean direction, a one-sided tail that SPECTRE judged a
 * poison group in both clean classes (2% of the rows flagged) until the scanner removed each class's mean direction
 * from such rows ({@code SphereTangents}).
 */
class SphereEmbeddingsTest {
    private static final int DIM = 64;
    private static final int RANK = 30;
    private static final int ROWS = 6000;

    /** Two equal classes; {@code poisons} rows of class 0, shifted along a fixed direction and renormalised, as 1. */
    private static InMemorySource embeddings(long seed, int poisons, boolean[] truth) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] basis = orthonormal(rng, RANK);
        double[] offset = unit(gaussian(rng, DIM), 0.6);
        double[][] means = new double[2][DIM];
        for (int c = 0; c < 2; c++) {
            for (int j = 0; j < RANK; j++) {
                double w = 0.12 * rng.nextGaussian();
                for (int k = 0; k < DIM; k++) {
                    means[c][k] += w * basis[j][k];
                }
            }
        }
        double[] trigger = unit(gaussian(rng, DIM), 1);
        float[] x = new float[ROWS * DIM];
        int[] labels = new int[ROWS];
        for (int i = 0; i < ROWS; i++) {
            int drawn = i % 2;
            boolean poison = drawn == 0 && i / 2 < poisons;
            labels[i] = poison ? 1 : drawn;
            truth[i] = poison;
            double[] row = offset.clone();
            for (int k = 0; k < DIM; k++) {
                row[k] += means[drawn][k] + 0.01 * rng.nextGaussian() + (poison ? 0.3 * trigger[k] : 0);
            }
            for (int j = 0; j < RANK; j++) {
                double z = 0.25 * Math.pow(j + 1, -0.7) * rng.nextGaussian();
                for (int k = 0; k < DIM; k++) {
                    row[k] += z * basis[j][k];
                }
            }
            double[] u = unit(row, 1);
            for (int k = 0; k < DIM; k++) {
                x[i * DIM + k] = (float) u[k];
            }
        }
        return new InMemorySource(x, DIM, labels, truth, "sphere");
    }

    private static double[] gaussian(SplittableRandom rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }

    private static double[] unit(double[] v, double length) {
        double s = 0;
        for (double e : v) {
            s += e * e;
        }
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = length * v[i] / Math.sqrt(s);
        }
        return out;
    }

    private static double[][] orthonormal(SplittableRandom rng, int count) {
        double[][] q = new double[count][];
        for (int j = 0; j < count; j++) {
            double[] v = gaussian(rng, DIM);
            for (int i = 0; i < j; i++) {
                double dot = 0;
                for (int k = 0; k < DIM; k++) {
                    dot += v[k] * q[i][k];
                }
                for (int k = 0; k < DIM; k++) {
                    v[k] -= dot * q[i][k];
                }
            }
            q[j] = unit(v, 1);
        }
        return q;
    }

    private static ScanReport scan(InMemorySource source, InMemoryRows rows) throws IOException {
        return Scanner.run(source, List.<Detector>of(new SpectreDetector()), new JavaComputeBackend(),
                List.of(rows));
    }

    @Test
    void cleanClassesOfNormalisedEmbeddingsAreNotJudged() throws IOException {
        for (long seed : new long[] {1, 2}) {
            InMemoryRows rows = new InMemoryRows();
            ScanReport report = scan(embeddings(seed, 0, new boolean[ROWS]), rows);
            assertEquals(List.of(), report.poisonedClasses(), "seed " + seed);
            assertEquals(0, report.flaggedRows(), "seed " + seed);
            Map<String, Object> input = report.run().parameters().get(Scanner.INPUT_PARAMETERS);
            assertTrue(input != null && input.get(Scanner.SPHERE_NOTE).toString().startsWith("every row has length 1"),
                    String.valueOf(input));
        }
    }

    @Test
    void aTriggerOnNormalisedEmbeddingsIsStillFound() throws IOException {
        boolean[] truth = new boolean[ROWS];
        InMemoryRows rows = new InMemoryRows();
        ScanReport report = scan(embeddings(3, 90, truth), rows);
        assertEquals(List.of(1), report.poisonedClasses());
        boolean[] flags = rows.flags();
        int found = 0;
        int falseFlags = 0;
        for (int i = 0; i < ROWS; i++) {
            found += truth[i] && flags[i] ? 1 : 0;
            falseFlags += !truth[i] && flags[i] ? 1 : 0;
        }
        assertTrue(found >= 88, found + " of 90 poisons");
        assertTrue(falseFlags <= 10, falseFlags + " clean rows flagged");
    }
}
