package org.poisonscan.ac;

/**
 * What scoring needs of one scanned class: its reduction, its cluster centres, the candidate clusters' axes and which
 * clusters are poison.
 *
 * @param label class label
 * @param reducer the class's fitted reduction
 * @param centres row-major {@code k x m} centres in the reduced space, cluster 0 the largest
 * @param candidates the clusters other than cluster 0, in cluster order
 * @param poison per cluster, whether its rows are flagged (all false unless the class is judged poisoned)
 * @param tailCuts per candidate, the score above which a row is flagged even when its nearest centre is the main
 *     cluster's: the main cluster's Gaussian tail beyond it holds about {@code tailRows} clean rows of the class, so
 *     a poison that k-means left on the main side but that the main cluster cannot explain is still flagged
 *     ({@code +infinity} for candidates that are not poison)
 */
record ClassModel(int label, Reducer reducer, double[] centres, Candidate[] candidates, boolean[] poison,
        double[] tailCuts) implements java.io.Serializable {

    /** A model whose poison candidates also flag the main cluster's rows beyond its tail of {@code tailRows} rows. */
    static ClassModel of(int label, Reducer reducer, double[] centres, Candidate[] candidates, boolean[] poison,
            long classRows, double tailRows) {
        double[] cuts = new double[candidates.length];
        for (int i = 0; i < candidates.length; i++) {
            boolean flagging = poison[candidates[i].cluster()] && classRows > tailRows;
            cuts[i] = flagging ? candidates[i].mainClusterTail(tailRows / classRows) : Double.POSITIVE_INFINITY;
        }
        return new ClassModel(label, reducer, centres, candidates, poison, cuts);
    }

    /** Whether a row whose nearest centre is {@code cluster} and reduced values start at {@code base} is flagged. */
    boolean flagged(int cluster, float[] z, int base) {
        if (poison[cluster]) {
            return true;
        }
        for (int i = 0; i < candidates.length; i++) {
            if (candidates[i].score(z, base) > tailCuts[i]) {
                return true;
            }
        }
        return false;
    }

    /** Number of clusters. */
    int k() {
        return poison.length;
    }

    /** The row score: the largest standardised axis score over the candidate clusters. */
    double score(float[] z, int base) {
        double best = Double.NEGATIVE_INFINITY;
        for (Candidate c : candidates) {
            best = Math.max(best, c.score(z, base));
        }
        return best;
    }
}
