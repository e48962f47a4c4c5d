package org.poisonscan.spectral;

import java.util.Map;
import java.util.TreeMap;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.pass.Accumulator;
import org.poisonscan.api.pass.Aggregation;
import org.poisonscan.api.stats.ClassMoments;
import org.poisonscan.api.stats.ClassRows;
import org.poisonscan.api.stats.Reservoir;

/**
 * The spectral detector's second pass: every row of a scanned class projected, after centring, on the class's top
 * eigenvector, and kept in a seeded per-class sample ({@link Reservoir}, chosen by row index, so partitioned and
 * single-machine fits keep the same rows).
 */
final class ProjectionSample implements Aggregation<TreeMap<Integer, Reservoir>> {
    private static final long serialVersionUID = 1L;

    private final int capacity;
    private final long seed;
    private final TreeMap<Integer, double[]> means = new TreeMap<>();
    private final TreeMap<Integer, double[]> directions;

    ProjectionSample(SpectralConfig config, Map<Integer, ClassMoments> moments, Map<Integer, double[]> directions) {
        this.capacity = config.sampleCapacity();
        this.seed = config.seed();
        this.directions = new TreeMap<>(directions);
        for (int label : directions.keySet()) {
            means.put(label, moments.get(label).mean());
        }
    }

    @Override
    public Accumulator<TreeMap<Integer, Reservoir>> start(ComputeBackend backend, int dim) {
        TreeMap<Integer, Reservoir> samples = new TreeMap<>();
        for (int label : directions.keySet()) {
            samples.put(label, new Reservoir(capacity, seed * 31 + label));
        }
        return new Accumulator<>() {
            private float[] buffer;
            private double[] out = new double[0];

            @Override
            public void add(Batch b) {
                for (Map.Entry<Integer, int[]> e : ClassRows.of(b).entrySet()) {
                    double[] v = directions.get(e.getKey());
                    if (v == null) {
                        continue;
                    }
                    int[] rows = e.getValue();
                    buffer = ClassRows.gather(b, rows, null, buffer);
                    if (out.length < rows.length) {
                        out = new double[rows.length];
                    }
                    backend.project(buffer, rows.length, b.dim(), means.get(e.getKey()), v, 1, out);
                    Reservoir r = samples.get(e.getKey());
                    for (int k = 0; k < rows.length; k++) {
                        r.add(b.rowIndex()[rows[k]], out[k]);
                    }
                }
            }

            @Override
            public TreeMap<Integer, Reservoir> finish() {
                return samples;
            }
        };
    }

    @Override
    public TreeMap<Integer, Reservoir> merge(TreeMap<Integer, Reservoir> left, TreeMap<Integer, Reservoir> right) {
        right.forEach((label, r) -> left.merge(label, r, Reservoir::merge));
        return left;
    }
}
