package org.poisonscan.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poisonscan.cli.CliTest.Result;

/** {@code scan} of Parquet input and {@code split}, on files written by PoisonScan and by DuckDB. */
class ParquetCliTest {
    private static final int N = 6000;

    @TempDir
    static Path tmp;
    static Connection db;
    /** DuckDB-written activations: int id, string labels, a LIST of FLOAT, extra columns; class 'cat' poisoned. */
    static Path duck;

    @BeforeAll
    static void writeWithDuckDb() throws SQLException {
        db = DriverManager.getConnection("jdbc:duckdb:");
        duck = tmp.resolve("duck.parquet");
        // Three classes of 8-dim Gaussian noise (fixed seed); 5% of class 'cat' shifted by 12 along one axis.
        sql("SELECT setseed(0.25)");
        sql("CREATE TABLE base AS SELECT i::INTEGER AS id, ['cat', 'dog', 'emu'][i % 3 + 1] AS label,"
                + " i % 3 = 0 AND i % 60 = 0 AS bad FROM range(" + N + ") r(i)");
        sql("COPY (SELECT id, label, list_transform(range(8), k -> ((CASE WHEN bad AND k = 0 THEN 12 ELSE 0 END)"
                + " + (id % 3) * 3 + sqrt(-2 * ln(random())) * cos(2 * pi() * random()))::FLOAT) AS activation,"
                + " 'caption ' || id AS caption, {'w': id / 2.0, 'tags': ['a', label]} AS meta, bad"
                + " FROM base) TO '" + duck + "' (FORMAT PARQUET, ROW_GROUP_SIZE 2048)");
    }

    @AfterAll
    static void close() throws SQLException {
        db.close();
    }

