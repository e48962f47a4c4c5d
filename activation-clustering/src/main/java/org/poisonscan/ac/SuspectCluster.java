package org.poisonscan.ac;

/**
 * A cluster handed to an {@link ExclusionaryReclassifier}.
 *
 * @param label the class the cluster belongs to
 * @param cluster the cluster's index within its class (0 is the class's largest cluster, never a suspect)
 * @param rows the cluster's rows, as 0-based input row indices in ascending order (copied in and out)
 */
public record SuspectCluster(int label, int cluster, long[] rows) {
    public SuspectCluster {
        rows = rows.clone();
    }

    @Override
    public long[] rows() {
        return rows.clone();
    }
}
