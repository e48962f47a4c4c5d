package org.poisonscan.io.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poisonscan.api.data.InvalidInputException;

/**
 * Files written by an independent Parquet implementation, DuckDB (C++), read by PoisonScan; and PoisonScan's outputs
 * read back and compared by DuckDB: every row in exactly one split output, every column and type intact.
 */
class DuckDbInteropTest {
    private static final int N = 3000;
    /** Extra columns of many types, nested ones, nulls and empty lists included. */
    private static final String EXTRA = "i * 1.5::DOUBLE AS dbl, (i * 100)::BIGINT AS big, (i::DECIMAL(10, 2)) / 3"
            + " AS dec, DATE '2024-01-01' + i::INTEGER AS day, TIMESTAMP '2024-01-01' + INTERVAL (i) SECOND AS ts,"
            + " i % 2 = 0 AS ok, {'a': i, 'b': ['x', 'y']} AS st, MAP {'k': i} AS mp,"
            + " CASE WHEN i % 4 = 0 THEN NULL ELSE 'v' || i END AS maybe,"
            + " CASE WHEN i % 5 = 0 THEN []::INTEGER[] ELSE [i::INTEGER] END AS lst, ('b' || i)::BLOB AS bl,"
            + " (i % 7)::TINYINT AS tiny, (i % 7)::UTINYINT AS utiny, md5(i::VARCHAR)::UUID AS u,"
            + " [1.0, 2.0, i]::FLOAT[3] AS fixed,"
            + " [i * 0.5, 1.0]::DOUBLE[] AS dlist";

    @TempDir
    static Path dir;
    static Connection db;
    static Path acts;

