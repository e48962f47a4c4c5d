package org.poisonscan.bench;

import java.io.IOException;
import java.util.Arrays;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.BatchReader;
import org.poisonscan.api.synthetic.SyntheticGenerator;

/**
 * What the best possible detector reaches on a synthetic set: the Neyman-Pearson oracle of
 * {@link SyntheticGenerator#oracleScore}, which knows the target classes, their clean means and covariances and the
 * trigger directions. It flags only rows of target classes, highest score first, and may spend the whole budget of
 * false positives (a share of all clean rows) there. A detector that must find the class and the direction from the
 * data can only do worse, so a cell where the oracle's recall is below a goal shows a goal no detector can meet.
 *
 * @param separation mean Mahalanobis length of the trigger directions (the shift in the class's own deviations)
 * @param recallAtFprTenth recall with false positives at most 0.1% of all clean rows
 * @param recallAtFprOne recall with false positives at most 1% of all clean rows
 * @param auroc probability that a poison scores above a clean row of its class
 */
record OracleCeiling(double separation, double recallAtFprTenth, double recallAtFprOne, double auroc) {

    static OracleCeiling of(SyntheticGenerator generator, ActivationSource source) throws IOException {
        double[] poisons = new double[16];
        double[] cleanTargets = new double[16];
        int p = 0;
        int c = 0;
        long clean = 0;
        try (BatchReader reader = source.open(8192)) {
            for (Batch b = reader.next(); b != null; b = reader.next()) {
                for (int r = 0; r < b.rows(); r++) {
                    boolean poisoned = b.poison()[r];
                    clean += poisoned ? 0 : 1;
                    double s = generator.oracleScore(b.labels()[r], b.features(), b.offset(r));
                    if (Double.isNaN(s)) {
                        continue;
                    }
                    if (poisoned) {
                        poisons = p == poisons.length ? Arrays.copyOf(poisons, 2 * p) : poisons;
                        poisons[p++] = s;
                    } else {
                        cleanTargets = c == cleanTargets.length ? Arrays.copyOf(cleanTargets, 2 * c) : cleanTargets;
                        cleanTargets[c++] = s;
                    }
                }
            }
        }
        double[] pos = Arrays.copyOf(poisons, p);
        double[] neg = Arrays.copyOf(cleanTargets, c);
        Arrays.sort(pos);
        Arrays.sort(neg);
        var targets = generator.config().targetClasses();
        int directions = generator.config().directions();
        double separation = 0;
        for (int t : targets) {
            for (int j = 0; j < directions; j++) {
                separation += generator.triggerSeparation(t, j) / (targets.size() * directions);
            }
        }
        return new OracleCeiling(separation, recallWithin(pos, neg, (long) (0.001 * clean)),
                recallWithin(pos, neg, (long) (0.01 * clean)), auroc(pos, neg));
    }

    /** Share of poisons scoring above the clean row ranked {@code falsePositives + 1} from the top. */
    static double recallWithin(double[] sortedPoisons, double[] sortedClean, long falsePositives) {
        if (sortedPoisons.length == 0) {
            return Double.NaN;
        }
        if (falsePositives >= sortedClean.length) {
            return 1;
        }
        double threshold = sortedClean[sortedClean.length - 1 - (int) falsePositives];
        long above = java.util.Arrays.stream(sortedPoisons).filter(s -> s > threshold).count();
        return (double) above / sortedPoisons.length;
    }

    /** Mann-Whitney: P(poison > clean) + P(tie) / 2, walking both sorted lists once. */
    static double auroc(double[] sortedPoisons, double[] sortedClean) {
        if (sortedPoisons.length == 0 || sortedClean.length == 0) {
            return Double.NaN;
        }
        double wins = 0;
        int below = 0;
        int notAbove = 0;
        for (double s : sortedPoisons) {
            while (below < sortedClean.length && sortedClean[below] < s) {
                below++;
            }
            notAbove = Math.max(notAbove, below);
            while (notAbove < sortedClean.length && sortedClean[notAbove] <= s) {
                notAbove++;
            }
            wins += below + (notAbove - below) / 2.0;
        }
        return wins / ((double) sortedPoisons.length * sortedClean.length);
    }
}
