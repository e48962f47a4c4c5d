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
 * A data pass that projects every row of a scanned class, after centring on the class mean, on the class's
 * row-major {@code dims x d} basis through the backend, and offers each projection with its row index to a per-class
 * sample {@code S}. Samples are chosen by row index, so partitioned and single-machine fits keep the same rows.
 *
 * @param <S> the per-class sample
 */
abstract class ClassProjectionPass<S> implements Aggregation<TreeMap<Integer, S>> {
    private static final long serialVersionUID = 1L;

    private final TreeMap<Integer, double[]> means = new TreeMap<>();
    private final TreeMap<Integer, double[]> bases;

    /** @param bases per scanned class, the row-major basis to project on (one or more directions of length d) */
    ClassProjectionPass(Map<Integer, ClassMoments> moments, Map<Integer, double[]> bases) {
        this.bases = new TreeMap<>(bases);
        for (int label : bases.keySet()) {
            means.put(label, moments.get(label).mean());
        }
    }

    /** An empty sample for a class whose rows project to {@code dims} values. */
    abstract S newSample(int label, int dims);

    /** Offers row {@code row}'s projection, {@code dims} values of {@code values} from {@code offset}. */
    abstract void offer(S sample, long row, double[] values, int offset, int dims);

    /** Folds {@code right} into {@code left} and returns the result. */
    abstract S mergeSamples(S left, S right);

    @Override
    public final Accumulator<TreeMap<Integer, S>> start(ComputeBackend backend, int d) {
        TreeMap<Integer, S> samples = new TreeMap<>();
        for (Map.Entry<Integer, double[]> e : bases.entrySet()) {
            samples.put(e.getKey(), newSample(e.getKey(), e.getValue().length / d));
        }
        return new Accumulator<>() {
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
                    if (out.length < rows.length * dims) {
                        out = new double[rows.length * dims];
                    }
                    backend.projectRows(b.features(), d, rows, means.get(e.getKey()), basis, dims, out);
                    S s = samples.get(e.getKey());
                    for (int r = 0; r < rows.length; r++) {
                        offer(s, b.rowIndex()[rows[r]], out, r * dims, dims);
                    }
                }
            }

            @Override
            public TreeMap<Integer, S> finish() {
                return samples;
            }
        };
    }

    @Override
    public final TreeMap<Integer, S> merge(TreeMap<Integer, S> left, TreeMap<Integer, S> right) {
        right.forEach((label, s) -> left.merge(label, s, this::mergeSamples));
        return left;
    }
}
