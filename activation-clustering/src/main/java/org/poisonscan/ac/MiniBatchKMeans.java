package org.poisonscan.ac;

import org.poisonscan.api.backend.ComputeBackend;

/**
 * Streaming mini-batch k-means (Sculley 2010) for one class: rows arrive in input order and are buffered into
 * mini-batches of a fixed size; each mini-batch is assigned to the current centres (through {@link Nearest}), then
 * every row moves its centre by {@code (x - c) / count}, so a centre is the running mean of the rows assigned to it.
 * The counts start at the cluster sizes of the seeding sample, which makes the first updates gentle. Memory: one
 * mini-batch and the centres, whatever the class size. Mini-batches do not depend on the source's batch size, so the
 * result depends only on the rows, their order and the starting centres.
 */
final class MiniBatchKMeans {
    private final int k;
    private final int m;
    private final double[] centres;
    private final long[] counts;
    private final float[] buffer;
    private final int[] assignment;
    private final int capacity;
    private final Nearest nearest;
    private int buffered;
    private long updates;

    /**
     * @param centres starting centres, row-major {@code k x m} (copied)
     * @param counts starting counts per centre (copied)
     * @param batchRows rows per mini-batch
     */
    MiniBatchKMeans(ComputeBackend backend, double[] centres, long[] counts, int k, int m, int batchRows) {
        this.k = k;
        this.m = m;
        this.centres = centres.clone();
        this.counts = counts.clone();
        this.capacity = batchRows;
        this.buffer = new float[batchRows * m];
        this.assignment = new int[batchRows];
        this.nearest = new Nearest(backend, centres, k, m);
    }

    /** Offers the reduced row of m values starting at {@code offset}. */
    void add(float[] rows, int offset) {
        System.arraycopy(rows, offset, buffer, buffered * m, m);
        if (++buffered == capacity) {
            update();
        }
    }

    /** Applies the rows still buffered (call at the end of each pass). */
    void flush() {
        if (buffered > 0) {
            update();
        }
    }

    private void update() {
        nearest.moveTo(centres);
        nearest.assign(buffer, buffered, assignment, null);
        for (int r = 0; r < buffered; r++) {
            int c = assignment[r];
            counts[c]++;
            double eta = 1.0 / counts[c];
            for (int i = 0; i < m; i++) {
                centres[c * m + i] += eta * (buffer[r * m + i] - centres[c * m + i]);
            }
        }
        buffered = 0;
        updates++;
    }

    /** The current centres (a copy). */
    double[] centres() {
        return centres.clone();
    }

    /** Mini-batch updates applied so far. */
    long updates() {
        return updates;
    }
}
