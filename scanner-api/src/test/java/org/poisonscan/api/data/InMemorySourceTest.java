package org.poisonscan.api.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class InMemorySourceTest {
    @Test
    void rowsHeldAsOneArrayEachReadAsTheFlatSource() throws IOException {
        float[][] rows = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
        InMemorySource s = InMemorySource.ofRows(rows, new int[] {0, 1, 0}, new boolean[] {false, true, false}, "r");
        assertEquals(3, s.dimension());
        assertEquals(3, s.rowCount());
        rows[1][0] = -100;
        try (BatchReader r = s.open(10)) {
            Batch b = r.next();
            assertEquals(3, b.rows());
            float[] first = new float[9];
            System.arraycopy(b.features(), 0, first, 0, 9);
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, first, "a copy of the rows");
            assertArrayEquals(new int[] {0, 1, 0}, java.util.Arrays.copyOf(b.labels(), 3));
            assertEquals(true, b.poison()[1]);
        }
    }

    @Test
    void raggedEmptyOrNullRowsAreNamed() {
        assertEquals("r: row 2 has 2 values where row 0 has 3", assertThrows(InvalidInputException.class,
                () -> InMemorySource.ofRows(new float[][] {{1, 2, 3}, {4, 5, 6}, {7, 8}}, new int[3], null, "r"))
                .getMessage());
        assertEquals("r: row 1 has no values (null) where row 0 has 3", assertThrows(InvalidInputException.class,
                () -> InMemorySource.ofRows(new float[][] {{1, 2, 3}, null}, new int[2], null, "r")).getMessage());
        assertEquals("r: has no rows, so there is nothing to scan", assertThrows(InvalidInputException.class,
                () -> InMemorySource.ofRows(new float[0][], new int[0], null, "r")).getMessage());
        assertEquals("r: 2 labels for 3 rows", assertThrows(InvalidInputException.class,
                () -> InMemorySource.ofRows(new float[][] {{1}, {2}, {3}}, new int[2], null, "r")).getMessage());
    }
}
