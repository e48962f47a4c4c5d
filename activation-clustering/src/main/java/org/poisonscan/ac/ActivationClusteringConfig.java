package org.poisonscan.ac;

import java.util.Set;

/**
 * Configuration of {@link ActivationClusteringDetector}. Immutable; {@code with...} methods return changed copies.
 *
 * @param reduction per-class dimension reduction (ICA to 10 dimensions by default)
 * @param kmeans per-class clustering (k = 2)
 * @param analysis which analyzers judge the clusters, and their thresholds
 * @param minClassRows classes with fewer rows are reported as not scanned (at least {@code kmeans.clusters()})
 * @param sampleRows reduced rows sampled per class (seeded reservoir) for seeding the mini-batch clustering and for
 *     the within-cluster spread that scales the row score; all rows when the class is smaller
 * @param statisticsRows rows of that sample (seeded choice) on which the silhouette (quadratic cost) and the
 *     separation (a two-Gaussian fit) are measured
 * @param medianRows original rows sampled per cluster for the coordinate-wise medians of {@link Analyzer#DISTANCE}
 *     ({@code d} floats each; only kept when that analyzer is selected)
 * @param batchRows rows per batch read from the source
 * @param seed seed of every random choice (samples, k-means++ seeding, ICA start); the same seed gives the same result
 */
public record ActivationClusteringConfig(ReductionOptions reduction, KMeansOptions kmeans, AnalysisOptions analysis,
        int minClassRows, int sampleRows, int statisticsRows, int medianRows, int batchRows, long seed) {
    public ActivationClusteringConfig {
        if (reduction == null || kmeans == null || analysis == null) {
            throw new IllegalArgumentException("reduction, kmeans and analysis options must be set");
        }
        if (minClassRows < kmeans.clusters() || minClassRows < 4) {
            throw new IllegalArgumentException("minClassRows must be >= max(4, clusters=" + kmeans.clusters()
                    + "), got " + minClassRows);
        }
        if (sampleRows < 100) {
            throw new IllegalArgumentException("sampleRows must be >= 100, got " + sampleRows);
        }
        if (statisticsRows < 100 || statisticsRows > sampleRows) {
            throw new IllegalArgumentException("statisticsRows must be in [100, sampleRows], got " + statisticsRows);
        }
        if (medianRows < 1) {
            throw new IllegalArgumentException("medianRows must be >= 1, got " + medianRows);
        }
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows must be >= 1, got " + batchRows);
        }
    }

    /** The defaults: ICA to 10 dimensions, 2-means, relative size AND separation AND cross-class, seed 1. */
    public static ActivationClusteringConfig defaults() {
        return new ActivationClusteringConfig(ReductionOptions.defaults(), KMeansOptions.defaults(),
                AnalysisOptions.defaults(), 20, 20_000, 1_000, 500, 4096, 1L);
    }

    /** A copy with other reduction options. */
    public ActivationClusteringConfig withReduction(ReductionOptions r) {
        return new ActivationClusteringConfig(r, kmeans, analysis, minClassRows, sampleRows, statisticsRows,
                medianRows, batchRows, seed);
    }

    /** A copy with other clustering options. */
    public ActivationClusteringConfig withKMeans(KMeansOptions k) {
        return new ActivationClusteringConfig(reduction, k, analysis, minClassRows, sampleRows, statisticsRows,
                medianRows, batchRows, seed);
    }

    /** A copy with other analysis options. */
    public ActivationClusteringConfig withAnalysis(AnalysisOptions a) {
        return new ActivationClusteringConfig(reduction, kmeans, a, minClassRows, sampleRows, statisticsRows,
                medianRows, batchRows, seed);
    }

    /** A copy with other analyzers (thresholds unchanged). */
    public ActivationClusteringConfig withAnalyzers(Set<Analyzer> analyzers) {
        return withAnalysis(analysis.withAnalyzers(analyzers));
    }

    /** A copy with another minimum class size. */
    public ActivationClusteringConfig withMinClassRows(int rows) {
        return new ActivationClusteringConfig(reduction, kmeans, analysis, rows, sampleRows, statisticsRows,
                medianRows, batchRows, seed);
    }

    /** A copy with another seed. */
    public ActivationClusteringConfig withSeed(long s) {
        return new ActivationClusteringConfig(reduction, kmeans, analysis, minClassRows, sampleRows, statisticsRows,
                medianRows, batchRows, s);
    }
}
