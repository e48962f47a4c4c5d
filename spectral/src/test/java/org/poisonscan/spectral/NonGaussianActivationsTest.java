package org.poisonscan.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.backend.JavaComputeBackend;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.api.detect.Detector;
import org.poisonscan.api.scan.ScanReport;
import org.poisonscan.api.scan.Scanner;

/**
 * Clean activations that are not Gaussian, as a real network's post-ReLU penultimate layer gives (measured on
 * Fashion-MNIST, see benchmarks/RESULTS-fashion-mnist.md): sparse, skewed units that are zero for most rows of a class
 * and positive for a few, dead units, and a class made of two natural kinds in equal shares. Before the
 * {@code maxPoisonFraction} budget, the log-scale cross-class comparison and the whitening floor, SPECTRE judged four
 * of ten such clean classes poisoned (criteria up to 1e10 from whitening near-singular directions) and spectral
 * signatures judged the two-kinds class poisoned. No clean class may be judged poisoned.
 */
class NonGaussianActivationsTest {
    private static final int CLASSES = 10;
    private static final int ROWS_PER_CLASS = 3000;
    private static final int DIM = 32;
    private static final int LATENT = 8;

    /** ReLU of a random linear map of Gaussian latents with per-unit negative biases; class 3 has two kinds. */
    private static InMemorySource reluActivations(long seed) {
        return reluActivations(seed, 0);
    }

