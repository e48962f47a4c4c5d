package org.poisonscan.api.synthetic;

import java.io.IOException;
import java.util.SplittableRandom;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.BatchReader;
import org.poisonscan.api.data.InMemorySource;

/**
 * Synthetic activations with planted poisons. Each class is a Gaussian cluster: a random mean, a rank-{@code rank}
 * covariance with singular values {@code topSingular / sqrt(k)} (k = 1..rank) along a random orthonormal basis, plus
 * isotropic noise sigma = 1. A poisoned row of a target class is shifted by {@code delta} along one of that class's
 * random unit trigger directions. With {@link SyntheticConfig#floored()} every value is then floored at 0 (a ReLU's
 * output), and the oracle's score and clean whitening below, which assume Gaussian rows, bound nothing.
 *
 * <p>Every row is a pure function of the seed and its index (its own {@link SplittableRandom} stream), so rows can be
 * generated in any order, streamed without holding the set ({@link #source()}), and reproduced exactly. Labels are
 * uniform over the classes and poisons are Bernoulli({@code poisonRate}) within target classes, so counts vary
 * around their expectation.
 *
 * <p>Spectral signatures see the shift only when {@code rate * delta^2} clearly exceeds the top clean eigenvalue
 * ({@code topSingular^2 + 1}, 10 by default); robust whitening (SPECTRE) sees it far earlier.
 */
public final class SyntheticGenerator {
    private static final long ROW_STREAM = 0x9E3779B97F4A7C15L;

    private final SyntheticConfig config;
    private final double[][] means;
    private final double[][][] bases;
    private final double[] singular;
    private final double[][][] triggers;
    /** Per target class and direction: Sigma^-1 u / sqrt(u^T Sigma^-1 u), the oracle's unit-variance test direction. */
    private final double[][][] oracleDirections;
    private final boolean[] isTarget;

    public SyntheticGenerator(SyntheticConfig config) {
        this.config = config;
        SplittableRandom rng = new SplittableRandom(config.seed());
        int d = config.dim();
        int c = config.classes();
        means = new double[c][d];
        bases = new double[c][][];
        for (int k = 0; k < c; k++) {
            for (int i = 0; i < d; i++) {
                means[k][i] = config.meanScale() * rng.nextGaussian();
            }
            bases[k] = orthonormal(config.rank(), d, rng);
        }
        singular = new double[config.rank()];
        for (int k = 0; k < singular.length; k++) {
            singular[k] = config.topSingular() / Math.sqrt(k + 1);
        }
        isTarget = new boolean[c];
        triggers = new double[c][][];
        for (int t : config.targetClasses()) {
            isTarget[t] = true;
            triggers[t] = new double[config.directions()][];
            for (int j = 0; j < config.directions(); j++) {
                triggers[t][j] = unit(d, rng);
            }
        }
        oracleDirections = new double[c][][];
        for (int t : config.targetClasses()) {
            oracleDirections[t] = new double[config.directions()][];
            for (int j = 0; j < config.directions(); j++) {
                double[] w = inverseCovarianceTimes(t, triggers[t][j]);
                double scale = 1 / Math.sqrt(dot(triggers[t][j], w));
                for (int i = 0; i < d; i++) {
                    w[i] *= scale;
                }
                oracleDirections[t][j] = w;
            }
        }
    }

