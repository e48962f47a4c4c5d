package org.poisonscan.io.parquet;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.poisonscan.api.data.InvalidInputException;

/**
 * Reads {@link ScoreFlags} from {@code scores.parquet} (columns {@code row}, {@code flagged} and, when present,
 * {@code id}) or {@code scores.csv} (columns {@code row} and {@code flagged}; no ids). Every row index must appear
 * exactly once and every id at most once, or the file is refused with a message naming it and the row.
 */
public final class ScoreFlagsReader {
    private ScoreFlagsReader() {
    }

    /** Reads the flags of a scores file, by its extension. */
    public static ScoreFlags read(Path scores) throws IOException {
        String name = scores.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".parquet")) {
            return readParquet(scores);
        }
        if (name.endsWith(".csv")) {
            return readCsv(scores);
        }
        throw new InvalidInputException(scores + ": expected scores.parquet or scores.csv");
    }

    private static ScoreFlags readParquet(Path file) throws IOException {
        String where = file.toString();
        MessageType schema;
        long rows;
        String idSource;
        try (ParquetFileReader reader = ParquetFiles.open(file)) {
            schema = reader.getFooter().getFileMetaData().getSchema();
            rows = reader.getRecordCount();
            idSource = reader.getFooter().getFileMetaData().getKeyValueMetaData()
                    .get(ScoresParquetWriter.ID_SOURCE_KEY);
        }
        ScalarColumn row = ScalarColumn.resolve(schema, "row", "row index", where);
        ScalarColumn flag = ScalarColumn.resolve(schema, "flagged", "flag", where);
        if (row.type().getPrimitiveTypeName() != PrimitiveTypeName.INT64
                || flag.type().getPrimitiveTypeName() != PrimitiveTypeName.BOOLEAN) {
            throw new InvalidInputException(where + ": columns 'row' (int64) and 'flagged' (boolean) expected; is it a"
                    + " scores.parquet written by poisonscan?");
        }
        ScalarColumn id = schema.containsField(ScoresParquetWriter.ID)
                ? ScalarColumn.id(schema, ScoresParquetWriter.ID, where) : null;
        Rows seen = new Rows(where, rows, id == null ? null : id.type(), id == null ? null : idSource);
        List<String> names = id == null ? List.of("row", "flagged") : List.of("row", "flagged", id.name());
        long n = 0;
        try (RowGroups groups = RowGroups.open(file, Columns.project(schema, names))) {
            while (groups.next()) {
                ColumnCursor rc = groups.cursor(row.descriptor(), "row");
                ColumnCursor fc = groups.cursor(flag.descriptor(), "flagged");
                ColumnCursor ic = id == null ? null : groups.cursor(id.descriptor(), id.name());
                for (long r = 0; r < groups.rows(); r++, n++) {
                    long index = value(rc, row, n) ? rc.getLong() : -1;
                    if (!value(fc, flag, n)) {
                        // A null flag read as clean would put a flagged row into the clean output.
                        throw fc.error(n, "the flag is null");
                    }
                    boolean flagged = fc.getBoolean();
                    Object key = null;
                    if (ic != null && value(ic, id, n)) {
                        key = PrimitiveValues.key(PrimitiveValues.read(ic, id.type().getPrimitiveTypeName()),
                                id.type());
                    }
                    rc.consume();
                    fc.consume();
                    if (ic != null) {
                        ic.consume();
                    }
                    seen.add(n, index, flagged, key, ic != null);
                }
            }
        }
        return seen.done();
    }

    private static boolean value(ColumnCursor c, ScalarColumn column, long n) {
        if (!c.hasNext()) {
            throw c.error(n, "the column has fewer values than the row group has rows");
        }
        return c.definitionLevel() == column.descriptor().getMaxDefinitionLevel();
    }

    private static ScoreFlags readCsv(Path file) throws IOException {
        String where = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(where + ": file not found (or not a regular file)");
        }
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
        long lines = 0;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = CSVParser.parse(in, format)) {
            List<String> header = parser.getHeaderNames();
            if (!header.contains("row") || !header.contains("flagged")) {
                throw new InvalidInputException(where + ": columns 'row' and 'flagged' expected, found " + header);
            }
            for (CSVRecord ignored : parser) {
                lines++;
            }
        }
        Rows seen = new Rows(where, lines, null, null);
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = CSVParser.parse(in, format)) {
            long n = 0;
            int columns = parser.getHeaderNames().size();
            for (CSVRecord r : parser) {
                if (r.size() != columns) {
                    // A row with more or fewer fields than the header is a damaged file, whatever its flag reads.
                    throw new InvalidInputException(where + ": line " + (n + 2) + ": " + r.size() + " fields, the"
                            + " header has " + columns);
                }
                String flag = r.get("flagged").trim();
                if (!flag.equals("0") && !flag.equals("1")) {
                    throw new InvalidInputException(where + ": line " + (n + 2) + ": flagged is '" + flag
                            + "', not 0 or 1");
                }
                long index;
                try {
                    index = Long.parseLong(r.get("row").trim());
                } catch (NumberFormatException e) {
                    throw new InvalidInputException(where + ": line " + (n + 2) + ": row '" + r.get("row")
                            + "' is not an integer");
                }
                seen.add(n, index, flag.equals("1"), null, false);
                n++;
            }
        }
        return seen.done();
    }

    /** Collects rows, checking that each index appears once and each id once. */
    private static final class Rows {
        private final String where;
        private final long rows;
        private final BitSet present = new BitSet();
        private final BitSet flagged = new BitSet();
        private final Map<Object, Long> rowOfId;
        private final PrimitiveType idType;
        private final String idSource;
        private String idProblem;

        Rows(String where, long rows, PrimitiveType idType, String idSource) {
            if (rows > Integer.MAX_VALUE) {
                throw new InvalidInputException(where + ": " + rows + " rows; splitting supports up to 2^31 - 1");
            }
            this.where = where;
            this.rows = rows;
            this.idType = idType;
            this.idSource = idSource;
            this.rowOfId = idType == null ? null : new HashMap<>();
        }

        void add(long n, long index, boolean isFlagged, Object key, boolean hasId) {
            if (index < 0 || index >= rows) {
                throw new InvalidInputException(where + ": record " + n + ": row index " + index + " is outside 0.."
                        + (rows - 1) + " or null");
            }
            if (present.get((int) index)) {
                throw new InvalidInputException(where + ": record " + n + ": row " + index + " appears twice");
            }
            present.set((int) index);
            flagged.set((int) index, isFlagged);
            if (hasId && idProblem == null) {
                // A null or repeated id leaves nothing to join on, but the flags still split by row index.
                if (key == null) {
                    idProblem = where + ": row " + index + ": the id is null";
                    return;
                }
                Long before = rowOfId.put(key, index);
                if (before != null) {
                    idProblem = where + ": row " + index + ": id " + PrimitiveValues.text(key) + " is a duplicate of"
                            + " row " + before + "'s";
                }
            }
        }

        ScoreFlags done() {
            return new ScoreFlags(where, rows, flagged, rowOfId, idType, idSource, idProblem);
        }
    }
}
