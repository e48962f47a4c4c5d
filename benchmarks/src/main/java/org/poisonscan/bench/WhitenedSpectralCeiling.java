package org.poisonscan.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.poisonscan.api.backend.JavaComputeBackend;
import org.poisonscan.api.backend.SymmetricEigen;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.BatchReader;
import org.poisonscan.api.synthetic.SyntheticGenerator;

/**
 * What spectral detection reaches with a perfect robust covariance: each target class is whitened with its true clean
 * mean and covariance ({@link SyntheticGenerator#whitenClean}), and its rows are scored by their projection on the top
 * eigenvectors of the whitened second-moment matrix (as many as the set has trigger directions, each oriented towards
 * the class's mean shift), the largest projection first. It knows the target classes and their clean statistics but,
 * unlike {@link OracleCeiling}, not the trigger directions: it must find them in the data, as SPECTRE must.
 *
 * <p>Why it matters: in whitened coordinates a group of share {@code e} shifted by {@code s} class deviations adds a
 * spike of {@code e s^2} to an identity covariance, and random-matrix theory (the BBP transition) says the top sample
 * eigenvector of {@code n} rows in {@code d} dimensions carries no information about the spike's direction while
 * {@code e s^2 <= sqrt(d / n)}. Where this ceiling stays low, no covariance-based detector (spectral signatures,
 * SPECTRE, any robust variant) can do better, however good its robust estimate.
 *
 * @param recallAtFprTenth recall with false positives at most 0.1% of all clean rows
 * @param recallAtFprOne recall with false positives at most 1% of all clean rows
 * @param auroc probability that a poison scores above a clean row of its class
 */
record WhitenedSpectralCeiling(double recallAtFprTenth, double recallAtFprOne, double auroc) {

    static WhitenedSpectralCeiling of(SyntheticGenerator generator, ActivationSource source) throws IOException {
        List<Integer> targets = generator.config().targetClasses();
        Map<Integer, List<double[]>> whitened = new LinkedHashMap<>();
        Map<Integer, List<Boolean>> poisoned = new LinkedHashMap<>();
        for (int t : targets) {
            whitened.put(t, new ArrayList<>());
            poisoned.put(t, new ArrayList<>());
        }
        long clean = 0;
        try (BatchReader reader = source.open(8192)) {
            for (Batch b = reader.next(); b != null; b = reader.next()) {
                for (int r = 0; r < b.rows(); r++) {
                    clean += b.poison()[r] ? 0 : 1;
                    int label = b.labels()[r];
                    if (whitened.containsKey(label)) {
                        whitened.get(label).add(generator.whitenClean(label, b.features(), b.offset(r)));
                        poisoned.get(label).add(b.poison()[r]);
                    }
                }
            }
        }
        List<Double> poisonScores = new ArrayList<>();
        List<Double> cleanScores = new ArrayList<>();
        int directions = generator.config().directions();
        for (int t : targets) {
            double[] scores = scores(whitened.get(t), directions);
            List<Boolean> p = poisoned.get(t);
            for (int i = 0; i < scores.length; i++) {
                (p.get(i) ? poisonScores : cleanScores).add(scores[i]);
            }
        }
        double[] pos = poisonScores.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] neg = cleanScores.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new WhitenedSpectralCeiling(OracleCeiling.recallWithin(pos, neg, (long) (0.001 * clean)),
                OracleCeiling.recallWithin(pos, neg, (long) (0.01 * clean)), OracleCeiling.auroc(pos, neg));
    }

    /**
     * Each row's largest projection on the top {@code k} eigenvectors of the rows' second-moment matrix (the rows are
     * centred on the clean mean already), each eigenvector oriented towards its heavier tail (a positive third moment): a small group far out on one side
     * skews the projections more reliably than it moves their mean.
     */
    static double[] scores(List<double[]> rows, int k) {
        int n = rows.size();
        int d = rows.get(0).length;
        double[] moment = new double[d * d];
        for (double[] z : rows) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    moment[i * d + j] += z[i] * z[j] / n;
                }
            }
        }
        SymmetricEigen eigen = new JavaComputeBackend().symmetricEigen(moment, d);
        double[] best = new double[n];
        Arrays.fill(best, Double.NEGATIVE_INFINITY);
        for (int j = 0; j < k; j++) {
            double[] v = eigen.vector(j);
            double[] projection = new double[n];
            double thirdMoment = 0;
            for (int r = 0; r < n; r++) {
                double[] z = rows.get(r);
                for (int i = 0; i < d; i++) {
                    projection[r] += z[i] * v[i];
                }
                thirdMoment += projection[r] * projection[r] * projection[r];
            }
            double sign = thirdMoment >= 0 ? 1 : -1;
            for (int r = 0; r < n; r++) {
                best[r] = Math.max(best[r], sign * projection[r]);
            }
        }
        return best;
    }
}
