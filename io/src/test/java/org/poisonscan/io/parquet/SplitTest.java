package org.poisonscan.io.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.api.data.InvalidInputException;
import org.poisonscan.io.report.ScoresCsvWriter;

class SplitTest {
    private static final int N = 50;
    private static final String RAW_SCHEMA = "message raw { required binary caption (STRING); optional int32 uid;"
            + " optional group tags (LIST) { repeated group list { optional binary element (STRING); } }"
            + " optional group meta { required double weight; optional group pixels (LIST) { repeated group list {"
            + " required int32 element (INTEGER(8,false)); } } }"
            + " optional group attrs (MAP) { repeated group key_value { required binary key (STRING);"
            + " optional int64 value; } } optional fixed_len_byte_array(4) code; optional int64 taken"
            + " (TIMESTAMP(MICROS,true)); }";

    @TempDir
    Path dir;
    Path acts;
    Path scores;

    @BeforeEach
    void scan() throws IOException {
        float[] x = new float[N * 4];
        int[] y = new int[N];
        for (int i = 0; i < x.length; i++) {
            x[i] = i * 0.125f;
        }
        for (int i = 0; i < N; i++) {
            y[i] = i % 3;
        }
        acts = dir.resolve("acts.parquet");
        ParquetActivationsWriter.write(new InMemorySource(x, 4, y, null, "mem"), acts,
                ParquetOptions.defaults().withIdColumn("uid"), CompressionCodecName.SNAPPY);
        ParquetSource source = ParquetSource.open(acts, ParquetOptions.defaults().withIdColumn("uid"));
        Path out = Files.createDirectories(dir.resolve("scan"));
        scores = out.resolve("scores.parquet");
        try (ScoresParquetWriter p = ScoresParquetWriter.forSource(scores, source);
                ScoresCsvWriter c = new ScoresCsvWriter(out.resolve("scores.csv"))) {
            FakeScan.run(source, p, c);
        }
    }

    @Test
    void scoresParquetHoldsRowIdLabelFlagAndScoreWithTheInputsIdType() throws IOException {
        List<Group> rows = records(scores);
        assertEquals(N, rows.size());
        MessageType schema = schema(scores);
        assertEquals("int64", schema.getType("id").asPrimitiveType().getPrimitiveTypeName().name().toLowerCase());
        for (int i = 0; i < N; i++) {
            Group g = rows.get(i);
            assertEquals(i, g.getLong("row", 0));
            assertEquals(i, g.getLong("id", 0));
            assertEquals(i % 3, g.getInteger("label", 0));
            assertEquals(FakeScan.flagged(i), g.getBoolean("flagged", 0));
            assertEquals(i * 4 * 0.125, g.getDouble("score_fake", 0), 0);
        }
        ScoreFlags fromParquet = ScoreFlagsReader.read(ScoreFlags.find(dir.resolve("scan")));
        ScoreFlags fromCsv = ScoreFlagsReader.read(dir.resolve("scan").resolve("scores.csv"));
        assertTrue(fromParquet.hasIds());
        assertFalse(fromCsv.hasIds());
        for (int i = 0; i < N; i++) {
            assertEquals(FakeScan.flagged(i), fromParquet.flagged(i));
            assertEquals(FakeScan.flagged(i), fromCsv.flagged(i));
        }
    }

    @Test
    void splitsTheScannedFileByRowIndex() throws IOException {
        ScoreFlags flags = ScoreFlagsReader.read(dir.resolve("scan").resolve("scores.csv"));
        SplitResult r = ParquetSplitter.split(acts, flags, null, dir.resolve("c.parquet"), dir.resolve("q.parquet"));
        assertEquals(N, r.rows());
        assertEquals(13, r.quarantinedRows());
        assertSplit(acts, "uid", dir.resolve("c.parquet"), dir.resolve("q.parquet"));
        assertEquals(schema(acts), schema(dir.resolve("c.parquet")));
    }

    @Test
    void splitsAnotherFileJoinedOnIdKeepingNestedColumns() throws IOException {
        Path raw = raw(dir.resolve("raw.parquet"), N, -1);
        ScoreFlags flags = ScoreFlagsReader.read(scores);
        SplitResult r = ParquetSplitter.split(raw, flags, "uid", dir.resolve("c.parquet"), dir.resolve("q.parquet"));
        assertEquals("uid", r.joinedOn());
        assertEquals(N, r.cleanRows() + r.quarantinedRows());
        assertSplit(raw, "uid", dir.resolve("c.parquet"), dir.resolve("q.parquet"));
        assertEquals(schema(raw), schema(dir.resolve("q.parquet")));
    }

