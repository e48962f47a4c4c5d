package org.poisonscan.api.eval;

import java.util.Arrays;

/** Area under the ROC curve by the Mann-Whitney statistic, with tied scores sharing their average rank. */
public final class Auroc {
    private Auroc() {
    }

    /**
     * @param scores one score per row, higher = more suspicious; {@code NaN} ranks below every number
     * @param positive ground truth per row
     * @param n rows to use (a prefix of the arrays)
     * @return the AUROC, or {@code NaN} when all rows are of one kind or no row has a score (a detector that judged
     *     no class ranks nothing: 0.5 would read as ranking at chance)
     */
    public static double of(double[] scores, boolean[] positive, int n) {
        long pos = 0;
        boolean anyScore = false;
        for (int i = 0; i < n; i++) {
            if (positive[i]) {
                pos++;
            }
            anyScore |= !Double.isNaN(scores[i]);
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0 || !anyScore) {
            return Double.NaN;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(key(scores[a]), key(scores[b])));
        double rankSumPositive = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            double k = key(scores[order[i]]);
            while (j + 1 < n && key(scores[order[j + 1]]) == k) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) {
                if (positive[order[t]]) {
                    rankSumPositive += averageRank;
                }
            }
            i = j + 1;
        }
        return (rankSumPositive - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    private static double key(double score) {
        return Double.isNaN(score) ? Double.NEGATIVE_INFINITY : score;
    }
}
