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
 */
record ClassModel(int label, Reducer reducer, double[] centres, Candidate[] candidates, boolean[] poison)
        implements java.io.Serializable {

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