    @Test
    void refusesMissingAndDuplicateIdsAndRowCountMismatchesLeavingNothing() throws IOException {
        ScoreFlags flags = ScoreFlagsReader.read(scores);
        Path clean = dir.resolve("c.parquet");
        Path quarantine = dir.resolve("q.parquet");
        Path unknown = raw(dir.resolve("unknown.parquet"), N, 31);
        String m = assertThrows(InvalidInputException.class,
                () -> ParquetSplitter.split(unknown, flags, "uid", clean, quarantine)).getMessage();
        assertTrue(m.contains("unknown.parquet: column 'uid', row group 1, row 31: id 1031 is not in"), m);
        Path twice = raw(dir.resolve("twice.parquet"), N, -2);
        m = assertThrows(InvalidInputException.class,
                () -> ParquetSplitter.split(twice, flags, "uid", clean, quarantine)).getMessage();
        assertTrue(m.contains("twice.parquet: column 'uid'") && m.contains("appears more than once"), m);
        Path shorter = raw(dir.resolve("short.parquet"), N - 1, -1);
        m = assertThrows(InvalidInputException.class,
                () -> ParquetSplitter.split(shorter, flags, null, clean, quarantine)).getMessage();
        assertTrue(m.contains("short.parquet: the input has 49 rows but") && m.contains("scores 50"), m);
        m = assertThrows(InvalidInputException.class, () -> ParquetSplitter.split(raw(dir.resolve("r.parquet"), N,
                -1), ScoreFlagsReader.read(dir.resolve("scan").resolve("scores.csv")), "uid", clean, quarantine))
                .getMessage();
        assertTrue(m.contains("scores.csv has no id column"), m);
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().matches("[cq]\\.parquet.*"))
                    .toList());
        }
    }

    @Test
    void aReorderedFileSplitByRowIsRefusedWhenItStillHasTheScannedIds() throws IOException {
        ScoreFlags flags = ScoreFlagsReader.read(scores);
        assertEquals("uid", flags.idSource());
        Path clean = dir.resolve("c.parquet");
        Path quarantine = dir.resolve("q.parquet");
        // Same row count, same id column, rows in reverse order: by row index alone it would split by the wrong flags.
        Path reversed = raw(dir.resolve("reversed.parquet"), N, -1);
        String m = assertThrows(InvalidInputException.class,
                () -> ParquetSplitter.split(reversed, flags, null, clean, quarantine)).getMessage();
        assertTrue(m.contains("reversed.parquet: column 'uid', row group 0, row 0: id 49 is not the id scanned at"
                + " this row") && m.contains("--id uid"), m);
        assertFalse(Files.exists(clean) || Files.exists(quarantine));
        // The scanned id column rewritten as text (a probe's shuffled copy): its order cannot be checked, so refused.
        Path textIds = Fixtures.write(dir.resolve("text-ids.parquet"), "message m { required binary uid (STRING); }",
                N, 16, (g, r) -> g.add("uid", Integer.toString(N - 1 - r)));
        m = assertThrows(InvalidInputException.class,
                () -> ParquetSplitter.split(textIds, flags, null, clean, quarantine)).getMessage();
        assertTrue(m.startsWith(textIds + ": column 'uid' holds ") && m.contains("so this is not the file that was"
                + " scanned and its row order cannot be checked"), m);
        assertFalse(Files.exists(clean) || Files.exists(quarantine));
        // The scanned file itself, in order, passes the check.
        SplitResult r = ParquetSplitter.split(acts, flags, null, clean, quarantine);
        assertEquals(13, r.quarantinedRows());
        assertSplit(acts, "uid", clean, quarantine);
    }

    @Test
    void aGroupAsTheIdColumnIsNamedOnOneLine() {
        org.apache.parquet.schema.MessageType schema = org.apache.parquet.schema.MessageTypeParser.parseMessageType(
                "message m { required int64 uid; optional group meta { optional double weight; } }");
        String m = assertThrows(InvalidInputException.class, () -> ScalarColumn.id(schema, "meta", "in.parquet"))
                .getMessage();
        assertEquals("in.parquet: column 'meta' has the wrong type: it holds a group (optional group meta { optional"
                + " double weight; }); the id column must hold one primitive value per row", m);
    }

    @Test
    void aNullFlagInTheScoresIsAnErrorNotACleanRow() throws IOException {
        Path tampered = Fixtures.write(dir.resolve("scores.parquet"), "message s { required int64 row;"
                + " optional boolean flagged; }", 3, 16, (g, r) -> {
                    g.add("row", (long) r);
                    if (r != 1) {
                        g.add("flagged", r == 2);
                    }
                });
        String m = assertThrows(InvalidInputException.class, () -> ScoreFlagsReader.read(tampered)).getMessage();
        assertTrue(m.contains("scores.parquet") && m.contains("row 1") && m.contains("the flag is null"), m);
        Path ragged = Files.writeString(dir.resolve("scores.csv"), "row,label,flagged\n0,0,0\n1,0,1,extra\n");
        m = assertThrows(InvalidInputException.class, () -> ScoreFlagsReader.read(ragged)).getMessage();
        assertEquals(ragged + ": line 3: 4 fields, the header has 3", m);
    }

    @Test
    void aDirectoryAsAnOutputIsRefusedByName() throws IOException {
        ScoreFlags flags = ScoreFlagsReader.read(scores);
        Path folder = Files.createDirectories(dir.resolve("clean-folder"));
        String m = assertThrows(InvalidInputException.class,
                () -> ParquetSplitter.split(acts, flags, null, folder, dir.resolve("q.parquet"))).getMessage();
        assertEquals(folder + ": is a directory; the clean and quarantine outputs are files", m);
    }

    @Test
    void aFileThatIsNotParquetIsNamedWithoutTheReadersObjectName() throws IOException {
        Path text = Files.writeString(dir.resolve("not.parquet"), "plain text, no footer");
        String m = assertThrows(InvalidInputException.class, () -> ParquetFiles.open(text)).getMessage();
        assertTrue(m.startsWith(text + ": not a readable Parquet file (footer): the file is not a Parquet file"), m);
        assertFalse(m.contains("@"), m);
        // The head of the file cut off, its tail kept: the footer length points before the start.
        byte[] whole = Files.readAllBytes(acts);
        byte[] cut = new byte[12];
        System.arraycopy(whole, 0, cut, 0, 4);
        System.arraycopy(whole, whole.length - 8, cut, 4, 8);
        Path truncated = Files.write(dir.resolve("cut.parquet"), cut);
        m = assertThrows(InvalidInputException.class, () -> ParquetFiles.open(truncated)).getMessage();
        assertTrue(m.contains("the footer length in the last bytes points before the file's start; is the file"
                + " truncated"), m);
    }

    /**
     * A raw data set with nested columns whose int32 ids are the scanned int64 ids in reverse order; {@code oddRow}
     * gives row 31 an unknown id (31), or with -2 repeats an id, or with -1 does neither.
     */
    private static Path raw(Path file, int rows, int oddRow) throws IOException {
        return Fixtures.write(file, RAW_SCHEMA, rows, 16, (g, r) -> {
            int id = rows - 1 - r;
            if (oddRow == r) {
                id = 1000 + r;
            } else if (oddRow == -2 && r == rows - 1) {
                id = 1;
            }
            g.add("caption", "image " + r);
            g.add("uid", id);
            Group tags = g.addGroup("tags");
            for (int t = 0; t < r % 3; t++) {
                Group e = tags.addGroup("list");
                if (t != 1) {
                    e.add("element", "tag" + t);
                }
            }
            if (r % 5 != 0) {
                Group meta = g.addGroup("meta");
                meta.add("weight", r / 7.0);
                Group px = meta.addGroup("pixels");
                for (int k = 0; k < 3; k++) {
                    px.addGroup("list").add("element", (r + k) % 256);
                }
            }
            Group attrs = g.addGroup("attrs");
            attrs.addGroup("key_value").append("key", "k" + r).append("value", (long) r * r);
            g.add("code", org.apache.parquet.io.api.Binary.fromConstantByteArray(new byte[] {1, 2, 3, (byte) r.intValue()}));
            if (r % 2 == 0) {
                g.add("taken", 1_700_000_000_000_000L + r);
            }
        });
    }

    /** Every input record is in exactly one output, identical, and in the output its flag says. */
    private static void assertSplit(Path input, String idColumn, Path clean, Path quarantine) throws IOException {
        Map<Long, String> in = byId(records(input), idColumn);
        Map<Long, String> c = byId(records(clean), idColumn);
        Map<Long, String> q = byId(records(quarantine), idColumn);
        assertEquals(in.size(), c.size() + q.size());
        for (Map.Entry<Long, String> e : in.entrySet()) {
            boolean flagged = FakeScan.flagged(e.getKey());
            assertEquals(e.getValue(), (flagged ? q : c).get(e.getKey()), "record " + e.getKey());
            assertFalse((flagged ? c : q).containsKey(e.getKey()));
        }
    }

    private static Map<Long, String> byId(List<Group> records, String idColumn) {
        Map<Long, String> out = new HashMap<>();
        for (Group g : records) {
            Object id = PrimitiveValues.key(PrimitiveValues.read(g, g.getType().getFieldIndex(idColumn),
                    g.getType().getType(idColumn).asPrimitiveType().getPrimitiveTypeName()),
                    g.getType().getType(idColumn).asPrimitiveType());
            assertEquals(null, out.put((Long) id, g.toString()), "duplicate " + id);
        }
        return out;
    }

    static MessageType schema(Path file) throws IOException {
        try (ParquetFileReader r = ParquetFiles.open(file)) {
            return r.getFooter().getFileMetaData().getSchema();
        }
    }

    static List<Group> records(Path file) throws IOException {
        List<Group> out = new ArrayList<>();
        try (ParquetFileReader r = ParquetFiles.open(file)) {
            MessageType schema = r.getFooter().getFileMetaData().getSchema();
            for (PageReadStore pages = r.readNextRowGroup(); pages != null; pages = r.readNextRowGroup()) {
                RecordReader<Group> rr = new ColumnIOFactory().getColumnIO(schema).getRecordReader(pages,
                        new GroupRecordConverter(schema));
                for (long i = 0; i < pages.getRowCount(); i++) {
                    out.add(rr.read());
                }
            }
        }
        return out;
    }
}
