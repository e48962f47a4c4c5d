package org.poisonscan.api.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.JavaComputeBackend;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.InMemorySource;

/** Passes without some rows see exactly the other rows, with their own indices and values, in both kinds of pass. */
class LeftOutPassesTest {
    private static final int ROWS = 100;
    private static final int DIM = 3;

    /** Row indices and first values of every row seen, in order. */
    private record Seen(ArrayList<Long> rows, ArrayList<Float> firstValues) implements java.io.Serializable {
        static Seen of(Batch b) {
            Seen s = new Seen(new ArrayList<>(), new ArrayList<>());
            for (int i = 0; i < b.rows(); i++) {
                s.rows.add(b.rowIndex()[i]);
                s.firstValues.add(b.features()[b.offset(i)]);
            }
            return s;
        }
    }

    private record Collect() implements Aggregation<Seen> {
        @Override
        public Accumulator<Seen> start(ComputeBackend backend, int dim) {
            Seen all = new Seen(new ArrayList<>(), new ArrayList<>());
            return new Accumulator<>() {
                @Override
                public void add(Batch b) {
                    Seen s = Seen.of(b);
                    all.rows.addAll(s.rows);
                    all.firstValues.addAll(s.firstValues);
                }

                @Override
                public Seen finish() {
                    return all;
                }
            };
        }

        @Override
        public Seen merge(Seen left, Seen right) {
            left.rows.addAll(right.rows);
            left.firstValues.addAll(right.firstValues);
            return left;
        }
    }

    private record Map() implements OrderedPass<Seen> {
        @Override
        public Function<Batch, Seen> start(ComputeBackend backend, int dim) {
            return Seen::of;
        }
    }

    @Test
    void theRowsLeftOutAreNeverSeen() throws IOException {
        float[] x = new float[ROWS * DIM];
        int[] y = new int[ROWS];
        for (int i = 0; i < ROWS; i++) {
            x[i * DIM] = i + 0.5f;
            y[i] = i % 3;
        }
        Passes inner = new SourcePasses(new InMemorySource(x, DIM, y, null, "rows"), 16, new JavaComputeBackend());
        // Unsorted on purpose, and the whole of a batch (rows 32-47) among them: the pass skips it.
        long[] out = {99, 0, 17};
        long[] whole = new long[16];
        for (int i = 0; i < 16; i++) {
            whole[i] = 32 + i;
        }
        long[] rows = java.util.stream.LongStream.concat(java.util.Arrays.stream(out), java.util.Arrays.stream(whole))
                .toArray();
        Passes passes = new LeftOutPasses(inner, rows);
        List<Long> expected = new ArrayList<>();
        for (long i = 0; i < ROWS; i++) {
            if (i != 0 && i != 17 && i != 99 && (i < 32 || i >= 48)) {
                expected.add(i);
            }
        }
        assertEquals(ROWS - 19, passes.rowCount());
        Seen aggregated = passes.aggregate(new Collect());
        assertEquals(expected, aggregated.rows());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i) + 0.5f, aggregated.firstValues().get(i));
        }
        List<Long> ordered = new ArrayList<>();
        passes.inOrder(new Map(), s -> ordered.addAll(s.rows()));
        assertEquals(expected, ordered);
    }
}
