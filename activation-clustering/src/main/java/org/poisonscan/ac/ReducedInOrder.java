package org.poisonscan.ac;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.pass.OrderedPass;

/**
 * The mini-batch k-means pass: the rows of the streaming classes reduced where they are (d values become m, at most
 * 10), then handed in input order to the per-class {@link MiniBatchKMeans}, whose updates depend on the order.
 * Per batch the result is, per class, its reduced rows row-major in batch order.
 */
final class ReducedInOrder implements OrderedPass<TreeMap<Integer, float[]>> {
    private static final long serialVersionUID = 1L;

    private final TreeMap<Integer, Reducer> reducers;

    ReducedInOrder(Map<Integer, Reducer> reducers) {
        this.reducers = new TreeMap<>(reducers);
    }

    @Override
    public Function<Batch, TreeMap<Integer, float[]>> start(ComputeBackend backend, int dim) {
        ReducedPass pass = new ReducedPass(backend, reducers);
        return batch -> {
            TreeMap<Integer, float[]> out = new TreeMap<>();
            pass.run(batch, (label, b, positions, original, reduced) -> out.put(label,
                    java.util.Arrays.copyOf(reduced, positions.length * reducers.get(label).components())));
            return out;
        };
    }
}
