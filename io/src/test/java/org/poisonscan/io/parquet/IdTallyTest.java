package org.poisonscan.io.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;

class IdTallyTest {
    @Test
    void countsNullsAndRepeatsOfEachKindOfId() {
        IdTally longs = new IdTally();
        for (long r = 0; r < 5_000; r++) {
            longs.add(r, r == 4_000 ? null : (Object) (r < 4_990 ? r : r - 4_990));
        }
        assertEquals(new IdTally.Summary(5_000, 1, 4_000, 10), longs.summary());

        IdTally strings = new IdTally();
        strings.add(0, Binary.fromString("a"));
        strings.add(1, Binary.fromString("b"));
        strings.add(2, Binary.fromString("a"));
        strings.add(3, Binary.fromString("ab"));
        assertEquals(new IdTally.Summary(4, 0, -1, 1), strings.summary());

        IdTally doubles = new IdTally();
        doubles.add(0, 1.0);
        doubles.add(1, 2.0);
        doubles.add(2, -0.0);
        doubles.add(3, 0.0);
        assertEquals(new IdTally.Summary(4, 0, -1, 0), doubles.summary());
    }

    @Test
    void warnsOnlyWhenSomethingIsWrong() {
        assertTrue(new IdTally.Summary(10, 0, -1, 0).warning("id").isEmpty());
        assertEquals("id column 'id': 2 of 10 rows repeat an earlier row's id; their flags are in scores.parquet by"
                + " row, but 'split --id' refuses ids that are null or repeated: split by row order (without --id)"
                + " or give each row its own id", new IdTally.Summary(10, 0, -1, 2).warning("id").orElseThrow());
    }
}
