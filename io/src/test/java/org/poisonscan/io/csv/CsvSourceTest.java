package org.poisonscan.io.csv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poisonscan.api.data.BatchReader;
import org.poisonscan.api.data.InvalidInputException;
import org.poisonscan.io.numpy.NpyBytes;

class CsvSourceTest {
    @TempDir
    Path dir;

    private Path csv(String name, String... lines) throws IOException {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    private Path standard() throws IOException {
        return csv("a.csv",
                "id_ignored_by_prefix,f0,f1,label,f2,poison",
                "x,1.5,-2,0,3e2,0",
                "x,0.25,4,1,5,1",
                "x,\"6\",7.75,2,-8,false",
                "",
                "x,9,10,1,11,true",
                "x,12,13,0,14,0");
    }

    private static String fail(CsvSource source) {
        return assertThrows(InvalidInputException.class, () -> NpyBytes.readAll(source, 2)).getMessage();
    }

    private static String failOpen(Path file, CsvOptions options) {
        return assertThrows(InvalidInputException.class, () -> CsvSource.open(file, options)).getMessage();
    }

    @Test
    void classNamesBecomeSortedClassIds() throws IOException {
        CsvSource s = CsvSource.open(csv("names.csv", "f0,label", "1,sneaker", "2,bag", "3,T-shirt", "4,bag",
                "5,sneaker"), CsvOptions.defaults());
        assertEquals(List.of("T-shirt", "bag", "sneaker"), s.classNames());
        for (int batch : new int[] {1, 2, 10}) {
            assertArrayEquals(new int[] {2, 1, 0, 1, 2}, NpyBytes.readAll(s, batch).labels());
        }
        assertEquals("bag", s.className(1).orElseThrow());
        assertTrue(s.className(3).isEmpty());
        CsvSource ids = CsvSource.open(csv("ids.csv", "f0,label", "1,4", "2,0"), CsvOptions.defaults());
        assertTrue(ids.classNames().isEmpty() && ids.className(0).isEmpty());
    }

    @Test
    void readsFeaturesLabelsAndGroundTruthOverSeveralPassesAndBatchSizes() throws IOException {
        CsvSource s = CsvSource.open(standard(), new CsvOptions("label", null, null, "f"));
        assertEquals(5, s.rowCount());
        assertEquals(3, s.dimension());
        assertTrue(s.hasGroundTruth());
        assertEquals(List.of("f0", "f1", "f2"), s.featureColumns());
        for (int batch : new int[] {2, 3, 5, 100}) {
            NpyBytes.Rows rows = NpyBytes.readAll(s, batch);
            assertArrayEquals(new float[] {1.5f, -2f, 300f}, rows.features()[0]);
            assertArrayEquals(new float[] {6f, 7.75f, -8f}, rows.features()[2]);
            assertArrayEquals(new float[] {12f, 13f, 14f}, rows.features()[4]);
            assertArrayEquals(new int[] {0, 1, 2, 1, 0}, rows.labels());
            assertArrayEquals(new boolean[] {false, true, false, true, false}, rows.poison());
            assertArrayEquals(new long[] {0, 1, 2, 3, 4}, rows.rowIndex());
        }
        assertEquals(List.of(2, 2, 1), NpyBytes.readAll(s, 2).batchSizes());
    }

    @Test
    void selectsColumnsByListOrByDefault() throws IOException {
        Path p = csv("b.csv", "\uFEFFa,b,c,cls,truth", "1,2,3,4,1", "5,6,7,8,0");
        CsvSource listed = CsvSource.open(p, new CsvOptions("cls", "truth", List.of("c", "a"), null));
        NpyBytes.Rows rows = NpyBytes.readAll(listed, 10);
        assertArrayEquals(new float[] {3, 1}, rows.features()[0]);
        assertArrayEquals(new int[] {4, 8}, rows.labels());
        assertArrayEquals(new boolean[] {true, false}, rows.poison());
        CsvSource all = CsvSource.open(p, new CsvOptions("cls", null, null, null));
        assertEquals(List.of("a", "b", "c", "truth"), all.featureColumns());
        assertFalse(all.hasGroundTruth());
        assertNull(NpyBytes.readAll(all, 10).poison());
        // An id column (text ids here) is never a feature; a missing one is named.
        Path ids = csv("ids.csv", "uid,a,b,label", "img-1,1,2,0", "img-2,3,4,1");
        CsvSource withIds = CsvSource.open(ids, new CsvOptions("label", null, null, null, "uid"));
        assertEquals(List.of("a", "b"), withIds.featureColumns());
        assertArrayEquals(new float[] {3, 4}, NpyBytes.readAll(withIds, 10).features()[1]);
        assertTrue(failOpen(ids, new CsvOptions("label", null, null, null, "key")).contains("no id column 'key'"));
        CsvSource labelsAsDecimals = CsvSource.open(csv("d.csv", "x,label", "1,3.0", "2,0"), CsvOptions.defaults());
        assertArrayEquals(new int[] {3, 0}, NpyBytes.readAll(labelsAsDecimals, 10).labels());
    }

    @Test
    void namesFileLineColumnAndReasonForEveryBadCell() throws IOException {
        String m = failOpen(csv("missing.csv", "f0,f1,label", "1,2,0", "3,,1"), CsvOptions.defaults());
        assertEquals(m, dir.resolve("missing.csv") + ": line 3, column 'f1': missing value");
        m = failOpen(csv("text.csv", "f0,f1,label", "1,2,0", "3,4,1", "5,abc,0"), CsvOptions.defaults());
        assertTrue(m.contains("text.csv: line 4, column 'f1': 'abc' is not a number"), m);
        m = failOpen(csv("short.csv", "f0,f1,label", "1,2,0", "3,1"), CsvOptions.defaults());
        assertTrue(m.contains("short.csv: line 3: expected 3 fields as in the header, found 2"), m);
        m = failOpen(csv("long.csv", "f0,f1,label", "1,2,0,9"), CsvOptions.defaults());
        assertTrue(m.contains("long.csv: line 2: expected 3 fields as in the header, found 4"), m);
        m = failOpen(csv("nan.csv", "f0,f1,label", "1,2,0", "NaN,2,0"), CsvOptions.defaults());
        assertTrue(m.contains("nan.csv: line 3, column 'f0'") && m.contains("not finite"), m);
        m = failOpen(csv("inf.csv", "f0,f1,label", "1,-inf,0"), CsvOptions.defaults());
        assertTrue(m.contains("line 2, column 'f1'") && m.contains("not finite"), m);
        m = failOpen(csv("huge.csv", "f0,f1,label", "1,1e60,0"), CsvOptions.defaults());
        assertTrue(m.contains("line 2, column 'f1'") && m.contains("float32 range"), m);
        m = failOpen(csv("suffix.csv", "f0,f1,label", "1,2f,0"), CsvOptions.defaults());
        assertTrue(m.contains("'2f' is not a number"), m);
        m = failOpen(csv("hex.csv", "f0,f1,label", "1,0x1p3,0"), CsvOptions.defaults());
        assertTrue(m.contains("hex.csv: line 2, column 'f1': '0x1p3' is not a number"), m);
        m = failOpen(csv("neg.csv", "f0,f1,label", "1,2,-1"), CsvOptions.defaults());
        assertTrue(m.contains("neg.csv: line 2, column 'label'") && m.contains("non-negative"), m);
        m = failOpen(csv("frac.csv", "f0,f1,label", "1,2,1.5"), CsvOptions.defaults());
        assertTrue(m.contains("column 'label'") && m.contains("32-bit int"), m);
        m = failOpen(csv("cat.csv", "f0,f1,label", "1,2,0", "1,2,cat"), CsvOptions.defaults());
        assertTrue(m.contains("cat.csv: line 3, column 'label': 'cat' is not an integer class label (line 2 has the"
                + " integer label '0')"), m);
        m = failOpen(csv("dog.csv", "f0,f1,label", "1,2,dog", "1,2,cat", "1,2,7"), CsvOptions.defaults());
        assertTrue(m.contains("dog.csv: line 4, column 'label': '7' is a number but line 2 has the class name 'dog'")
                && m.contains("all integer class ids or all class names"), m);
        m = failOpen(csv("big.csv", "f0,f1,label", "1,2,3000000000"), CsvOptions.defaults());
        assertTrue(m.contains("32-bit int"), m);
        m = failOpen(csv("gt.csv", "f0,label,poison", "1,2,0", "1,2,yes"), CsvOptions.defaults());
        assertTrue(m.contains("gt.csv: line 3, column 'poison': 'yes' is not 0/1 or true/false"), m);
    }

    @Test
    void aRowIndexColumnIsRefusedAsAFeatureAndASemicolonFileIsNamed() throws IOException {
        for (String name : new String[] {"Unnamed: 0", "index", "id", "ID"}) {
            String m = failOpen(csv("ix.csv", name + ",f0,f1,label", "0,1,2,0", "1,3,4,1"), CsvOptions.defaults());
            assertTrue(m.contains("ix.csv: column '" + name + "' looks like a row index or id, not an activation")
                    && m.contains("--id '" + name + "'"), m);
        }
        // pandas' default to_csv() writes its row index first under an empty name: left out of the features.
        Path pandas = csv("pd.csv", ",f0,f1,label", "0,1,2,0", "1,3,4,1", "2,5,6,0");
        CsvSource fromPandas = CsvSource.open(pandas, CsvOptions.defaults());
        assertEquals(List.of("f0", "f1"), fromPandas.featureColumns());
        NpyBytes.Rows rows = NpyBytes.readAll(fromPandas, 10);
        assertArrayEquals(new float[] {3f, 4f}, rows.features()[1]);
        assertArrayEquals(new int[] {0, 1, 0}, rows.labels());
        String blank = failOpen(csv("blank.csv", "f0,,label", "1,2,0"), CsvOptions.defaults());
        assertTrue(blank.contains("blank.csv: header column 2 has no name (only the first column may be unnamed"),
                blank);
        // Named as the id, or left out by a feature prefix or list, it is no feature.
        Path ix = csv("ix2.csv", "index,f0,f1,label", "0,1,2,0", "1,3,4,1");
        assertEquals(2, CsvSource.open(ix, new CsvOptions("label", null, null, null, "index")).dimension());
        assertEquals(2, CsvSource.open(ix, new CsvOptions("label", null, null, "f")).dimension());

        String m = failOpen(csv("semi.csv", "f0;f1;label", "1;2;0"), CsvOptions.defaults());
        assertTrue(m.contains("no label column 'label'") && m.contains("the file looks semicolon-separated, and only"
                + " comma-separated values are read"), m);
        m = failOpen(csv("tab.csv", "f0\tf1\tlabel", "1\t2\t0"), CsvOptions.defaults());
        assertTrue(m.contains("the file looks tab-separated"), m);
    }

    @Test
    void countsLinesOfQuotedMultiLineRecords() throws IOException {
        Path p = csv("q.csv", "note,f0,label", "\"two\nlines\",1,0", "ok,,1");
        String m = failOpen(p, new CsvOptions("label", null, List.of("f0"), null));
        assertTrue(m.contains("line 4, column 'f0': missing value"), m);
    }

    @Test
    void refusesBadHeadersAndFiles() throws IOException {
        assertTrue(failOpen(csv("nolabel.csv", "a,b", "1,2"), CsvOptions.defaults())
                .contains("nolabel.csv: no label column 'label' in the header (a, b)"));
        assertTrue(failOpen(csv("dup.csv", "a,a,label", "1,2,0"), CsvOptions.defaults()).contains("twice"));
        assertTrue(failOpen(csv("nogt.csv", "a,label", "1,0"), new CsvOptions("label", "gt", null, null))
                .contains("no ground-truth column 'gt'"));
        assertTrue(failOpen(csv("nof.csv", "a,label", "1,0"), new CsvOptions("label", null, null, "z"))
                .contains("no feature columns start with 'z'"));
        assertTrue(failOpen(csv("onlylabel.csv", "label", "1"), CsvOptions.defaults()).contains("no feature columns"));
        assertTrue(failOpen(csv("nolist.csv", "a,label", "1,0"), new CsvOptions("label", null, List.of("b"), null))
                .contains("no feature column 'b'"));
        Path empty = Files.write(dir.resolve("empty.csv"), new byte[0]);
        assertTrue(failOpen(empty, CsvOptions.defaults()).contains("empty.csv: file is empty"));
        assertTrue(failOpen(dir.resolve("absent.csv"), CsvOptions.defaults()).contains("file not found"));
        String quote = failOpen(csv("quote.csv", "a,label", "\"1,0", "2,0"), CsvOptions.defaults());
        assertTrue(quote.contains("quote.csv: malformed CSV near line 4: in the record starting on line 2: ")
                && quote.endsWith("(a quote that is never closed)") && !quote.contains("Exception"), quote);
        Path utf16 = Files.write(dir.resolve("utf16.csv"), "a,label\n1,0\n".getBytes(StandardCharsets.UTF_16));
        String encoding = failOpen(utf16, CsvOptions.defaults());
        assertTrue(encoding.contains("utf16.csv: malformed CSV") && encoding.endsWith("the file is not UTF-8 text"),
                encoding);
        assertThrows(IllegalArgumentException.class, () -> new CsvOptions("label", null, List.of("a"), "a"));
    }

    @Test
    void aHeaderOnlyFileHasNoRows() throws IOException {
        CsvSource s = CsvSource.open(csv("h.csv", "a,label"), CsvOptions.defaults());
        assertEquals(0, s.rowCount());
        try (BatchReader r = s.open(4)) {
            assertNull(r.next());
        }
    }

    @Test
    void noticesAFileThatChangedBetweenPasses() throws IOException {
        Path p = csv("c.csv", "a,label", "1,0", "2,1", "3,0");
        CsvSource s = CsvSource.open(p, CsvOptions.defaults());
        csv("c.csv", "a,label", "1,0", "2,1");
        assertTrue(fail(s).contains("no longer has the 3 rows"));
        csv("c.csv", "a,label", "1,0", "2,1", "3,0", "4,0");
        assertTrue(fail(s).contains("no longer has the 3 rows"));
        csv("c.csv", "a,label", "1,0", "2,1", "x,0");
        assertTrue(fail(s).contains("line 4, column 'a'"));
    }

    @Test
    void refusesAColumnThatVariesOnlyBeyondFloat32Precision() throws IOException {
        // 1e10 + small noise: every value rounds to one float32, so the class would be scanned as constant.
        String m = failOpen(csv("offset.csv", "f0,f1,label", "10000000000.25,1,0", "10000000000.5,2,0",
                "10000000000.75,3,1", "10000000001,4,1"), CsvOptions.defaults());
        assertTrue(m.contains("offset.csv") && m.contains("column 'f0'") && m.contains("float32"), m);
        // Values far apart in float32 terms are read as before.
        CsvSource fine = CsvSource.open(csv("fine.csv", "f0,label", "1e-30,0", "2e-30,1"), CsvOptions.defaults());
        assertEquals(2, fine.rowCount());
    }
}
