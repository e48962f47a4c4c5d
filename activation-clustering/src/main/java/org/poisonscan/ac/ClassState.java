package org.poisonscan.ac;

import org.poisonscan.api.stats.ChanceSeparation;

/**
 * What the fit knows about one scanned class while it runs: its reduction, its reduced rows (in memory) or a bounded
 * sample of them (streaming), its clustering and statistics. Mutable, confined to one fit.
 */
final class ClassState {
    final int label;
    final long rows;
    final boolean inMemory;
    Reducer reducer;
    FastIca.Result ica;
    /** Reduced rows of an in-memory class, {@code stored * m} floats. */
    float[] store;
    int stored;
    /** Reservoir of reduced rows (whitened rows while ICA is fitted); for streaming classes, also the k-means seed. */
    RowSample sample;
    MiniBatchKMeans miniBatch;
    String clustering;
    int iterations;
    boolean converged;
    double[] centres;
    long[] sizes;
    /** Per cluster, a sample of original rows ({@link Analyzer#DISTANCE} only). */
    RowSample[] originals;
    /** Rows in the statistics sample. */
    int statCount;
    /** Rows the clustering was fitted on (all of an in-memory class, else the sample). */
    int fitRows;
    /** What a clean class of {@link #fitRows} rows shows by chance; {@code null} for classes too large to need it. */
    ChanceSeparation nullSeparation;
    /** Factor applied to the class's separation in the cross-class comparison (1 unless calibrated). */
    double comparisonScale = 1;
    double silhouette = Double.NaN;
    Candidate[] candidates = new Candidate[0];

    ClassState(int label, long rows, boolean inMemory, Reducer reducer) {
        this.label = label;
        this.rows = rows;
        this.inMemory = inMemory;
        this.reducer = reducer;
    }

    /** Reduced dimension m. */
    int m() {
        return reducer.components();
    }

    /** Number of clusters. */
    int k() {
        return centres.length / m();
    }

    /** Appends a reduced row to the in-memory store. */
    void store(float[] reduced, int offset) {
        System.arraycopy(reduced, offset, store, stored * m(), m());
        stored++;
    }
}
