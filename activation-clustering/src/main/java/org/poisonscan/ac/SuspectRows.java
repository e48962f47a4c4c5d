package org.poisonscan.ac;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.pass.Accumulator;
import org.poisonscan.api.pass.Aggregation;

/**
 * The pass that collects the input row indices of the clusters awaiting exclusionary reclassification: per class and
 * awaited cluster, the indices of the rows nearest that cluster's centre. The indices are sorted when read.
 */
final class SuspectRows implements Aggregation<TreeMap<Integer, TreeMap<Integer, SuspectRows.Indices>>> {
    private static final long serialVersionUID = 1L;

    /** One class: its reduction, centres and the clusters whose rows are wanted. */
    record Plan(Reducer reducer, double[] centres, int[] clusters) implements java.io.Serializable {
    }

    /** A growable list of row indices. */
    static final class Indices implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private long[] values = new long[16];
        private int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, Math.multiplyExact(2, values.length));
            }
            values[size++] = v;
        }

        Indices absorb(Indices o) {
            for (int i = 0; i < o.size; i++) {
                add(o.values[i]);
            }
            return this;
        }

        /** The indices, ascending. */
        long[] sorted() {
            long[] out = Arrays.copyOf(values, size);
            Arrays.sort(out);
            return out;
        }
    }

    private final TreeMap<Integer, Plan> plans;

    SuspectRows(Map<Integer, Plan> plans) {
        this.plans = new TreeMap<>(plans);
    }

    @Override
    public Accumulator<TreeMap<Integer, TreeMap<Integer, Indices>>> start(ComputeBackend backend, int dim) {
        TreeMap<Integer, TreeMap<Integer, Indices>> out = new TreeMap<>();
        TreeMap<Integer, Nearest> nearest = new TreeMap<>();
        TreeMap<Integer, Reducer> reducers = new TreeMap<>();
        plans.forEach((label, p) -> {
            int m = p.reducer().components();
            TreeMap<Integer, Indices> wanted = new TreeMap<>();
            for (int c : p.clusters()) {
                wanted.put(c, new Indices());
            }
            out.put(label, wanted);
            nearest.put(label, new Nearest(backend, p.centres(), p.centres().length / m, m));
            reducers.put(label, p.reducer());
        });
        ReducedPass pass = new ReducedPass(backend, reducers);
        return new Accumulator<>() {
            private int[] clusters = new int[0];

            @Override
            public void add(Batch batch) {
                pass.run(batch, (label, b, positions, original, reduced) -> {
                    if (clusters.length < positions.length) {
                        clusters = new int[positions.length];
                    }
                    nearest.get(label).assign(reduced, positions.length, clusters, null);
                    TreeMap<Integer, Indices> wanted = out.get(label);
                    for (int i = 0; i < positions.length; i++) {
                        Indices list = wanted.get(clusters[i]);
                        if (list != null) {
                            list.add(b.rowIndex()[positions[i]]);
                        }
                    }
                });
            }

            @Override
            public TreeMap<Integer, TreeMap<Integer, Indices>> finish() {
                return out;
            }
        };
    }

    @Override
    public TreeMap<Integer, TreeMap<Integer, Indices>> merge(TreeMap<Integer, TreeMap<Integer, Indices>> left,
            TreeMap<Integer, TreeMap<Integer, Indices>> right) {
        right.forEach((label, byCluster) -> left.merge(label, byCluster, (a, b) -> {
            b.forEach((c, list) -> a.merge(c, list, Indices::absorb));
            return a;
        }));
        return left;
    }
}
