package org.poisonscan.io.parquet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Map;
import org.apache.parquet.schema.PrimitiveType;
import org.poisonscan.api.data.InvalidInputException;

/**
 * The final flag of every scanned row, read back from a scan's {@code scores.parquet} or {@code scores.csv}
 * ({@link ScoreFlagsReader}), and, when the scores carry ids, the row of each id. Rows are {@code 0..rows-1}, each
 * exactly once. Scores whose ids hold a null or a repeat have no ids to join on ({@link #idProblem()} says why); their
 * flags still split the scanned file by row index. Memory: one bit per row, and one map entry per id.
 */
public final class ScoreFlags {
    private final String where;
    private final long rows;
    private final BitSet flagged;
    private final Map<Object, Long> rowOfId;
    private final PrimitiveType idType;
    private final String idSource;
    private final String idProblem;

    ScoreFlags(String where, long rows, BitSet flagged, Map<Object, Long> rowOfId, PrimitiveType idType,
            String idSource, String idProblem) {
        this.where = where;
        this.rows = rows;
        this.flagged = flagged;
        this.rowOfId = idProblem == null ? rowOfId : null;
        this.idType = idProblem == null ? idType : null;
        this.idSource = idProblem == null ? idSource : null;
        this.idProblem = idProblem;
    }

    /**
     * Why the scores' id column cannot be joined on (its first null or repeated id), or {@code null} when it can or
     * when there is none.
     */
    public String idProblem() {
        return idProblem;
    }

    /**
     * The scores file of a scan's output directory: {@code scores.parquet} when present (it carries ids), else
     * {@code scores.csv}.
     *
     * @throws InvalidInputException when the directory holds neither
     */
    public static Path find(Path reportDir) {
        Path parquet = reportDir.resolve("scores.parquet");
        if (Files.isRegularFile(parquet)) {
            return parquet;
        }
        Path csv = reportDir.resolve("scores.csv");
        if (Files.isRegularFile(csv)) {
            return csv;
        }
        throw new InvalidInputException(reportDir
                + ": no scores.parquet or scores.csv; is it a scan's --out directory?");
    }

    /** Where the flags were read from. */
    public String where() {
        return where;
    }

    /** Rows scanned. */
    public long rows() {
        return rows;
    }

    /** Rows flagged. */
    public long flaggedCount() {
        return flagged.cardinality();
    }

    /** Whether row {@code row} was flagged. */
    public boolean flagged(long row) {
        return flagged.get(Math.toIntExact(row));
    }

    /** Whether the scores carry ids. */
    public boolean hasIds() {
        return rowOfId != null;
    }

    /** The ids' column type in the scores, or {@code null}. */
    public PrimitiveType idType() {
        return idType;
    }

    /** The name of the scanned input's column the ids came from, or {@code null} when unknown or without ids. */
    public String idSource() {
        return idSource;
    }

    /** The row of an id's join key ({@link PrimitiveValues#key}), or -1 when no row has it. */
    public long rowOf(Object key) {
        if (rowOfId == null) {
            throw new IllegalStateException(where + " has no ids");
        }
        Long row = rowOfId.get(key);
        return row == null ? -1 : row;
    }
}
