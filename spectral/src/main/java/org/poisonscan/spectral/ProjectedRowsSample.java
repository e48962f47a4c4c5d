package org.poisonscan.spectral;

import java.util.Map;
import java.util.TreeMap;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.pass.Accumulator;
import org.poisonscan.api.pass.Aggregation;
import org.poisonscan.api.stats.ClassMoments;
import org.poisonscan.api.stats.ClassRows;

/**
 * SPECTRE's second pass: every row of a scanned class projected, after centring, on the class's top K principal
 * directions, and kept in a seeded per-class sample of at most {@code sampleCapacity} rows ({@link RowSample}, chosen
 * by row index, so a partitioned fit keeps the same rows in the same order).
 */
final class ProjectedRowsSample implements Aggregation<TreeMap<Integer, RowSample>> {
    private static final long serialVersionUID = 1L;

    private final int capacity;
    private final long seed;
    private final TreeMap<Integer, double[]> means = new TreeMap<>();
    private final TreeMap<Integer, double[]> bases;

    /**
     * @param bases per scanned class, row-major {@code K x d} principal directions
     */
    ProjectedRowsSample(SpectreConfig config, Map<Integer, ClassMoments> moments, Map<Integer, double[]> bases) {
        this.capacity = config.sampleCapacity();
        this.seed = config.seed();
        this.bases = new TreeMap<>(bases);
        for (int label : bases.keySet()) {
            means.put(label, moments.get(label).mean());
        }
    }

    @Override
    public Accumulator<TreeMap<Integer, RowSample>> start(ComputeBackend backend, int d) {
        TreeMap<Integer, RowSample> samples = new TreeMap<>();
        for (Map.Entry<Integer, double[]> e : bases.entrySet()) {
            samples.put(e.getKey(), new RowSample(e.getValue().length / d, capacity, seed * 31 + e.getKey()));
        }
        return new Accumulator<>() {
            private float[] buffer;
            private double[] out = new double[0];

            @Override
            public void add(Batch b) {
                for (Map.Entry<Integer, int[]> e : ClassRows.of(b).entrySet()) {
                    double[] basis = bases.get(e.getKey());
                    if (basis == null) {
                        continue;
                    }
                    int[] rows = e.getValue();
                    int dims = basis.length / d;
                    buffer = ClassRows.gather(b, rows, null, buffer);
                    if (out.length < rows.length * dims) {
                        out = new double[rows.length * dims];
                    }
                    backend.project(buffer, rows.length, d, means.get(e.getKey()), basis, dims, out);
                    RowSample s = samples.get(e.getKey());
                    for (int r = 0; r < rows.length; r++) {
                        s.add(b.rowIndex()[rows[r]], out, r * dims);
                    }
                }
            }

            @Override
            public TreeMap<Integer, RowSample> finish() {
                return samples;
            }
        };
    }

    @Override
    public TreeMap<Integer, RowSample> merge(TreeMap<Integer, RowSample> left, TreeMap<Integer, RowSample> right) {
        right.forEach((label, s) -> left.merge(label, s, (a, b) -> {
            a.mergeFrom(b);
            return a;
        }));
        return left;
    }
}