    @BeforeAll
    static void writeWithDuckDb() throws SQLException {
        db = DriverManager.getConnection("jdbc:duckdb:");
        acts = dir.resolve("duck.parquet");
        sql("COPY (SELECT i::INTEGER AS id, CASE i % 3 WHEN 0 THEN 'truck' WHEN 1 THEN 'cat' ELSE 'dog' END AS"
                + " label, [sin(i)::FLOAT, cos(i)::FLOAT, (i % 11)::FLOAT, 0.25::FLOAT] AS activation, " + EXTRA
                + " FROM range(" + N + ") r(i)) TO '" + acts + "' (FORMAT PARQUET, ROW_GROUP_SIZE 1024)");
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

    private static List<String> describe(Path file) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("DESCRIBE SELECT * FROM '" + file
                + "'")) {
            while (r.next()) {
                out.add(r.getString(1) + " " + r.getString(2));
            }
        }
        return out;
    }

    @Test
    void readsDuckDbListsStringLabelsAndIds() throws IOException, SQLException {
        ParquetSource s = ParquetSource.open(acts, ParquetOptions.defaults().withIdColumn("id"));
        assertTrue(s.layout().activation().emptyDef() > 0, "DuckDB writes a nullable three-level LIST");
        assertEquals(N, s.rowCount());
        assertEquals(4, s.dimension());
        assertEquals(List.of("cat", "dog", "truck"), s.classNames());
        Fixtures.Read read = Fixtures.readAll(s, 500);
        try (Statement st = db.createStatement(); ResultSet r = st.executeQuery("SELECT id, label, activation FROM '"
                + acts + "' ORDER BY id")) {
            int row = 0;
            while (r.next()) {
                assertEquals(row, r.getInt(1));
                assertEquals(Optional.of(r.getString(2)), s.className(read.labels()[row]));
                Object[] values = (Object[]) r.getArray(3).getArray();
                for (int k = 0; k < 4; k++) {
                    assertEquals((Float) values[k], read.features()[row * 4 + k], 0f);
                }
                row++;
            }
            assertEquals(N, row);
        }
        assertEquals(3, ParquetSource.open(acts, new ParquetOptions("fixed", "tiny", null, "ok")).dimension());
        Path v2 = dir.resolve("duck-v2.parquet");
        sql("COPY (SELECT * FROM '" + acts + "') TO '" + v2 + "' (FORMAT PARQUET, PARQUET_VERSION V2,"
                + " COMPRESSION ZSTD)");
        org.junit.jupiter.api.Assertions.assertArrayEquals(read.features(),
                Fixtures.readAll(ParquetSource.open(v2, ParquetOptions.defaults()), 700).features());
        ParquetSource doubles = ParquetSource.open(acts, new ParquetOptions("dlist", "utiny", null, null));
        assertEquals(1499.5f, Fixtures.readAll(doubles, 1000).features()[2 * (N - 1)], 0f);
    }

    @Test
    void splitsDuckDbFilesKeepingEveryRowColumnAndType() throws IOException, SQLException {
        ParquetSource s = ParquetSource.open(acts, ParquetOptions.defaults().withIdColumn("id"));
        Path scores = dir.resolve("scores.parquet");
        try (ScoresParquetWriter w = ScoresParquetWriter.forSource(scores, s)) {
            FakeScan.run(s, w);
        }
        assertEquals(List.of("row BIGINT", "id INTEGER", "label INTEGER", "label_name VARCHAR", "flagged BOOLEAN",
                "score_fake DOUBLE"), describe(scores));
        assertEquals(N / 4, count("SELECT count(*) FROM '" + scores + "' WHERE flagged AND id % 4 = 1"));
        assertEquals(0, count("SELECT count(*) FROM '" + scores + "' s JOIN '" + acts + "' a USING (id)"
                + " WHERE s.label_name <> a.label OR s.row <> a.id"));

        ScoreFlags flags = ScoreFlagsReader.read(scores);
        Path clean = dir.resolve("clean.parquet");
        Path quarantine = dir.resolve("quarantine.parquet");
        ParquetSplitter.split(acts, flags, "id", clean, quarantine);
        assertSameRows(acts, clean, quarantine, scores);

        Path raw = dir.resolve("raw.parquet");
        sql("COPY (SELECT i::BIGINT AS id, 'caption ' || i AS caption, " + EXTRA + " FROM range(" + N + ") r(i)"
                + " ORDER BY hash(i)) TO '" + raw + "' (FORMAT PARQUET, ROW_GROUP_SIZE 1000)");
        Path rawClean = dir.resolve("raw_clean.parquet");
        Path rawQuarantine = dir.resolve("raw_quarantine.parquet");
        SplitResult r = ParquetSplitter.split(raw, flags, "id", rawClean, rawQuarantine);
        assertEquals(N, r.rows());
        assertSameRows(raw, rawClean, rawQuarantine, scores);
    }

    private static void assertSameRows(Path input, Path clean, Path quarantine, Path scores) throws SQLException {
        String both = "read_parquet(['" + clean + "', '" + quarantine + "'])";
        assertEquals(N, count("SELECT count(*) FROM " + both));
        assertEquals(0, count("SELECT count(*) FROM (SELECT * FROM '" + input + "' EXCEPT ALL SELECT * FROM " + both
                + ")"));
        assertEquals(0, count("SELECT count(*) FROM (SELECT * FROM " + both + " EXCEPT ALL SELECT * FROM '" + input
                + "')"));
        assertEquals(describe(input), describe(clean));
        assertEquals(describe(input), describe(quarantine));
        assertEquals(0, count("SELECT count(*) FROM '" + quarantine + "' q JOIN '" + scores + "' s USING (id)"
                + " WHERE NOT s.flagged"));
        assertEquals(0, count("SELECT count(*) FROM '" + clean + "' c JOIN '" + scores + "' s USING (id)"
                + " WHERE s.flagged"));
        assertEquals(N / 4, count("SELECT count(*) FROM '" + quarantine + "'"));
    }

    @Test
    void refusesDuckDbFilesWithNullActivationsAndRaggedLists() throws SQLException, IOException {
        Path nulls = dir.resolve("nulls.parquet");
        sql("COPY (SELECT i AS id, 1 AS label, CASE WHEN i = 2500 THEN NULL ELSE [1.0, 2.0]::FLOAT[] END AS"
                + " activation FROM range(" + N + ") r(i)) TO '" + nulls + "' (FORMAT PARQUET, ROW_GROUP_SIZE 1024)");
        ParquetSource s = ParquetSource.open(nulls, ParquetOptions.defaults());
        String m = org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class,
                () -> Fixtures.readAll(s, 4096)).getMessage();
        assertTrue(m.matches(".*nulls.parquet: column 'activation', row group \\d, row 2500: the activation list is"
                + " null.*"), m);
        Path ragged = dir.resolve("ragged.parquet");
        sql("COPY (SELECT i AS id, 'a' AS label, CASE WHEN i = 17 THEN [1.0]::FLOAT[] ELSE [1.0, 2.0]::FLOAT[]"
                + " END AS activation FROM range(100) r(i)) TO '" + ragged + "' (FORMAT PARQUET)");
        ParquetSource r = ParquetSource.open(ragged, ParquetOptions.defaults());
        m = org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class,
                () -> Fixtures.readAll(r, 4096)).getMessage();
        assertTrue(m.contains("ragged.parquet: column 'activation', row group 0, row 17: the activation list has 1"
                + " values but the first row has 2"), m);
    }
}
