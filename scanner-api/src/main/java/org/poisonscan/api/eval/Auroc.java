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
        // Only the ranks of positives against negatives matter: sort each kind's scores (primitive sorts; a boxed
        // index sort took about a second per million rows) and walk both lists in step, tie group by tie group.
        double[] p = new double[(int) pos];
        double[] q = new double[(int) neg];
        int np = 0;
        int nq = 0;
        for (int i = 0; i < n; i++) {
            if (positive[i]) {
                p[np++] = key(scores[i]);
            } else {
                q[nq++] = key(scores[i]);
            }
        }
        Arrays.sort(p);
        Arrays.sort(q);
        double rankSumPositive = 0;
        long ranked = 0;
        int a = 0;
        int b = 0;
        while (a < p.length || b < q.length) {
            double v = b == q.length || (a < p.length && p[a] < q[b]) ? p[a] : q[b];
            int tiedP = 0;
            while (a < p.length && p[a] == v) {
                a++;
                tiedP++;
            }
            int tiedQ = 0;
            while (b < q.length && q[b] == v) {
                b++;
                tiedQ++;
            }
            // The group shares ranks ranked+1 .. ranked+size: each member gets their average.
            rankSumPositive += tiedP * (ranked + (tiedP + tiedQ + 1) / 2.0);
            ranked += tiedP + tiedQ;
        }
        return (rankSumPositive - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    /** NaN ranks lowest; -0.0 and 0.0 are one score (as {@code ==} has them). */
    private static double key(double score) {
        return Double.isNaN(score) ? Double.NEGATIVE_INFINITY : score + 0.0;
    }
}
