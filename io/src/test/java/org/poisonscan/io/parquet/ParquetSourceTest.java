package org.poisonscan.io.parquet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.api.data.InvalidInputException;
import org.poisonscan.io.ActivationSources;
import org.poisonscan.io.InputOptions;

class ParquetSourceTest {
    private static final int N = 10;
    private static final int D = 3;

    @TempDir
    Path dir;

    /** The list layouts of Spark, pyarrow/pandas, DuckDB, legacy writers, and a plain repeated field. */
    private static final String[] LAYOUTS = {
        "message m { required int32 label; repeated float activation; }",
        "message m { optional group activation (LIST) { repeated group list { optional float element; } }"
            + " optional int64 label; }",
        "message m { required int32 label; required group activation (LIST) { repeated group list {"
            + " required float element; } } }",
        "message m { optional group activation (LIST) { repeated group bag { optional float array; } }"
            + " required int32 label; }",
        "message m { required group activation (LIST) { repeated float array; } required int32 label; }",
        "message m { required group activation (LIST) { repeated group list { required double element; } }"
            + " required int32 label (INTEGER(8,false)); }",
    };

    private Path layout(int i) throws IOException {
        String schema = LAYOUTS[i];
        return Fixtures.write(dir.resolve("layout" + i + ".parquet"), schema, N, 4, (g, r) -> {
            if (schema.contains("int64 label")) {
                g.add("label", (long) (r % 3));
            } else {
                g.add("label", r % 3);
            }
            if (i == 0) {
                for (int k = 0; k < D; k++) {
                    g.add("activation", Fixtures.value(r, k));
                }
                return;
            }
            var list = g.addGroup("activation");
            for (int k = 0; k < D; k++) {
                if (schema.contains("repeated float array")) {
                    list.add("array", Fixtures.value(r, k));
                } else if (schema.contains("bag")) {
                    list.addGroup("bag").add("array", Fixtures.value(r, k));
                } else if (schema.contains("double element")) {
                    list.addGroup("list").add("element", (double) Fixtures.value(r, k));
                } else {
                    list.addGroup("list").add("element", Fixtures.value(r, k));
                }
            }
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void readsEveryListLayoutAcrossRowGroupsAndBatches(int i) throws IOException {
        ParquetSource s = ParquetSource.open(layout(i), ParquetOptions.defaults());
        assertEquals(N, s.rowCount());
        assertEquals(D, s.dimension());
        assertFalse(s.hasGroundTruth());
        Fixtures.Read read = Fixtures.readAll(s, 3);
        assertEquals(4, read.batches(), "10 rows in batches of 3 across row groups of 4");
        for (int r = 0; r < N; r++) {
            assertEquals(r, read.rows()[r]);
            assertEquals(r % 3, read.labels()[r]);
            for (int k = 0; k < D; k++) {
                assertEquals(Fixtures.value(r, k), read.features()[r * D + k], 0f);
            }
        }
    }

    @Test
    void readsDataPagesV2AndDictionaryEncodedValues() throws IOException {
        int n = 300;
        int d = 40;
        Path file = Fixtures.write(dir.resolve("v2.parquet"), "message m { required int32 label; optional group"
                + " activation (LIST) { repeated group list { optional float element; } } }", n, 128,
                org.apache.parquet.column.ParquetProperties.WriterVersion.PARQUET_2_0, (g, r) -> {
                    g.add("label", r % 2);
                    var list = g.addGroup("activation");
                    for (int k = 0; k < d; k++) {
                        list.addGroup("list").add("element", (float) ((r * 7 + k) % 13));
                    }
                });
        ParquetSource s = ParquetSource.open(file, ParquetOptions.defaults());
        Fixtures.Read read = Fixtures.readAll(s, 50);
        for (int r = 0; r < n; r++) {
            for (int k = 0; k < d; k++) {
                assertEquals((float) ((r * 7 + k) % 13), read.features()[r * d + k], 0f, "row " + r + " k " + k);
            }
        }
    }

    @Test
    void roundTripsOurOwnWriterWithGroundTruthAndIsOpenedByExtension() throws IOException {
        float[] x = new float[40 * 5];
        int[] y = new int[40];
        boolean[] p = new boolean[40];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i);
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 4;
            p[i] = i % 9 == 0;
        }
        Path file = dir.resolve("Own.PARQUET");
        ParquetOptions names = new ParquetOptions("emb", "cls", "sample", "bad");
        ParquetActivationsWriter.write(new InMemorySource(x, 5, y, p, "mem"), file, names,
                CompressionCodecName.ZSTD);
        ActivationSource s = ActivationSources.open(file,
                InputOptions.defaults().withNames("emb", "cls", "bad").withId("sample"));
        Fixtures.Read read = Fixtures.readAll(s, 7);
        assertArrayEquals(x, read.features());
        assertArrayEquals(y, read.labels());
        assertArrayEquals(p, read.poison());
        assertEquals("sample", ((ParquetSource) s).layout().id().name());

        Path poison = dir.resolve("poison.parquet");
        ParquetActivationsWriter.write(new InMemorySource(x, 5, y, p, "mem"), poison,
                ParquetOptions.defaults().withGroundTruthColumn("poison"), CompressionCodecName.UNCOMPRESSED);
        assertTrue(ActivationSources.open(poison, InputOptions.defaults()).hasGroundTruth(), "poison when present");
        assertFalse(ParquetSource.open(poison, ParquetOptions.defaults()).hasGroundTruth(), "the API names columns");
    }

    @Test
    void stringLabelsBecomeSortedClassIdsAndKeepTheirNames() throws IOException {
        String[] names = {"zebra", "cat", "dog"};
        Path file = Fixtures.write(dir.resolve("s.parquet"), "message m { required binary label (STRING);"
                + " required group activation (LIST) { repeated group list { required float element; } } }", N, 4,
                (g, r) -> {
                    g.add("label", names[r % 3]);
                    Fixtures.addList(g, "activation", r, D);
                });
        ParquetSource s = ParquetSource.open(file, ParquetOptions.defaults());
        assertEquals(java.util.List.of("cat", "dog", "zebra"), s.classNames());
        assertEquals(Optional.of("zebra"), s.className(2));
        assertEquals(Optional.empty(), s.className(3));
        int[] labels = Fixtures.readAll(s, 4).labels();
        for (int r = 0; r < N; r++) {
            assertEquals(names[r % 3], s.className(labels[r]).orElseThrow());
        }
    }

    @Test
    void readsOnlyTheProjectedColumns() throws IOException {
        Path file = Fixtures.write(dir.resolve("p.parquet"), "message m { required binary notes (STRING);"
                + " required int32 label; required group activation (LIST) { repeated group list {"
                + " required float element; } } }", N, 4, (g, r) -> {
                    g.add("notes", "some text that the scan never needs ".repeat(4) + r);
                    g.add("label", r % 2);
                    Fixtures.addList(g, "activation", r, D);
                });
        corruptChunk(file, "notes", 1);
        ParquetSource s = ParquetSource.open(file, ParquetOptions.defaults());
        assertEquals(Fixtures.value(9, 2), Fixtures.readAll(s, 100).features()[9 * D + 2], 0f);
        corruptChunk(file, "activation", 1);
        String m = assertThrows(InvalidInputException.class, () -> Fixtures.readAll(s, 100)).getMessage();
        assertTrue(m.contains("p.parquet") && m.contains("row group 1") && m.contains("activation"), m);
    }

    /** Overwrites a column chunk of one row group with garbage. */
    static void corruptChunk(Path file, String column, int rowGroup) throws IOException {
        ColumnChunkMetaData chunk;
        try (ParquetFileReader r = ParquetFiles.open(file)) {
            chunk = r.getRowGroups().get(rowGroup).getColumns().stream()
                    .filter(c -> c.getPath().toDotString().startsWith(column)).findFirst().orElseThrow();
        }
        byte[] junk = new byte[(int) chunk.getTotalSize()];
        Arrays.fill(junk, (byte) 0xB7);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(junk), chunk.getStartingPos());
        }
    }

    private String failure(String schema, java.util.function.BiConsumer<org.apache.parquet.example.data.Group,
            Integer> fill, ParquetOptions options) throws IOException {
        Path file = Fixtures.write(dir.resolve("bad.parquet"), schema, N, 4, fill);
        return assertThrows(InvalidInputException.class,
                () -> Fixtures.readAll(ParquetSource.open(file, options), 4)).getMessage();
    }

    private static final String OPTIONAL_LIST = "message m { required int32 label; optional group activation (LIST)"
            + " { repeated group list { optional float element; } } }";

    @Test
    void refusesNullAndEmptyListsNullElementsAndNonFiniteValuesNamingTheCell() throws IOException {
        String m = failure(OPTIONAL_LIST, (g, r) -> {
            g.add("label", 0);
            if (r != 5) {
                Fixtures.addList(g, "activation", r, D);
            }
        }, ParquetOptions.defaults());
        assertTrue(m.contains("bad.parquet: column 'activation', row group 1, row 5: the activation list is null"), m);

        m = failure(OPTIONAL_LIST, (g, r) -> {
            g.add("label", 0);
            var list = g.addGroup("activation");
            if (r != 9) {
                for (int k = 0; k < D; k++) {
                    list.addGroup("list").add("element", 1f);
                }
            }
        }, ParquetOptions.defaults());
        assertTrue(m.contains("row group 2, row 9: the activation list is empty"), m);

        m = failure(OPTIONAL_LIST, (g, r) -> {
            g.add("label", 0);
            var list = g.addGroup("activation");
            for (int k = 0; k < D; k++) {
                var e = list.addGroup("list");
                if (r != 2 || k != 1) {
                    e.add("element", 1f);
                }
            }
        }, ParquetOptions.defaults());
        assertTrue(m.contains("row group 0, row 2: element 1 of the activation list is null"), m);

        m = failure(OPTIONAL_LIST, (g, r) -> {
            g.add("label", 0);
            var list = g.addGroup("activation");
            for (int k = 0; k < D; k++) {
                list.addGroup("list").add("element", r == 7 && k == 2 ? Float.NaN : 1f);
            }
        }, ParquetOptions.defaults());
        assertTrue(m.contains("row group 1, row 7: element 2 is NaN"), m);
    }

    @Test
    void refusesListsOfDifferingLengths() throws IOException {
        String m = failure(OPTIONAL_LIST, (g, r) -> {
            g.add("label", 0);
            Fixtures.addList(g, "activation", r, r == 6 ? D + 1 : D);
        }, ParquetOptions.defaults());
        assertTrue(m.contains("bad.parquet: column 'activation', row group 1, row 6: the activation list has 4 values"
                + " but the first row has 3"), m);
    }

    @Test
    void refusesMissingColumnsAndWrongTypesNamingFileAndColumn() throws IOException {
        Path file = layout(2);
        String m = assertThrows(InvalidInputException.class,
                () -> ParquetSource.open(file, new ParquetOptions("emb", null, null, null))).getMessage();
        assertTrue(m.contains("layout2.parquet: no activation column 'emb'; the columns are: label, activation"), m);
        m = assertThrows(InvalidInputException.class,
                () -> ParquetSource.open(file, ParquetOptions.defaults().withIdColumn("uid"))).getMessage();
        assertTrue(m.contains("no id column 'uid'"), m);
        m = assertThrows(InvalidInputException.class,
                () -> ParquetSource.open(file, new ParquetOptions("label", "activation", null, null))).getMessage();
        assertTrue(m.contains("layout2.parquet: column 'label' has the wrong type: it holds a single int32 per row"),
                m);

        Path strings = Fixtures.write(dir.resolve("t.parquet"), "message m { required double label;"
                + " required binary activation (STRING); }", 2, 4, (g, r) -> {
                    g.add("label", 1.0);
                    g.add("activation", "[1, 2]");
                });
        m = assertThrows(InvalidInputException.class,
                () -> ParquetSource.open(strings, ParquetOptions.defaults())).getMessage();
        assertTrue(m.contains("t.parquet: column 'activation' has the wrong type"), m);
        m = assertThrows(InvalidInputException.class, () -> ParquetSource.open(strings,
                new ParquetOptions("label", "activation", null, null))).getMessage();
        assertTrue(m.contains("column 'label' has the wrong type"), m);
    }

    @Test
    void refusesOneColumnInTwoDecodedRolesAndLetsTheIdShareOne() throws IOException {
        Path file = Fixtures.write(dir.resolve("roles.parquet"), "message m { required int32 label;"
                + " required int32 poison; required group activation (LIST) { repeated group list {"
                + " required float element; } } }", N, 4, (g, r) -> {
                    g.add("label", r % 2);
                    g.add("poison", r == 3 ? 1 : 0);
                    Fixtures.addList(g, "activation", r, D);
                });
        // The ground truth in the label column failed mid-read with a NullPointerException's text.
        String m = assertThrows(InvalidInputException.class,
                () -> ParquetSource.open(file, new ParquetOptions(null, null, null, "label"))).getMessage();
        assertTrue(m.contains("roles.parquet: the ground-truth column 'label' is the label column"), m);
        assertFalse(m.contains("Exception") || m.contains("Cannot invoke"), m);
        m = assertThrows(InvalidInputException.class,
                () -> ParquetSource.open(file, new ParquetOptions(null, null, null, "activation"))).getMessage();
        assertTrue(m.contains("roles.parquet: the ground-truth column 'activation' is the activation column"), m);
        m = assertThrows(InvalidInputException.class,
                () -> ParquetSource.open(file, new ParquetOptions(null, null, "activation", null))).getMessage();
        assertTrue(m.contains("roles.parquet: the id column 'activation' is the activation column"), m);

        // The id is streamed by its own reader, so it may be the label or the ground-truth column.
        for (String id : new String[] {"label", "poison"}) {
            ParquetSource s = ParquetSource.open(file, new ParquetOptions(null, null, id, "poison"));
            Fixtures.Read read = Fixtures.readAll(s, 3);
            try (IdReader ids = new IdReader(s.parts(), s.layout())) {
                for (int r = 0; r < N; r++) {
                    int expected = id.equals("label") ? read.labels()[r] : read.poison()[r] ? 1 : 0;
                    assertEquals(expected, ids.next(r), id + " row " + r);
                }
            }
        }

        // The default ground truth 'poison' is not taken when the labels are the 'poison' column.
        ActivationSource byPoison = ActivationSources.open(file,
                InputOptions.defaults().withNames(null, "poison", null));
        assertFalse(byPoison.hasGroundTruth());
        assertEquals(1, Fixtures.readAll(byPoison, 4).labels()[3]);
    }

    @Test
    void refusesNullAndNegativeLabels() throws IOException {
        String schema = "message m { optional int64 label; required group activation (LIST) { repeated group list"
                + " { required float element; } } }";
        String m = failure(schema, (g, r) -> {
            if (r != 4) {
                g.add("label", 1L);
            }
            Fixtures.addList(g, "activation", r, D);
        }, ParquetOptions.defaults());
        assertTrue(m.contains("column 'label', row group 1, row 4: the label is null"), m);
        m = failure(schema, (g, r) -> {
            g.add("label", r == 3 ? -2L : 1L);
            Fixtures.addList(g, "activation", r, D);
        }, ParquetOptions.defaults());
        assertTrue(m.contains("row group 0, row 3: label -2 is negative"), m);
    }

    @Test
    void refusesTruncatedFilesAndNonParquetFiles() throws IOException {
        Path file = layout(2);
        byte[] bytes = Files.readAllBytes(file);
        Path cut = Files.write(dir.resolve("cut.parquet"), Arrays.copyOf(bytes, bytes.length - 12));
        String m = assertThrows(InvalidInputException.class,
                () -> ParquetSource.open(cut, ParquetOptions.defaults())).getMessage();
        assertTrue(m.contains("cut.parquet: not a readable Parquet file (footer)"), m);
        Path text = Files.writeString(dir.resolve("text.parquet"), "row,label\n1,2\n");
        m = assertThrows(InvalidInputException.class,
                () -> ParquetSource.open(text, ParquetOptions.defaults())).getMessage();
        assertTrue(m.contains("text.parquet: not a readable Parquet file"), m);
        m = assertThrows(InvalidInputException.class,
                () -> ParquetSource.open(dir.resolve("none.parquet"), ParquetOptions.defaults())).getMessage();
        assertTrue(m.contains("none.parquet: file not found"), m);
    }

    @Test
    void damagedFooterGetsAPlainReasonWithoutJavaNames() throws IOException {
        // 12 bytes cut out of the footer, its length and magic kept: Thrift's error named classes and an object hash.
        byte[] bytes = Files.readAllBytes(layout(1));
        byte[] damaged = new byte[bytes.length - 12];
        System.arraycopy(bytes, 0, damaged, 0, bytes.length - 20);
        System.arraycopy(bytes, bytes.length - 8, damaged, bytes.length - 20, 8);
        Path file = Files.write(dir.resolve("footer.parquet"), damaged);
        String m = assertThrows(InvalidInputException.class,
                () -> ParquetSource.open(file, ParquetOptions.defaults())).getMessage();
        assertTrue(m.startsWith(file + ": not a readable Parquet file (footer): the footer is corrupt or truncated"),
                m);
        assertFalse(m.contains("@") || m.contains("org.apache") || m.contains("Struct"), m);
    }

    @Test
    void refusesADoubleElementThatNarrowingMakesConstant() throws IOException {
        // Element 1 is 1e10 + r / 8: every value rounds to one float32, so its classes would be scanned as constant.
        Path file = Fixtures.write(dir.resolve("wide.parquet"), LAYOUTS[5], N, 4, (g, r) -> {
            g.add("label", r % 3);
            var list = g.addGroup("activation");
            for (int k = 0; k < D; k++) {
                list.addGroup("list").add("element", k == 1 ? 1e10 + r / 8.0 : (double) Fixtures.value(r, k));
            }
        });
        ParquetSource s = ParquetSource.open(file, ParquetOptions.defaults());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Fixtures.readAll(s, 3));
        assertTrue(e.getMessage().contains("wide.parquet") && e.getMessage().contains("element 1 of the lists")
                && e.getMessage().contains("float32"), e.getMessage());
    }
}