    private static void sql(String statement) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(statement);
        }
    }

    private static long count(String query) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(query)) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void scansDuckDbParquetWithStringLabelsAndSplitsItOnId() throws IOException, SQLException {
        Path out = tmp.resolve("duck-scan");
        Result scan = CliTest.run("scan", duck.toString(), "--features", "activation", "--labels", "label", "--id",
                "id", "--ground-truth", "bad", "--out", out.toString(), "--backend", "java");
        assertEquals(0, scan.code(), scan.err());
        assertTrue(scan.out().contains("Poisoned classes: [0]"), scan.out());
        assertTrue(scan.out().contains("scores.parquet"), scan.out());
        assertFalse(scan.err().contains("warning"), scan.err());
        var report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals("cat", report.get("classes").get(0).get("name").asText());
        assertTrue(report.get("evaluation").get("overall").get("recall").asDouble() >= 0.9, scan.out());
        Path scores = out.resolve("scores.parquet");
        assertEquals(N, count("SELECT count(*) FROM '" + scores + "' s JOIN '" + duck + "' d USING (id)"
                + " WHERE s.label_name = d.label"));

        Path clean = tmp.resolve("clean.parquet");
        Path quarantine = tmp.resolve("quarantine.parquet");
        Result split = CliTest.run("split", "--report", out.toString(), "--input", duck.toString(), "--id", "id",
                "--clean", clean.toString(), "--quarantine", quarantine.toString());
        assertEquals(0, split.code(), split.err());
        assertTrue(split.out().contains("Split 6,000 rows"), split.out());
        String both = "read_parquet(['" + clean + "', '" + quarantine + "'])";
        assertEquals(0, count("SELECT count(*) FROM (SELECT * FROM '" + duck + "' EXCEPT ALL SELECT * FROM " + both
                + ")"));
        assertEquals(N, count("SELECT count(*) FROM " + both));
        assertEquals(report.get("summary").get("flagged_rows").asLong(), count("SELECT count(*) FROM '" + quarantine
                + "'"));
        assertEquals(0, count("SELECT count(*) FROM '" + quarantine + "' JOIN '" + scores + "' USING (id)"
                + " WHERE NOT flagged"));
    }

    @Test
    void scansOurOwnParquetAndSplitsTheScannedFileByRowIndex() throws IOException {
        Path data = tmp.resolve("own.parquet");
        Result gen = CliTest.run("generate", "--out", data.toString(), "--n", "6000", "--d", "32");
        assertEquals(0, gen.code(), gen.err());
        Path out = tmp.resolve("own-scan");
        Result scan = CliTest.run("scan", data.toString(), "--out", out.toString(), "--ground-truth", "poison",
                "--backend", "java");
        assertEquals(0, scan.code(), scan.err());
        // Every poison found; activation clustering's main-cluster tail rule may add about one clean row.
        assertTrue(scan.out().contains("recall=1.0000"), scan.out());
        java.util.regex.Matcher precision = java.util.regex.Pattern.compile("precision=([0-9.]+)").matcher(scan.out());
        assertTrue(precision.find() && Double.parseDouble(precision.group(1)) >= 0.95, scan.out());
        Result split = CliTest.run("split", "--report", out.toString(), "--input", data.toString(), "--clean",
                tmp.resolve("own-clean.parquet").toString(), "--quarantine", tmp.resolve("own-q.parquet").toString());
        assertEquals(0, split.code(), split.err());
        assertTrue(split.out().contains("joined on row index"), split.out());
        List<String> lines = Files.readAllLines(out.resolve("scores.csv"));
        long flagged = lines.stream().skip(1).filter(l -> l.split(",")[2].equals("1")).count();
        assertTrue(split.out().contains(String.format("%,d quarantined", flagged)), split.out());
        // An output may not replace the scan's own files.
        byte[] report = Files.readAllBytes(out.resolve("report.json"));
        Result overwrite = CliTest.run("split", "--report", out.toString(), "--input", data.toString(), "--clean",
                tmp.resolve("c2.parquet").toString(), "--quarantine", out.resolve("report.json").toString());
        assertEquals(2, overwrite.code(), overwrite.err());
        assertTrue(overwrite.err().contains("--quarantine " + out.resolve("report.json") + " is the scan's own"
                + " report.json"), overwrite.err());
        assertArrayEquals(report, Files.readAllBytes(out.resolve("report.json")));
        assertFalse(Files.exists(tmp.resolve("c2.parquet")));

        Path npz = tmp.resolve("other.npz");
        assertEquals(0, CliTest.run("generate", "--out", npz.toString(), "--n", "2000", "--d", "8").code());
        assertEquals(0, CliTest.run("scan", npz.toString(), "--out", out.toString(), "--backend", "java").code());
        assertFalse(Files.exists(out.resolve("scores.parquet")), "a stale scores.parquet would be split by mistake");
    }

    @Test
    void scansAndSplitsADirectoryOfPartFilesAsOneDataSet() throws IOException, SQLException {
        // DuckDB writes a directory of part files, as Spark and pyarrow write data sets: a new part every two row
        // groups, on one thread so that the parts do not depend on scheduling (one part per thread, with
        // PER_THREAD_OUTPUT, gave a single part when one thread happened to take every row on a busy machine).
        Path parts = tmp.resolve("duck-parts");
        sql("SET threads = 1");
        sql("COPY (SELECT * FROM '" + duck + "') TO '" + parts + "' (FORMAT PARQUET, ROW_GROUP_SIZE 1024,"
                + " ROW_GROUPS_PER_FILE 2)");
        sql("RESET threads");
        try (var files = Files.list(parts)) {
            assertTrue(files.filter(f -> f.toString().endsWith(".parquet")).count() >= 2, "parts written");
        }
        Files.writeString(parts.resolve("_SUCCESS"), "");
        Path out = tmp.resolve("parts-scan");
        Result scan = CliTest.run("scan", parts.toString(), "--id", "id", "--ground-truth", "bad", "--out",
                out.toString(), "--backend", "java");
        assertEquals(0, scan.code(), scan.err());
        assertTrue(scan.out().contains("Poisoned classes: [0]"), scan.out());
        Path scores = out.resolve("scores.parquet");
        // Row i of the scores is row i of the parts read in name order, each part in its own order.
        String inOrder = "SELECT id, row_number() OVER (ORDER BY filename, file_row_number) - 1 AS row FROM"
                + " read_parquet('" + parts + "/*.parquet', filename = true, file_row_number = true)";
        assertEquals(N, count("SELECT count(*) FROM (" + inOrder + ") p JOIN '" + scores + "' s USING (row)"
                + " WHERE p.id = s.id"));

        Path clean = tmp.resolve("not-yet-a-folder").resolve("parts-clean.parquet");  // split creates the folder
        Path quarantine = tmp.resolve("parts-quarantine.parquet");
        Result split = CliTest.run("split", "--report", out.toString(), "--input", parts.toString(), "--clean",
                clean.toString(), "--quarantine", quarantine.toString());
        assertEquals(0, split.code(), split.err());
        assertTrue(split.out().contains("Split 6,000 rows") && split.out().contains("joined on row index"),
                split.out());
        String both = "read_parquet(['" + clean + "', '" + quarantine + "'])";
        assertEquals(0, count("SELECT count(*) FROM (SELECT * FROM '" + duck + "' EXCEPT ALL SELECT * FROM " + both
                + ")"));
        assertEquals(0, count("SELECT count(*) FROM '" + quarantine + "' JOIN '" + scores + "' USING (id)"
                + " WHERE NOT flagged"));
        assertEquals(0, count("SELECT count(*) FROM '" + clean + "' JOIN '" + scores + "' USING (id)"
                + " WHERE flagged"));
    }

    private void assertScanFails(Path file, String... expected) {
        Path out = tmp.resolve("bad-" + file.getFileName());
        Result r = CliTest.run("scan", file.toString(), "--out", out.toString(), "--id", "id", "--backend",
                "java");
        assertEquals(2, r.code(), "exit code; stderr: " + r.err());
        for (String e : expected) {
            assertTrue(r.err().contains(e), "expected '" + e + "' in: " + r.err());
        }
        assertFalse(r.err().contains("\tat "), r.err());
        assertFalse(Files.exists(out), "nothing written: " + out);
    }

    @Test
    void corruptParquetExitsTwoNamingFileColumnAndRowGroupAndWritesNothing() throws IOException, SQLException {
        Path nulls = tmp.resolve("nulls.parquet");
        sql("COPY (SELECT id, label, CASE WHEN id = 4100 THEN NULL ELSE activation END AS activation FROM '" + duck
                + "') TO '" + nulls + "' (FORMAT PARQUET, ROW_GROUP_SIZE 2048)");
        assertScanFails(nulls, "nulls.parquet: column 'activation', row group 2, row 4100: the activation list is"
                + " null");
        Path ragged = tmp.resolve("ragged.parquet");
        sql("COPY (SELECT id, label, CASE WHEN id = 5 THEN activation[1:7] ELSE activation END AS activation FROM '"
                + duck + "') TO '" + ragged + "' (FORMAT PARQUET, ROW_GROUP_SIZE 2048)");
        assertScanFails(ragged, "ragged.parquet: column 'activation', row group 0, row 5: the activation list has 7"
                + " values but the first row has 8");
        Path text = tmp.resolve("text.parquet");
        sql("COPY (SELECT id, label, activation::VARCHAR AS activation FROM '" + duck + "') TO '" + text
                + "' (FORMAT PARQUET)");
        assertScanFails(text, "text.parquet: column 'activation' has the wrong type");
        Path missing = tmp.resolve("missing.parquet");
        sql("COPY (SELECT id, activation FROM '" + duck + "') TO '" + missing + "' (FORMAT PARQUET)");
        assertScanFails(missing, "missing.parquet: no label column 'label'");
        byte[] bytes = Files.readAllBytes(duck);
        Path cut = Files.write(tmp.resolve("cut.parquet"), Arrays.copyOf(bytes, bytes.length - 100));
        assertScanFails(cut, "cut.parquet: not a readable Parquet file (footer)");
    }

    @Test
    void splitRefusesIdsMissingFromTheScoresAndDuplicatesWritingNothing() throws IOException, SQLException {
        Path out = tmp.resolve("split-scan");
        assertEquals(0, CliTest.run("scan", duck.toString(), "--id", "id", "--out", out.toString(), "--backend",
                "java").code());
        Path extra = tmp.resolve("extra.parquet");
        sql("COPY (SELECT id, caption FROM '" + duck + "' UNION ALL SELECT 99999, 'new') TO '" + extra
                + "' (FORMAT PARQUET)");
        Path dup = tmp.resolve("dup.parquet");
        sql("COPY (SELECT id, caption FROM '" + duck + "' UNION ALL SELECT 7, 'again') TO '" + dup
                + "' (FORMAT PARQUET)");
        Path clean = tmp.resolve("c.parquet");
        Path quarantine = tmp.resolve("q.parquet");
        for (Path input : List.of(extra, dup)) {
            Result r = CliTest.run("split", "--report", out.toString(), "--input", input.toString(), "--id", "id",
                    "--clean", clean.toString(), "--quarantine", quarantine.toString());
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains(input.getFileName() + ": column 'id', row group 0, row 6000: id "
                    + (input == extra ? "99999 is not in" : "7 appears more than once")), r.err());
            assertFalse(Files.exists(clean) || Files.exists(quarantine), "nothing written");
        }
        Result noIds = CliTest.run("split", "--report", tmp.resolve("own-scan-none").toString(), "--input",
                duck.toString(), "--clean", clean.toString(), "--quarantine", quarantine.toString());
        assertEquals(2, noIds.code(), noIds.err());
        assertTrue(noIds.err().contains("no scores.parquet or scores.csv"), noIds.err());
        Result npz = CliTest.run("scan", tmp.resolve("x.npz").toString(), "--id", "id", "--out",
                tmp.resolve("o").toString());
        assertEquals(2, npz.code());
        assertTrue(npz.err().contains("--id names a column of a .parquet or .csv input"), npz.err());
    }

    @Test
    void scanWarnsOfNullAndRepeatedIdsThatSplitWouldRefuse() throws IOException, SQLException {
        Path ids = tmp.resolve("bad-ids.parquet");
        // Row 10's id is null; rows 20 and 30 repeat ids of earlier rows (as strings, the hashed path).
        sql("COPY (SELECT CASE WHEN id = 10 THEN NULL WHEN id IN (20, 30) THEN 'k' || (id - 19) ELSE 'k' || id END"
                + " AS key, label, activation FROM '" + duck + "') TO '" + ids + "' (FORMAT PARQUET)");
        Path out = tmp.resolve("bad-ids-scan");
        Result scan = CliTest.run("scan", ids.toString(), "--id", "key", "--out", out.toString(), "--backend",
                "java", "--quiet");
        assertEquals(0, scan.code(), scan.err());
        assertTrue(scan.err().contains("warning: id column 'key': 1 of 6,000 rows have a null id (the first at row"
                + " 10), 2 of 6,000 rows repeat an earlier row's id"), scan.err());
        assertEquals(N, count("SELECT count(*) FROM '" + out.resolve("scores.parquet") + "'"));

        // The warning's advice works: split by row order; joining on the ids is refused with the reason.
        Path clean = tmp.resolve("bad-ids-clean.parquet");
        Path quarantine = tmp.resolve("bad-ids-quarantine.parquet");
        Result byRow = CliTest.run("split", "--report", out.toString(), "--input", ids.toString(), "--clean",
                clean.toString(), "--quarantine", quarantine.toString());
        assertEquals(0, byRow.code(), byRow.err());
        assertEquals(N, count("SELECT count(*) FROM read_parquet(['" + clean + "', '" + quarantine + "'])"));
        Result byId = CliTest.run("split", "--report", out.toString(), "--input", ids.toString(), "--id", "key",
                "--clean", tmp.resolve("x-clean.parquet").toString(), "--quarantine",
                tmp.resolve("x-q.parquet").toString());
        assertEquals(2, byId.code(), byId.err());
        assertTrue(byId.err().contains("row 10: the id is null; ids must be unique and not null to join on them:"
                + " split the scanned file without --id"), byId.err());
    }
}
