package org.poisonscan.ac;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which analyzers judge the clusters, and their thresholds. A cluster is poison when every selected analyzer fires.
 *
 * @param analyzers the selected analyzers (at least one)
 * @param maxSuspectFraction {@link Analyzer#RELATIVE_SIZE} and {@link Analyzer#SILHOUETTE}: a cluster must hold fewer
 *     than this fraction of its class (0.35 in the paper)
 * @param minSilhouette {@link Analyzer#SILHOUETTE}: the class's mean silhouette must exceed this (0.1)
 * @param minSeparation {@link Analyzer#SEPARATION}: smallest Ashman's D (3)
 * @param minAnomalyIndex {@link Analyzer#CROSS_CLASS}: smallest MAD anomaly index of the class's separation (3)
 * @param anomalyScaleFloor {@link Analyzer#CROSS_CLASS}: floor of the robust scale of the separations across
 *     classes, in units of D (0.5), so that nearly identical classes do not make small differences look large
 * @param minClassesToCompare {@link Analyzer#CROSS_CLASS}: fewest scanned classes for the comparison to apply (3)
 * @param reclassificationThreshold {@link Analyzer#EXCLUSIONARY_RECLASSIFICATION}: the cluster is poison when the
 *     rows reclassified as their own label, divided by the rows reclassified as the most frequent other label, is at
 *     most this (1: the other class wins); as in IBM ART's {@code ex_re_threshold}
 * @param tailRows in a poisoned class, rows whose nearest centre is the main cluster's are flagged too when their score
 *     towards a poison cluster lies beyond the main cluster's Gaussian tail holding this many of the class's rows
 *     (0.5): poisons that k-means left on the main side but that the main cluster cannot explain
 * @param minClusterRows fewest rows a cluster needs to be judged poison, whatever the analyzers say (5, as spectral
 *     signatures and SPECTRE require of a flagged group): a cluster of one or two extreme rows of a heavy-tailed class
 *     is far from the rest and tiny, which every size and separation rule rewards, but it is no backdoor
 */
public record AnalysisOptions(Set<Analyzer> analyzers, double maxSuspectFraction, double minSilhouette,
        double minSeparation, double minAnomalyIndex, double anomalyScaleFloor, int minClassesToCompare,
        double reclassificationThreshold, double tailRows, int minClusterRows) {

    /** The default selection: small AND a separate mode AND standing out across classes. */
    public static final Set<Analyzer> DEFAULT_ANALYZERS =
            Collections.unmodifiableSet(EnumSet.of(Analyzer.RELATIVE_SIZE, Analyzer.SEPARATION, Analyzer.CROSS_CLASS));

    public AnalysisOptions {
        if (analyzers == null || analyzers.isEmpty()) {
            throw new IllegalArgumentException("select at least one analyzer");
        }
        analyzers = Collections.unmodifiableSet(EnumSet.copyOf(analyzers));
        if (!(maxSuspectFraction > 0 && maxSuspectFraction <= 0.5)) {
            throw new IllegalArgumentException("maxSuspectFraction must be in (0, 0.5], got " + maxSuspectFraction);
        }
        if (!(minSilhouette > -1 && minSilhouette < 1)) {
            throw new IllegalArgumentException("minSilhouette must be in (-1, 1), got " + minSilhouette);
        }
        if (!(minSeparation > 0) || !(minAnomalyIndex > 0) || !(anomalyScaleFloor > 0)) {
            throw new IllegalArgumentException("minSeparation, minAnomalyIndex and anomalyScaleFloor must be > 0");
        }
        if (minClassesToCompare < 2) {
            throw new IllegalArgumentException("minClassesToCompare must be >= 2, got " + minClassesToCompare);
        }
        if (!(reclassificationThreshold > 0) || Double.isInfinite(reclassificationThreshold)) {
            throw new IllegalArgumentException("reclassificationThreshold must be > 0 and finite, got "
                    + reclassificationThreshold);
        }
        if (!(tailRows > 0) || Double.isInfinite(tailRows)) {
            throw new IllegalArgumentException("tailRows must be > 0 and finite, got " + tailRows);
        }
        if (minClusterRows < 1) {
            throw new IllegalArgumentException("minClusterRows must be >= 1, got " + minClusterRows);
        }
    }

    /** The default selection and the thresholds above; clusters of at least 5 rows. */
    public static AnalysisOptions defaults() {
        return new AnalysisOptions(DEFAULT_ANALYZERS, 0.35, 0.1, 3.0, 3.0, 0.5, 3, 1.0, 0.5, 5);
    }

    /** Whether an analyzer is selected. */
    public boolean uses(Analyzer a) {
        return analyzers.contains(a);
    }

    /** A copy with other analyzers. */
    public AnalysisOptions withAnalyzers(Set<Analyzer> selected) {
        return new AnalysisOptions(selected, maxSuspectFraction, minSilhouette, minSeparation, minAnomalyIndex,
                anomalyScaleFloor, minClassesToCompare, reclassificationThreshold, tailRows, minClusterRows);
    }
}
