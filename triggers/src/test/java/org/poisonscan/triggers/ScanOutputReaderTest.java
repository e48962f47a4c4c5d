package org.poisonscan.triggers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poisonscan.api.data.InvalidInputException;

/** Reading a scan directory: rows in any order, and every malformed file named with its line. */
class ScanOutputReaderTest {
    @TempDir
    Path dir;

    private void write(String scores, String report) throws IOException {
        Files.writeString(dir.resolve("scores.csv"), scores);
        Files.writeString(dir.resolve("report.json"), report);
    }

    private static final String REPORT = "{\"classes\": [{\"label\": 0, \"name\": \"cat\", \"verdict\": \"poisoned\"},"
            + " {\"label\": 1, \"name\": \"dog\", \"verdict\": \"clean\"}]}";

    @Test
    void readsFlagsLabelsNamesAndVerdicts() throws IOException {
        write("row,label,flagged,score_spectral\n2,1,0,0.1\n0,0,1,\n1,0,1,3.5\n", REPORT);
        ScanOutput s = ScanOutputReader.read(dir);
        assertArrayEquals(new int[] {0, 0, 1}, s.labels());
        assertArrayEquals(new boolean[] {true, true, false}, s.flagged());
        assertEquals("cat", s.className(0));
        assertEquals("7", s.className(7));
        assertEquals(Set.of(0), s.poisonedClasses());
        assertEquals(Map.of(0, 2), s.flaggedPerClass());
        assertEquals(List.of(0), Targets.of(s, null, 2));
        assertEquals(List.of(), Targets.of(s, null, 3));
        assertThrows(IllegalArgumentException.class, () -> Targets.of(s, 1, 2));
    }

    @Test
    void namesTheFileLineAndField() throws IOException {
        String[][] cases = {
            {"row,label\n0,0\n", "line 1: expected the header"},
            {"row,label,flagged\n0,0,2\n", "line 2: row 0, label 0, flagged 2"},
            {"row,label,flagged\n0,x,1\n", "line 2: field 'label' is 'x'"},
            {"row,label,flagged\n0,0,1\n0,0,0\n", "line 3: row 0 appears twice"},
            {"row,label,flagged\n5,0,1\n", "line 2: row 5 but the file has only 1 rows"},
        };
        for (String[] c : cases) {
            write(c[0], REPORT);
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> ScanOutputReader.read(dir));
            assertTrue(e.getMessage().contains("scores.csv: " + c[1]), e.getMessage());
        }
        write("row,label,flagged\n0,0,1\n", "{\"rows\": 1}");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ScanOutputReader.read(dir));
        assertTrue(e.getMessage().contains("report.json: no 'classes' array"), e.getMessage());
        write("row,label,flagged\n0,0,1\n", "{not json");
        e = assertThrows(InvalidInputException.class, () -> ScanOutputReader.read(dir));
        assertTrue(e.getMessage().contains("report.json: not valid JSON"), e.getMessage());
        Files.delete(dir.resolve("report.json"));
        e = assertThrows(InvalidInputException.class, () -> ScanOutputReader.read(dir));
        assertTrue(e.getMessage().contains("report.json: missing"), e.getMessage());
    }
}
