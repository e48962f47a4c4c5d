package org.poisonscan.spectral;

import java.util.Map;
import org.poisonscan.api.stats.ClassMoments;

/**
 * SPECTRE's second pass: every row of a scanned class projected, after centring, on the class's top K principal
 * directions, and kept in a seeded per-class sample of at most {@code sampleCapacity} rows ({@link RowSample}, chosen
 * by row index, so a partitioned fit keeps the same rows in the same order).
 */
final class ProjectedRowsSample extends ClassProjectionPass<RowSample> {
    private static final long serialVersionUID = 1L;

    private final int capacity;
    private final long seed;

    /**
     * @param bases per scanned class, row-major {@code K x d} principal directions
     */
    ProjectedRowsSample(SpectreConfig config, Map<Integer, ClassMoments> moments, Map<Integer, double[]> bases) {
        super(moments, bases);
        this.capacity = config.sampleCapacity();
        this.seed = config.seed();
    }

    @Override
    RowSample newSample(int label, int dims) {
        return new RowSample(dims, capacity, seed * 31 + label);
    }

    @Override
    void offer(RowSample sample, long row, double[] values, int offset, int dims) {
        sample.add(row, values, offset);
    }

    @Override
    RowSample mergeSamples(RowSample left, RowSample right) {
        left.mergeFrom(right);
        return left;
    }
}
