package org.poisonscan.ac;

import java.io.IOException;
import java.util.Map;
import java.util.function.Predicate;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.BatchReader;
import org.poisonscan.api.stats.ClassRows;

/**
 * One pass over the source that reduces every selected class's rows with the class's current {@link Reducer} (through
 * the backend) and hands them, batch by batch and class by class, to a visitor.
 */
final class ReducedPass {

    /** Receives one class's rows of one batch. */
    interface Visitor {
        /**
         * @param state the class
         * @param batch the batch
         * @param positions the class's row positions in the batch
         * @param original the rows gathered, row-major {@code positions.length * d}
         * @param reduced the rows reduced, row-major {@code positions.length * m}
         */
        void visit(ClassState state, Batch batch, int[] positions, float[] original, float[] reduced);
    }

    private ReducedPass() {
    }

    static void run(ActivationSource source, ComputeBackend backend, int batchRows, Map<Integer, ClassState> states,
            Predicate<ClassState> include, Visitor visitor) throws IOException {
        float[] original = null;
        double[] scratch = new double[0];
        float[] reduced = new float[0];
        try (BatchReader reader = source.open(batchRows)) {
            for (Batch b = reader.next(); b != null; b = reader.next()) {
                for (Map.Entry<Integer, int[]> e : ClassRows.of(b).entrySet()) {
                    ClassState s = states.get(e.getKey());
                    if (s == null || !include.test(s)) {
                        continue;
                    }
                    int[] positions = e.getValue();
                    int size = positions.length * s.m();
                    if (scratch.length < size) {
                        scratch = new double[size];
                        reduced = new float[size];
                    }
                    original = ClassRows.gather(b, positions, null, original);
                    s.reducer.reduce(backend, original, positions.length, scratch, reduced);
                    visitor.visit(s, b, positions, original, reduced);
                }
            }
        }
    }
}