    /**
     * {@code Sigma^-1 v} for the clean covariance of class {@code label}, {@code I + sum_k s_k^2 b_k b_k^T}
     * (Woodbury: the basis is orthonormal, so {@code Sigma^-1 = I - sum_k s_k^2 / (1 + s_k^2) b_k b_k^T}).
     */
    private double[] inverseCovarianceTimes(int label, double[] v) {
        double[] out = v.clone();
        for (int k = 0; k < singular.length; k++) {
            double[] b = bases[label][k];
            double s2 = singular[k] * singular[k];
            double c = s2 / (1 + s2) * dot(b, v);
            for (int i = 0; i < out.length; i++) {
                out[i] -= c * b[i];
            }
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /**
     * The shift of trigger {@code j} of a target class in the class's own standard deviations (its Mahalanobis
     * length {@code delta * sqrt(u^T Sigma^-1 u)}): the separation the most powerful test sees.
     */
    public double triggerSeparation(int target, int j) {
        return config.delta() * Math.sqrt(dot(triggers[target][j], inverseCovarianceTimes(target, triggers[target][j])));
    }

    /**
     * The oracle's score of a row of class {@code label} ({@code d} values from {@code offset}): for a target class,
     * the largest over its trigger directions of {@code (x - mu)^T Sigma^-1 u}, scaled to unit variance on clean
     * rows; NaN for other classes. It knows what no detector knows (the class's mean and covariance, the trigger
     * directions), and for one direction it is the Neyman-Pearson test (the likelihood ratio of a shifted Gaussian is
     * monotone in it), so its recall at a given false-positive rate bounds what any detector can reach.
     */
    public double oracleScore(int label, float[] row, int offset) {
        if (!isTarget[label]) {
            return Double.NaN;
        }
        double best = Double.NEGATIVE_INFINITY;
        for (double[] w : oracleDirections[label]) {
            double s = 0;
            for (int i = 0; i < w.length; i++) {
                s += (row[offset + i] - means[label][i]) * w[i];
            }
            best = Math.max(best, s);
        }
        return best;
    }

    /**
     * Row {@code row} (d values from {@code offset}) of class {@code label} whitened with the class's clean mean and
     * covariance, {@code Sigma^-1/2 (x - mu)}: what a perfect robust estimate would give a detector. Clean rows come out
     * standard normal; a poison is shifted by its trigger's separation along the whitened trigger direction. Like
     * {@link #oracleScore}, it uses what only the generator knows.
     */
    public double[] whitenClean(int label, float[] row, int offset) {
        int d = config.dim();
        double[] z = new double[d];
        for (int i = 0; i < d; i++) {
            z[i] = row[offset + i] - means[label][i];
        }
        // Sigma = I + sum_k s_k^2 b_k b_k^T with orthonormal b_k, so Sigma^-1/2 = I - sum_k (1 - 1/sqrt(1 + s_k^2)) b_k b_k^T.
        double[] projections = new double[singular.length];
        for (int k = 0; k < singular.length; k++) {
            projections[k] = dot(bases[label][k], z);
        }
        for (int k = 0; k < singular.length; k++) {
            double c = (1 - 1 / Math.sqrt(1 + singular[k] * singular[k])) * projections[k];
            double[] b = bases[label][k];
            for (int i = 0; i < d; i++) {
                z[i] -= c * b[i];
            }
        }
        return z;
    }

    /** The configuration. */
    public SyntheticConfig config() {
        return config;
    }

    /** The unit trigger direction {@code j} of target class {@code target}. */
    public double[] triggerDirection(int target, int j) {
        return triggers[target][j].clone();
    }

    /**
     * Generates row {@code index} into {@code out} (d values from {@code offset}) and returns its label and poison mark
     * packed as {@code label * 2 + (poisoned ? 1 : 0)}.
     */
    public int row(long index, float[] out, int offset) {
        SplittableRandom rng = new SplittableRandom(config.seed() * ROW_STREAM + index);
        int label = rng.nextInt(config.classes());
        boolean poisoned = isTarget[label] && rng.nextDouble() < config.poisonRate();
        int direction = poisoned ? rng.nextInt(config.directions()) : 0;
        int d = config.dim();
        double[] mean = means[label];
        double[][] basis = bases[label];
        double[] x = new double[d];
        for (int i = 0; i < d; i++) {
            x[i] = mean[i] + rng.nextGaussian();
        }
        for (int k = 0; k < basis.length; k++) {
            double z = singular[k] * rng.nextGaussian();
            double[] b = basis[k];
            for (int i = 0; i < d; i++) {
                x[i] += z * b[i];
            }
        }
        if (poisoned) {
            double[] u = triggers[label][direction];
            for (int i = 0; i < d; i++) {
                x[i] += config.delta() * u[i];
            }
        }
        boolean floored = config.floored();
        for (int i = 0; i < d; i++) {
            out[offset + i] = (float) (floored ? Math.max(0, x[i]) : x[i]);
        }
        return label * 2 + (poisoned ? 1 : 0);
    }

    /** All rows in memory. Only for sizes that fit: n * d floats. */
    public InMemorySource toMemory() {
        if (config.rows() * config.dim() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too large to hold in memory; use source() to stream");
        }
        int n = (int) config.rows();
        int d = config.dim();
        float[] features = new float[n * d];
        int[] labels = new int[n];
        boolean[] poison = new boolean[n];
        for (int r = 0; r < n; r++) {
            int packed = row(r, features, r * d);
            labels[r] = packed >> 1;
            poison[r] = (packed & 1) == 1;
        }
        return new InMemorySource(features, d, labels, poison, "synthetic(seed=" + config.seed() + ")");
    }

    /** The rows as a streaming source that generates each batch on demand (nothing is held between batches). */
    public ActivationSource source() {
        SyntheticGenerator gen = this;
        return new ActivationSource() {
            @Override
            public int dimension() {
                return config.dim();
            }

            @Override
            public long rowCount() {
                return config.rows();
            }

            @Override
            public boolean hasGroundTruth() {
                return true;
            }

            @Override
            public String description() {
                return "synthetic(seed=" + config.seed() + ")";
            }

            @Override
            public BatchReader open(int maxBatchRows) {
                int d = config.dim();
                float[] f = new float[maxBatchRows * d];
                int[] labels = new int[maxBatchRows];
                long[] idx = new long[maxBatchRows];
                boolean[] poison = new boolean[maxBatchRows];
                return new BatchReader() {
                    private long next;

                    @Override
                    public Batch next() throws IOException {
                        if (next >= config.rows()) {
                            return null;
                        }
                        int n = (int) Math.min(maxBatchRows, config.rows() - next);
                        for (int r = 0; r < n; r++) {
                            int packed = gen.row(next + r, f, r * d);
                            labels[r] = packed >> 1;
                            poison[r] = (packed & 1) == 1;
                            idx[r] = next + r;
                        }
                        next += n;
                        return new Batch(f, n, d, labels, idx, poison);
                    }

                    @Override
                    public void close() {
                        next = config.rows();
                    }
                };
            }
        };
    }

    private static double[] unit(int d, SplittableRandom rng) {
        double[] u = new double[d];
        double norm = 0;
        for (int i = 0; i < d; i++) {
            u[i] = rng.nextGaussian();
            norm += u[i] * u[i];
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < d; i++) {
            u[i] /= norm;
        }
        return u;
    }

    /** {@code k} orthonormal vectors of dimension d by Gram-Schmidt on Gaussian vectors. */
    private static double[][] orthonormal(int k, int d, SplittableRandom rng) {
        double[][] q = new double[k][];
        for (int j = 0; j < k; j++) {
            double[] v = unit(d, rng);
            for (int pass = 0; pass < 2; pass++) {
                for (int p = 0; p < j; p++) {
                    double dot = 0;
                    for (int i = 0; i < d; i++) {
                        dot += v[i] * q[p][i];
                    }
                    for (int i = 0; i < d; i++) {
                        v[i] -= dot * q[p][i];
                    }
                }
            }
            double norm = 0;
            for (int i = 0; i < d; i++) {
                norm += v[i] * v[i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < d; i++) {
                v[i] /= norm;
            }
            q[j] = v;
        }
        return q;
    }
}
