package org.poisonscan.io.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poisonscan.api.data.InvalidInputException;
import org.poisonscan.io.report.ScoresCsvWriter;

/** A directory of part files, as Spark and pyarrow write a data set, read as one data set in part-name order. */
class PartsDirectoryTest {
    private static final int D = 3;
    private static final String SCHEMA = "message spark_schema { required int64 uid; required binary label (STRING);"
            + " optional group activation (LIST) { repeated group list { required float element; } } }";
    /** Rows per part, in name order; the empty part is skipped as a reader of the directory skips it. */
    private static final int[] PART_ROWS = {7, 0, 20, 5};

    @TempDir
    Path dir;

    /** Writes the parts (named so that name order differs from creation order) and Spark's marker files. */
    private Path dataSet() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        int first = 0;
        for (int p = PART_ROWS.length - 1; p >= 0; p--) {
            first = 0;
            for (int q = 0; q < p; q++) {
                first += PART_ROWS[q];
            }
            int start = first;
            Fixtures.write(data.resolve(String.format("part-%05d-abc.snappy.parquet", p)), SCHEMA, PART_ROWS[p], 4,
                    (g, r) -> fill(g, start + r));
        }
        Files.writeString(data.resolve("_SUCCESS"), "");
        Files.writeString(data.resolve(".part-00000-abc.snappy.parquet.crc"), "not parquet");
        return data;
    }

    /** Row {@code r} of the data set: its id, a class name that first appears in the third part, its activations. */
    private static void fill(Group g, int r) {
        g.add("uid", 100L + r);
        g.add("label", r < 7 ? (r % 2 == 0 ? "cat" : "dog") : (r % 3 == 0 ? "ant" : "cat"));
        Fixtures.addList(g, "activation", r, D);
    }

    private static int total() {
        int n = 0;
        for (int r : PART_ROWS) {
            n += r;
        }
        return n;
    }

    @Test
    void readsThePartsInNameOrderAsOneDataSet() throws IOException {
        Path data = dataSet();
        ParquetSource source = ParquetSource.open(data, ParquetOptions.defaults());
        assertEquals(total(), source.rowCount());
        assertEquals(4, source.parts().files().size());
        assertEquals(D, source.dimension());
        // "ant" appears only in the third part, yet numbers the classes as in one file: sorted names.
        assertEquals(List.of("ant", "cat", "dog"), source.classNames());
        for (int batch : new int[] {1, 5, 64}) {
            Fixtures.Read read = Fixtures.readAll(source, batch);
            for (int r = 0; r < total(); r++) {
                assertEquals(r, read.rows()[r]);
                String name = r < 7 ? (r % 2 == 0 ? "cat" : "dog") : (r % 3 == 0 ? "ant" : "cat");
                assertEquals(name, source.className(read.labels()[r]).orElseThrow(), "row " + r);
                for (int k = 0; k < D; k++) {
                    assertEquals(Fixtures.value(r, k), read.features()[r * D + k], "row " + r);
                }
            }
        }
    }

    @Test
    void scoresCarryTheIdsOfEveryPartAndSplitWritesOneFileEach() throws IOException {
        Path data = dataSet();
        ParquetSource source = ParquetSource.open(data, ParquetOptions.defaults().withIdColumn("uid"));
        Path scan = Files.createDirectories(dir.resolve("scan"));
        try (ScoresParquetWriter p = ScoresParquetWriter.forSource(scan.resolve("scores.parquet"), source);
                ScoresCsvWriter c = new ScoresCsvWriter(scan.resolve("scores.csv"))) {
            FakeScan.run(source, p, c);
        }
        List<Group> scores = records(scan.resolve("scores.parquet"));
        assertEquals(total(), scores.size());
        for (int r = 0; r < total(); r++) {
            assertEquals(100L + r, scores.get(r).getLong("id", 0));
        }
        // By row index, then by id: every row lands once, in data-set order.
        for (String id : new String[] {null, "uid"}) {
            Path clean = dir.resolve("clean-" + id + ".parquet");
            Path quarantine = dir.resolve("quarantine-" + id + ".parquet");
            SplitResult r = ParquetSplitter.split(data, ScoreFlagsReader.read(scan.resolve("scores.parquet")), id,
                    clean, quarantine);
            assertEquals(total(), r.rows());
            List<Long> cleanIds = ids(clean);
            List<Long> quarantineIds = ids(quarantine);
            List<Long> expectedClean = new ArrayList<>();
            List<Long> expectedQuarantine = new ArrayList<>();
            for (int row = 0; row < total(); row++) {
                (FakeScan.flagged(row) ? expectedQuarantine : expectedClean).add(100L + row);
            }
            assertEquals(expectedClean, cleanIds);
            assertEquals(expectedQuarantine, quarantineIds);
            assertEquals(source.parts().schema(), schema(clean));
        }
    }

    @Test
    void anIdThatCannotBeJoinedIsNamedByItsPartAndItsRowThere() throws IOException {
        Path data = dataSet();
        ParquetSource source = ParquetSource.open(data, ParquetOptions.defaults().withIdColumn("uid"));
        Path scan = Files.createDirectories(dir.resolve("scan"));
        try (ScoresParquetWriter p = ScoresParquetWriter.forSource(scan.resolve("scores.parquet"), source)) {
            FakeScan.run(source, p);
        }
        Path raw = Files.createDirectories(dir.resolve("raw"));
        Fixtures.write(raw.resolve("a.parquet"), SCHEMA, 10, 4, PartsDirectoryTest::fill);
        // b.parquet has one unknown id at its row 6 (row group 1, as row groups hold 4 rows).
        Path second = Fixtures.write(raw.resolve("b.parquet"), SCHEMA, 10, 4, (g, r) -> {
            g.add("uid", r == 6 ? 999L : 110L + r);
            g.add("label", "cat");
            Fixtures.addList(g, "activation", r, D);
        });
        String m = assertThrows(InvalidInputException.class, () -> ParquetSplitter.split(raw,
                ScoreFlagsReader.read(scan.resolve("scores.parquet")), "uid", dir.resolve("c.parquet"),
                dir.resolve("q.parquet"))).getMessage();
        assertTrue(m.startsWith(second + ": column 'uid', row group 1, row 6: id 999 is not in"), m);
        assertFalse(Files.exists(dir.resolve("c.parquet")) || Files.exists(dir.resolve("q.parquet")));
    }

    @Test
    void aPartOfAnotherSchemaIsNamed() throws IOException {
        Path data = dataSet();
        Path odd = Fixtures.write(data.resolve("part-00009-xyz.parquet"), "message spark_schema { required int64 uid;"
                + " required int32 label; optional group activation (LIST) { repeated group list { required float"
                + " element; } } }", 2, 4, (g, r) -> {
                    g.add("uid", 1L);
                    g.add("label", 1);
                    Fixtures.addList(g, "activation", r, D);
                });
        String m = assertThrows(InvalidInputException.class,
                () -> ParquetSource.open(data, ParquetOptions.defaults())).getMessage();
        assertTrue(m.startsWith(odd + ": its schema differs from that of " + data.resolve(
                "part-00000-abc.snappy.parquet")), m);
        assertTrue(m.contains("required int32 label"), m);
    }

    @Test
    void emptyAndPartitionedDirectoriesAreRefusedWithTheReason() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("_SUCCESS"), "");
        String m = assertThrows(InvalidInputException.class,
                () -> ParquetSource.open(empty, ParquetOptions.defaults())).getMessage();
        assertEquals(empty + ": is a directory with no .parquet files (names starting with _ or . are skipped)", m);
        Path partitioned = Files.createDirectories(dir.resolve("partitioned").resolve("label=3"));
        Fixtures.write(partitioned.resolve("part-0.parquet"), SCHEMA, 2, 4, PartsDirectoryTest::fill);
        m = assertThrows(InvalidInputException.class,
                () -> ParquetSource.open(partitioned.getParent(), ParquetOptions.defaults())).getMessage();
        assertTrue(m.startsWith(partitioned.getParent() + ": holds subdirectories (label=3); partitioned data sets"
                + " are not read"), m);
        Path noRows = Files.createDirectories(dir.resolve("no-rows"));
        Fixtures.write(noRows.resolve("part-0.parquet"), SCHEMA, 0, 4, PartsDirectoryTest::fill);
        m = assertThrows(InvalidInputException.class,
                () -> ParquetSource.open(noRows, ParquetOptions.defaults())).getMessage();
        assertEquals(noRows + ": its parts have no rows", m);
    }

    @Test
    void aBadValueIsNamedByItsPartAndItsRowThere() throws IOException {
        Path data = Files.createDirectories(dir.resolve("bad"));
        Fixtures.write(data.resolve("part-0.parquet"), SCHEMA, 5, 4, PartsDirectoryTest::fill);
        Path second = Fixtures.write(data.resolve("part-1.parquet"), SCHEMA, 5, 4, (g, r) -> {
            g.add("uid", 1L);
            g.add("label", "cat");
            Group list = g.addGroup("activation");
            for (int k = 0; k < (r == 3 ? D + 1 : D); k++) {
                list.addGroup("list").add("element", 1f);
            }
        });
        ParquetSource source = ParquetSource.open(data, ParquetOptions.defaults());
        String m = assertThrows(InvalidInputException.class, () -> Fixtures.readAll(source, 64)).getMessage();
        assertTrue(m.startsWith(second.toString()) && m.contains("row 3") && m.contains("4 values but the first row"
                + " has 3"), m);
    }

    @Test
    void outputsInsideTheInputDirectoryAreRefused() throws IOException {
        Path data = dataSet();
        ParquetSource source = ParquetSource.open(data, ParquetOptions.defaults());
        Path scan = Files.createDirectories(dir.resolve("scan"));
        try (ScoresCsvWriter c = new ScoresCsvWriter(scan.resolve("scores.csv"))) {
            FakeScan.run(source, c);
        }
        ScoreFlags flags = ScoreFlagsReader.read(scan.resolve("scores.csv"));
        Path inside = data.resolve("clean.parquet");
        String m = assertThrows(IllegalArgumentException.class,
                () -> ParquetSplitter.split(data, flags, null, inside, dir.resolve("q.parquet"))).getMessage();
        assertTrue(m.startsWith(inside + ": is inside the input directory"), m);
        assertFalse(Files.exists(inside));
    }

    private static List<Long> ids(Path file) throws IOException {
        List<Long> out = new ArrayList<>();
        for (Group g : records(file)) {
            out.add(g.getLong("uid", 0));
        }
        return out;
    }

    private static MessageType schema(Path file) throws IOException {
        try (ParquetFileReader r = ParquetFiles.open(file)) {
            return r.getFooter().getFileMetaData().getSchema();
        }
    }

    private static List<Group> records(Path file) throws IOException {
        List<Group> out = new ArrayList<>();
        try (ParquetFileReader r = ParquetFiles.open(file)) {
            MessageType schema = r.getFooter().getFileMetaData().getSchema();
            var pages = r.readNextRowGroup();
            while (pages != null) {
                RecordReader<Group> rr = new ColumnIOFactory().getColumnIO(schema)
                        .getRecordReader(pages, new GroupRecordConverter(schema));
                for (long i = 0; i < pages.getRowCount(); i++) {
                    out.add(rr.read());
                }
                pages = r.readNextRowGroup();
            }
        }
        return out;
    }
}
