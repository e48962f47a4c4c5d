package org.poisonscan.spark;

import java.util.ArrayList;
import java.util.List;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.detect.PortableFittedDetector;
import org.poisonscan.api.pass.Accumulator;
import org.poisonscan.api.pass.Aggregation;
import org.poisonscan.api.scan.Escalation;

/**
 * The pass of a fit that finds where detectors may escalate ({@link Escalation}): every row scored by every fitted
 * detector, the judged groups' scores collected per partition and merged. The single-machine scanner runs the same
 * pass before its final one.
 */
final class EscalationFloors implements Aggregation<Escalation.Collector> {
    private static final long serialVersionUID = 1L;

    private final List<PortableFittedDetector> fitted;

    EscalationFloors(List<PortableFittedDetector> fitted) {
        this.fitted = List.copyOf(fitted);
    }

    @Override
    public Accumulator<Escalation.Collector> start(ComputeBackend backend, int dim) {
        List<PortableFittedDetector> bound = new ArrayList<>();
        for (PortableFittedDetector f : fitted) {
            bound.add(f.bind(backend));
        }
        Escalation.Collector collector = Escalation.collector(bound);
        return new Accumulator<>() {
            private double[][] scores = new double[bound.size()][0];
            private boolean[][] flags = new boolean[bound.size()][0];

            @Override
            public void add(Batch b) {
                int n = b.rows();
                if (scores[0].length < n) {
                    scores = new double[bound.size()][n];
                    flags = new boolean[bound.size()][n];
                }
                for (int d = 0; d < bound.size(); d++) {
                    bound.get(d).score(b, scores[d], flags[d]);
                }
                collector.add(b.labels(), n, scores, flags);
            }

            @Override
            public Escalation.Collector finish() {
                return collector;
            }
        };
    }

    @Override
    public Escalation.Collector merge(Escalation.Collector left, Escalation.Collector right) {
        return left.merge(right);
    }
}
