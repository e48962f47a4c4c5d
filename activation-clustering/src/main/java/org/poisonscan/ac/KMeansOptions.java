package org.poisonscan.ac;

/**
 * How each class's reduced activations are clustered.
 *
 * @param clusters k, the number of clusters per class (2 in the paper)
 * @param restarts greedy k-means++ seedings tried besides the one axis start per reduced dimension; the clustering of
 *     least inertia is kept
 * @param maxIterations Lloyd iterations per restart
 * @param tolerance Lloyd stops when the inertia improves by less than this fraction
 * @param inMemoryMaxRows classes with at most this many rows keep their reduced rows in memory ({@code components}
 *     floats per row) and are clustered by full k-means; larger classes use streaming mini-batch k-means, with heap
 *     independent of their size
 * @param miniBatchRows rows per mini-batch update (streaming path)
 * @param miniBatchPasses passes over the source for the mini-batch updates (streaming path)
 */
public record KMeansOptions(int clusters, int restarts, int maxIterations, double tolerance, int inMemoryMaxRows,
        int miniBatchRows, int miniBatchPasses) {
    public KMeansOptions {
        if (clusters < 2) {
            throw new IllegalArgumentException("clusters must be >= 2, got " + clusters);
        }
        if (restarts < 1 || maxIterations < 1) {
            throw new IllegalArgumentException("restarts and maxIterations must be >= 1");
        }
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must be in [0, 1), got " + tolerance);
        }
        if (inMemoryMaxRows < 1) {
            throw new IllegalArgumentException("inMemoryMaxRows must be >= 1, got " + inMemoryMaxRows);
        }
        if (miniBatchRows < 1 || miniBatchPasses < 1) {
            throw new IllegalArgumentException("miniBatchRows and miniBatchPasses must be >= 1");
        }
    }

    /** k = 2, 5 restarts, 100 iterations, tolerance 1e-4, in memory up to 200,000 rows, mini-batches of 1024. */
    public static KMeansOptions defaults() {
        return new KMeansOptions(2, 5, 100, 1e-4, 200_000, 1024, 1);
    }

    /** A copy with another k. */
    public KMeansOptions withClusters(int k) {
        return new KMeansOptions(k, restarts, maxIterations, tolerance, inMemoryMaxRows, miniBatchRows,
                miniBatchPasses);
    }

    /** A copy with another mini-batch size. */
    public KMeansOptions withMiniBatchRows(int rows) {
        return new KMeansOptions(clusters, restarts, maxIterations, tolerance, inMemoryMaxRows, rows, miniBatchPasses);
    }

    /** A copy with another in-memory threshold (a low one forces the streaming mini-batch path). */
    public KMeansOptions withInMemoryMaxRows(int rows) {
        return new KMeansOptions(clusters, restarts, maxIterations, tolerance, rows, miniBatchRows, miniBatchPasses);
    }
}
