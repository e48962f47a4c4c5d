package org.poisonscan.ac;

import java.util.Map;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.stats.ClassRows;

/**
 * Reduces, batch by batch, the rows of every class that has a {@link Reducer} (through the backend) and hands them
 * class by class to a visitor. The working part of every fit pass after the moments; one per accumulator (it reuses
 * buffers, so it is confined to one thread).
 */
final class ReducedPass {

    /** Receives one class's rows of one batch. */
    interface Visitor {
        /**
         * @param label the class
         * @param batch the batch
         * @param positions the class's row positions in the batch
         * @param original the rows gathered, row-major {@code positions.length * d}
         * @param reduced the rows reduced, row-major {@code positions.length * m}
         */
        void visit(int label, Batch batch, int[] positions, float[] original, float[] reduced);
    }

    private final ComputeBackend backend;
    private final Map<Integer, Reducer> reducers;
    private float[] original;
    private double[] scratch = new double[0];
    private float[] reduced = new float[0];

    /**
     * @param reducers the classes to reduce and their reductions
     */
    ReducedPass(ComputeBackend backend, Map<Integer, Reducer> reducers) {
        this.backend = backend;
        this.reducers = reducers;
    }

    /** Reduces the batch's rows of every class with a reducer and visits them. */
    void run(Batch b, Visitor visitor) {
        for (Map.Entry<Integer, int[]> e : ClassRows.of(b).entrySet()) {
            Reducer r = reducers.get(e.getKey());
            if (r == null) {
                continue;
            }
            int[] positions = e.getValue();
            int size = positions.length * r.components();
            if (scratch.length < size) {
                scratch = new double[size];
                reduced = new float[size];
            }
            original = ClassRows.gather(b, positions, original);
            r.reduce(backend, original, positions.length, scratch, reduced);
            visitor.visit(e.getKey(), b, positions, original, reduced);
        }
    }
}
