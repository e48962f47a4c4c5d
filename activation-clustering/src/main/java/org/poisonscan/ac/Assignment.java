package org.poisonscan.ac;

import java.util.Map;
import java.util.TreeMap;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.pass.Accumulator;
import org.poisonscan.api.pass.Aggregation;

/**
 * The assignment pass: every row of the selected classes reduced and assigned to its nearest final centre, counting
 * the clusters' sizes and, for {@link Analyzer#DISTANCE}, keeping a seeded sample of each cluster's original rows.
 */
final class Assignment implements Aggregation<TreeMap<Integer, Assignment.Counts>> {
    private static final long serialVersionUID = 1L;

    /** One class's assignment: its reduction and centres, and the seeds of its per-cluster samples (or none). */
    record Plan(Reducer reducer, double[] centres, long[] originalSeeds) implements java.io.Serializable {
    }

    /** One class's cluster sizes and, when asked, per-cluster samples of original rows. */
    static final class Counts implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final long[] sizes;
        final RowSample[] originals;

        Counts(long[] sizes, RowSample[] originals) {
            this.sizes = sizes;
            this.originals = originals;
        }

        Counts absorb(Counts o) {
            for (int c = 0; c < sizes.length; c++) {
                sizes[c] += o.sizes[c];
                if (originals != null) {
                    originals[c].mergeFrom(o.originals[c]);
                }
            }
            return this;
        }
    }

    private final TreeMap<Integer, Plan> plans;
    private final int medianRows;

    /**
     * @param medianRows capacity of each per-cluster sample of original rows
     */
    Assignment(Map<Integer, Plan> plans, int medianRows) {
        this.plans = new TreeMap<>(plans);
        this.medianRows = medianRows;
    }

    @Override
    public Accumulator<TreeMap<Integer, Counts>> start(ComputeBackend backend, int d) {
        TreeMap<Integer, Counts> counts = new TreeMap<>();
        TreeMap<Integer, Nearest> nearest = new TreeMap<>();
        TreeMap<Integer, Reducer> reducers = new TreeMap<>();
        plans.forEach((label, p) -> {
            int m = p.reducer().components();
            int k = p.centres().length / m;
            RowSample[] originals = null;
            if (p.originalSeeds() != null) {
                originals = new RowSample[k];
                for (int c = 0; c < k; c++) {
                    originals[c] = new RowSample(medianRows, d, p.originalSeeds()[c]);
                }
            }
            counts.put(label, new Counts(new long[k], originals));
            nearest.put(label, new Nearest(backend, p.centres(), k, m));
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
                    Counts c = counts.get(label);
                    for (int i = 0; i < positions.length; i++) {
                        c.sizes[clusters[i]]++;
                        if (c.originals != null) {
                            c.originals[clusters[i]].add(b.rowIndex()[positions[i]], original, i * d);
                        }
                    }
                });
            }

            @Override
            public TreeMap<Integer, Counts> finish() {
                return counts;
            }
        };
    }

    @Override
    public TreeMap<Integer, Counts> merge(TreeMap<Integer, Counts> left, TreeMap<Integer, Counts> right) {
        right.forEach((label, c) -> left.merge(label, c, Counts::absorb));
        return left;
    }
}
