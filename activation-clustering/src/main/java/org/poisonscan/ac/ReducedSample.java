package org.poisonscan.ac;

import java.util.Map;
import java.util.TreeMap;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.pass.Accumulator;
import org.poisonscan.api.pass.Aggregation;

/**
 * A pass that reduces every selected class's rows and keeps a seeded sample of them per class, chosen by row index
 * ({@link RowSample}); with a capacity of at least the class size it keeps every row, in input order. Serves the ICA
 * sample, the in-memory store of small classes and the k-means seed sample of large ones.
 */
final class ReducedSample implements Aggregation<TreeMap<Integer, RowSample>> {
    private static final long serialVersionUID = 1L;

    /** What to keep of one class. */
    record Plan(Reducer reducer, int capacity, long seed) implements java.io.Serializable {
    }

    private final TreeMap<Integer, Plan> plans;

    ReducedSample(Map<Integer, Plan> plans) {
        this.plans = new TreeMap<>(plans);
    }

    @Override
    public Accumulator<TreeMap<Integer, RowSample>> start(ComputeBackend backend, int dim) {
        TreeMap<Integer, RowSample> samples = new TreeMap<>();
        TreeMap<Integer, Reducer> reducers = new TreeMap<>();
        plans.forEach((label, p) -> {
            samples.put(label, new RowSample(p.capacity(), p.reducer().components(), p.seed()));
            reducers.put(label, p.reducer());
        });
        ReducedPass pass = new ReducedPass(backend, reducers);
        return new Accumulator<>() {
            @Override
            public void add(Batch batch) {
                pass.run(batch, (label, b, positions, original, reduced) -> {
                    RowSample s = samples.get(label);
                    int m = s.width();
                    for (int i = 0; i < positions.length; i++) {
                        s.add(b.rowIndex()[positions[i]], reduced, i * m);
                    }
                });
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
