package org.poisonscan.spectral;

import java.util.Map;
import org.poisonscan.api.stats.ClassMoments;
import org.poisonscan.api.stats.Reservoir;

/**
 * The spectral detector's second pass: every row of a scanned class projected, after centring, on the class's top
 * eigenvector, and kept in a seeded per-class sample ({@link Reservoir}, chosen by row index, so partitioned and
 * single-machine fits keep the same rows).
 */
final class ProjectionSample extends ClassProjectionPass<Reservoir> {
    private static final long serialVersionUID = 1L;

    private final int capacity;
    private final long seed;

    ProjectionSample(SpectralConfig config, Map<Integer, ClassMoments> moments, Map<Integer, double[]> directions) {
        super(moments, directions);
        this.capacity = config.sampleCapacity();
        this.seed = config.seed();
    }

    @Override
    Reservoir newSample(int label, int dims) {
        return new Reservoir(capacity, seed * 31 + label);
    }

    @Override
    void offer(Reservoir sample, long row, double[] values, int offset, int dims) {
        sample.add(row, values[offset]);
    }

    @Override
    Reservoir mergeSamples(Reservoir left, Reservoir right) {
        return left.merge(right);
    }
}
