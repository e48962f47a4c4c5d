package org.poisonscan.ac;

/**
 * The rules that decide whether a cluster of a class is poison. A cluster is judged poison when every selected
 * analyzer fires for it (see {@link ActivationClusteringDetector} for the default selection and why). The first four
 * are the analyzers of Chen et al. (2018); {@link #SEPARATION} and {@link #CROSS_CLASS} are this implementation's
 * additions, which keep clean classes that merely split from being flagged.
 *
 * <p>Only clusters other than the class's largest ("main") cluster are candidates.
 */
public enum Analyzer {
    /** The cluster holds fewer than {@code maxSuspectFraction} (35%) of its class's rows. */
    RELATIVE_SIZE,
    /**
     * The cluster is small (as {@link #RELATIVE_SIZE}) and the class's mean silhouette exceeds {@code minSilhouette}
     * (0.1), as in the paper and IBM ART.
     */
    SILHOUETTE,
    /**
     * The cluster's coordinate-wise median is closer to another class's median than to its own class's, in the
     * original activation space (the class medians are those of each class's main cluster); the nearest other class is
     * the suspected source.
     */
    DISTANCE,
    /**
     * A model retrained without the suspect rows classifies the cluster mostly as one other class (own count /
     * other count at most {@code reclassificationThreshold}); that class is the suspected source. Needs an
     * {@link ExclusionaryReclassifier}.
     */
    EXCLUSIONARY_RECLASSIFICATION,
    /**
     * The cluster is a separate mode: projected on the axis from the main cluster's centre to its own, the rows of
     * the two clusters fit two Gaussians whose separation (Ashman's D) is at least {@code minSeparation} (3). The
     * two halves of a unimodal class, however it is cut, fit two heavily overlapping components (D well below 2).
     */
    SEPARATION,
    /**
     * The class's separation statistic (the largest D of its candidate clusters) stands out among the scanned classes:
     * MAD anomaly index at least {@code minAnomalyIndex} (3). Not applied when fewer than {@code minClassesToCompare}
     * classes were scanned.
     */
    CROSS_CLASS
}
