package org.poisonscan.api.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.data.Batch;

class FlaggedCopiesTest {
    @Test
    void countsIdenticalFlaggedRowsPerClass() {
        // Rows of 2 values: class 0 has three flagged copies of (1, 2), a flagged (1, 2.5), an unflagged (1, 2);
        // class 1 has two flagged copies of (0, -0) and (-0, 0), the same activation; class 2 has no copies.
        float[] x = {1, 2, 1, 2, 1, 2, 1, 2.5f, 1, 2, 0, -0f, -0f, 0, 7, 7, 7, 8};
        int[] labels = {0, 0, 0, 0, 0, 1, 1, 2, 2};
        boolean[] flags = {true, true, true, true, false, true, true, true, true};
        FlaggedCopies sink = new FlaggedCopies();
        sink.begin(List.of("d"));
        sink.accept(new Batch(x, 9, 2, labels, new long[9], null), new double[1][9], flags);
        assertEquals(List.of(new FlaggedCopies.Copies(0, 4, 3, 1, 3), new FlaggedCopies.Copies(1, 2, 2, 1, 2)),
                sink.copies());
        sink.begin(List.of("d"));
        assertEquals(List.of(), sink.copies(), "a new scan starts afresh");
    }
}