    /**
     * As {@link #reluActivations(long)}, with the first {@code poisons} rows of every 20 of class 0 poisoned: 12 units'
     * worth added along a direction of non-negative entries before the ReLU.
     */
    private static InMemorySource reluActivations(long seed, int poisons) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = CLASSES * ROWS_PER_CLASS;
        float[] x = new float[n * DIM];
        int[] labels = new int[n];
        boolean[] poison = new boolean[n];
        double[] z = new double[LATENT];
        // The trigger has a stream of its own, so the clean rows are those of the set without poisons.
        SplittableRandom triggerRng = new SplittableRandom(~seed);
        double[] trigger = new double[DIM];
        for (int j = 0; j < DIM; j++) {
            trigger[j] = 12 * Math.abs(triggerRng.nextGaussian());
        }
        for (int c = 0; c < CLASSES; c++) {
            double[][] a = new double[DIM][LATENT];
            double[] bias = new double[DIM];
            double[] kind = new double[DIM];
            for (int j = 0; j < DIM; j++) {
                for (int l = 0; l < LATENT; l++) {
                    a[j][l] = rng.nextGaussian();
                }
                // Units active for about 50% down to under 1% of the class's rows; a few always dead.
                bias[j] = j % 8 == 7 ? -1e6 : -rng.nextDouble() * 8;
                kind[j] = 6 * rng.nextGaussian();
            }
            for (int r = 0; r < ROWS_PER_CLASS; r++) {
                int row = c * ROWS_PER_CLASS + r;
                labels[row] = c;
                for (int l = 0; l < LATENT; l++) {
                    z[l] = rng.nextGaussian();
                }
                boolean secondKind = c == 3 && r % 2 == 1;
                poison[row] = c == 0 && r % 20 < poisons;
                for (int j = 0; j < DIM; j++) {
                    double s = bias[j] + (secondKind ? kind[j] : 0) + (poison[row] ? trigger[j] : 0);
                    for (int l = 0; l < LATENT; l++) {
                        s += a[j][l] * z[l];
                    }
                    x[row * DIM + j] = (float) Math.max(0, s);
                }
            }
        }
        return new InMemorySource(x, DIM, labels, poison, "relu activations seed " + seed);
    }

    private static ScanReport scan(Detector detector, long seed) throws IOException {
        return Scanner.run(reluActivations(seed), List.of(detector), new JavaComputeBackend(), List.of());
    }

    @Test
    void spectreJudgesNoCleanReluClassPoisoned() throws IOException {
        for (long seed = 1; seed <= 2; seed++) {
            ScanReport report = scan(new SpectreDetector(), seed);
            assertEquals(List.of(), report.poisonedClasses(), "seed " + seed);
            assertEquals(0, report.flaggedRows(), "seed " + seed);
            report.classes().forEach(c -> {
                double criterion = c.detectors().get(0).value();
                assertTrue(criterion < 1e4, "class " + c.label() + " criterion " + criterion
                        + ": whitening a near-singular direction");
            });
        }
    }

    /**
     * A 10% poison in class 0 of these floored activations: SPECTRE judges the class, and as it finds a group in most
     * other (clean) classes too (the sparse units' rare values, which are a group beyond the robust cut even for the
     * filter that allows for skewed tails; on the CNNs' penultimate layers the classes' natural kinds), its verdict
     * asks another detector for corroboration. Where the other classes show no group (counts, below), a floored
     * class's verdict stands alone. (At 5% the sweep that allows for skewed tails puts the class's anomaly index at
     * 2.997 here, just under the bar of 3, and vetoes the verdict: session 28.)
     */
    @Test
    void aFlooredVerdictAsksForCorroborationWhereMostOtherClassesShowAGroup() throws IOException {
        ScanReport report = Scanner.run(reluActivations(1, 2), List.of(new SpectreDetector()),
                new JavaComputeBackend(), List.of());
        assertEquals(List.of(0), report.poisonedClasses());
        org.poisonscan.api.detect.ClassResult target = report.classes().get(0).detectors().get(0);
        assertTrue(target.needsCorroboration(), target.details().toString());
        assertTrue((double) target.details().get("floored_share") >= 0.1, target.details().toString());
        assertTrue((double) target.details().get("other_classes_with_a_group") >= 0.5, target.details().toString());
        assertTrue(target.reason().contains("other classes too"), target.reason());
    }

    /** Ten classes of 2,000 rows x 64 drawn from one multivariate Student-t (3 degrees of freedom, a random mixing). */
    private static InMemorySource studentT(long seed, int shiftedRows, float shift) {
        int classes = 10;
        int perClass = 2000;
        int dim = 64;
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] mix = new double[dim][dim];
        for (double[] row : mix) {
            for (int k = 0; k < dim; k++) {
                row[k] = rng.nextGaussian() / Math.sqrt(dim);
            }
        }
        float[] x = new float[classes * perClass * dim];
        int[] labels = new int[classes * perClass];
        boolean[] poison = new boolean[labels.length];
        double[] g = new double[dim];
        for (int row = 0; row < labels.length; row++) {
            labels[row] = row / perClass;
            double chi = 0;
            for (int k = 0; k < 3; k++) {
                double u = rng.nextGaussian();
                chi += u * u;
            }
            double w = Math.sqrt(3 / chi);
            for (int k = 0; k < dim; k++) {
                g[k] = rng.nextGaussian() * w;
            }
            for (int j = 0; j < dim; j++) {
                double v = 0;
                for (int k = 0; k < dim; k++) {
                    v += mix[j][k] * g[k];
                }
                x[row * dim + j] = (float) v;
            }
        }
        for (int row = 0; row < shiftedRows; row++) {
            poison[row] = true;
            x[row * dim] += shift;
        }
        return new InMemorySource(x, dim, labels, poison, "student-t seed " + seed);
    }

    /**
     * Ten exchangeable Student-t classes: a black-box probe had one of ten such classes judged poisoned (anomaly index
     * 73), because among the many directions SPECTRE's robust filter tries, a chance imbalance between the two heavy
     * tails of one passed its test against a Gaussian tail, while the other classes' filters removed nothing. Before
     * the filter measured a typical direction's tail, that happened here for seeds 8, 12, 15 and 26 of 1-30; now for
     * 26 alone, whose filter removes rows at k = 1, where one axis is too few to measure a typical direction (the
     * sweep's smaller k are kept on the Gaussian tail: calibrating them too left a clean ReLU class half-peeled and
     * judged poisoned). A planted 5% group (12 unit deviations along one unit) is still found.
     */
    @Test
    void spectreJudgesNoneOfTenIdenticalStudentTClassesPoisoned() throws IOException {
        List<Long> judged = new java.util.ArrayList<>();
        for (String seed : System.getProperty("studentTSeeds", "8,12,15").split(",")) {
            ScanReport clean = Scanner.run(studentT(Long.parseLong(seed), 0, 0), List.of(new SpectreDetector()),
                    new JavaComputeBackend(), List.of());
            if (!clean.poisonedClasses().isEmpty()) {
                judged.add(Long.parseLong(seed));
            }
        }
        assertEquals(List.of(), judged, "seeds with a clean class judged poisoned");
        ScanReport poisoned = Scanner.run(studentT(8, 100, 12 * 1.7f), List.of(new SpectreDetector()),
                new JavaComputeBackend(), List.of());
        assertEquals(List.of(0), poisoned.poisonedClasses());
        assertTrue(poisoned.evaluation().orElseThrow().overall().recall() >= 0.9,
                "recall " + poisoned.evaluation().orElseThrow().overall().recall());
        // Continuous heavy tails are not floored: the verdict needs no other detector's.
        org.poisonscan.api.detect.ClassResult target = poisoned.classes().get(0).detectors().get(0);
        assertTrue(!target.needsCorroboration() && (double) target.details().get("floored_share") < 0.01,
                target.details().toString());
    }

    /**
     * Counts (Poisson, a rate per class and unit between 0.2 and 5), 10 classes of 2,000 rows x 64, six seeds, as a
     * black-box probe wrote them. With the sweep reaching k = d = 64, whitening the least-variance directions (the rare
     * counts of low-rate units) made a one-sided group of 1-5% of a clean class, judged poisoned at k = 64 alone
     * (seed 1 here; two classes in the probe). A planted
     * 5% group (15 class deviations along a direction of non-negative entries) is still found. (Censored activations,
     * max(0, x - 0.5) of a low-rank class, can still be peeled at k < d: a known weakness, see the detector's notes.)
     */
    @Test
    void spectreJudgesNoCleanClassOfCountsPoisoned() throws IOException {
        int classes = 10;
        int perClass = 2000;
        int dim = 64;
        for (long seed = 1; seed <= 6; seed++) {
            String kind = "counts seed " + seed;
            SplittableRandom rng = new SplittableRandom(seed);
            float[] x = new float[classes * perClass * dim];
            int[] labels = new int[classes * perClass];
            for (int c = 0; c < classes; c++) {
                double[] rate = new double[dim];
                double[] mean = new double[dim];
                double[][] loadings = new double[dim][10];
                for (int j = 0; j < dim; j++) {
                    rate[j] = 0.2 + 4.8 * rng.nextDouble();
                    mean[j] = rng.nextGaussian() * 3 / Math.sqrt(dim) * 3;
                    for (int l = 0; l < 10; l++) {
                        loadings[j][l] = rng.nextGaussian() * Math.sqrt(0.3);
                    }
                }
                double[] z = new double[10];
                for (int r = 0; r < perClass; r++) {
                    int row = c * perClass + r;
                    labels[row] = c;
                    for (int l = 0; l < 10; l++) {
                        z[l] = rng.nextGaussian();
                    }
                    for (int j = 0; j < dim; j++) {
                        double v;
                        if (kind.startsWith("counts")) {
                            v = poisson(rng, rate[j]);
                        } else {
                            v = mean[j] + rng.nextGaussian();
                            for (int l = 0; l < 10; l++) {
                                v += loadings[j][l] * z[l];
                            }
                            v = Math.max(0, v - 0.5);
                        }
                        x[row * dim + j] = (float) v;
                    }
                }
            }
            InMemorySource clean = new InMemorySource(x, dim, labels, new boolean[labels.length], kind);
            ScanReport report = Scanner.run(clean, List.of(new SpectreDetector()), new JavaComputeBackend(), List.of());
            assertEquals(List.of(), report.poisonedClasses(), () -> kind + ": " + report.classes().stream()
                    .filter(c -> c.verdict() == org.poisonscan.api.detect.Verdict.POISONED)
                    .map(c -> c.detectors().get(0).reason() + " " + c.detectors().get(0).details()).toList());

            // 5% of class 0 moved by 15 of the class's deviations along a direction of non-negative entries.
            double[] u = new double[dim];
            for (int j = 0; j < dim; j++) {
                u[j] = Math.abs(rng.nextGaussian());
            }
            double norm = Math.sqrt(java.util.Arrays.stream(u).map(v -> v * v).sum());
            double mean = 0;
            double squares = 0;
            for (int r = 0; r < perClass; r++) {
                double p = 0;
                for (int j = 0; j < dim; j++) {
                    p += x[r * dim + j] * u[j] / norm;
                }
                mean += p;
                squares += p * p;
            }
            double sd = Math.sqrt(squares / perClass - (mean / perClass) * (mean / perClass));
            boolean[] poison = new boolean[labels.length];
            for (int r = 0; r < perClass / 20; r++) {
                poison[r * 20] = true;
                for (int j = 0; j < dim; j++) {
                    x[r * 20 * dim + j] += (float) (15 * sd * u[j] / norm);
                }
            }
            ScanReport poisoned = Scanner.run(new InMemorySource(x, dim, labels, poison, kind + " poisoned"),
                    List.of(new SpectreDetector()), new JavaComputeBackend(), List.of());
            assertEquals(List.of(0), poisoned.poisonedClasses(), kind);
            assertTrue(poisoned.evaluation().orElseThrow().overall().recall() >= 0.95, kind);
            // Floored activations, but no group in any clean class: the verdict needs no other detector's.
            org.poisonscan.api.detect.ClassResult judged = poisoned.classes().get(0).detectors().get(0);
            assertTrue((double) judged.details().get("floored_share") >= 0.1, kind + ": " + judged.details());
            assertTrue((double) judged.details().get("other_classes_with_a_group") < 0.5,
                    kind + ": " + judged.details());
            assertTrue(!judged.needsCorroboration(), kind + ": " + judged.details());
        }
    }

    /** A Poisson draw by inversion (rates here are at most 5). */
    private static int poisson(SplittableRandom rng, double rate) {
        double u = rng.nextDouble();
        double p = Math.exp(-rate);
        double cumulative = p;
        int k = 0;
        while (u > cumulative && k < 100) {
            k++;
            p *= rate / k;
            cumulative += p;
        }
        return k;
    }

    @Test
    void spectralDoesNotCallTwoNaturalKindsOfOneClassPoisoned() throws IOException {
        for (long seed = 1; seed <= 2; seed++) {
            ScanReport report = scan(new SpectralSignatureDetector(), seed);
            assertEquals(List.of(), report.poisonedClasses(), "seed " + seed);
            assertEquals(0, report.flaggedRows(), "seed " + seed);
        }
    }
}
