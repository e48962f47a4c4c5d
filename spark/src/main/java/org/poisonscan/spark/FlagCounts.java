package org.poisonscan.spark;

import java.util.ArrayList;
import java.util.List;
import org.poisonscan.api.scan.CombinationRule;
import org.poisonscan.api.scan.Escalation;
import java.util.TreeMap;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.detect.PortableFittedDetector;
import org.poisonscan.api.pass.Accumulator;
import org.poisonscan.api.pass.Aggregation;

/**
 * The scoring pass of a fit, for its report: every row scored by every fitted detector, flagged by the combination
 * rule ({@link CombinationRule}), counted per class. The single-machine scanner counts the
 * same in its final pass.
 */
final class FlagCounts implements Aggregation<TreeMap<Integer, Long>> {
    private static final long serialVersionUID = 1L;

    private final List<PortableFittedDetector> fitted;
    private final Escalation escalation;

    FlagCounts(List<PortableFittedDetector> fitted, Escalation escalation) {
        this.fitted = List.copyOf(fitted);
        this.escalation = escalation;
    }

    @Override
    public Accumulator<TreeMap<Integer, Long>> start(ComputeBackend backend, int dim) {
        List<PortableFittedDetector> bound = new ArrayList<>();
        for (PortableFittedDetector f : fitted) {
            bound.add(f.bind(backend));
        }
        TreeMap<Integer, Long> counts = new TreeMap<>();
        return new Accumulator<>() {
            private double[][] scores = new double[bound.size()][0];
            private boolean[][] flags = new boolean[bound.size()][0];
            private boolean[] any = new boolean[0];

            @Override
            public void add(Batch b) {
                int n = b.rows();
                if (any.length < n) {
                    scores = new double[bound.size()][n];
                    flags = new boolean[bound.size()][n];
                    any = new boolean[n];
                }
                for (int d = 0; d < bound.size(); d++) {
                    bound.get(d).score(b, scores[d], flags[d]);
                }
                CombinationRule.combine(b.labels(), n, bound, scores, flags, escalation, any);
                for (int r = 0; r < n; r++) {
                    counts.merge(b.labels()[r], any[r] ? 1L : 0L, Long::sum);
                }
            }

            @Override
            public TreeMap<Integer, Long> finish() {
                return counts;
            }
        };
    }

    @Override
    public TreeMap<Integer, Long> merge(TreeMap<Integer, Long> left, TreeMap<Integer, Long> right) {
        right.forEach((label, n) -> left.merge(label, n, Long::sum));
        return left;
    }
}
