package org.poisonscan.io.parquet;

import java.util.BitSet;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.poisonscan.api.data.InvalidInputException;

/**
 * Matches each input record of a split to its scanned row: by row index (the input must have exactly the scanned
 * number of rows), or by an id column (every input id must be in the scores, no id may repeat, and ids must not be
 * null). Scored ids that are absent from the input are allowed: the input may be a subset of what was scanned.
 */
abstract class RowJoin {
    /** The file being read (one part of a directory), for messages. */
    String partWhere;
    /** The data set's index of that file's first row. */
    long partStart;

    /** Whether the record at data-set row {@code row} (in row group {@code rowGroup} of its file) is flagged. */
    abstract boolean flagged(Group record, long row, int rowGroup);

    /** Starts the records of one file (a part of a directory), whose first row is data-set row {@code firstRow}. */
    final void enterPart(String file, long firstRow) {
        partWhere = file;
        partStart = firstRow;
    }

    /** The id column, or {@code null} for a join on row index. */
    abstract String column();

    /**
     * The join on row index. When the scores carry ids and the input still has the column they were read from, each
     * input row's id must be the id scanned at that row: a reordered or different file with the same row count would
     * otherwise be split silently by the wrong flags.
     */
    static RowJoin byRow(ScoreFlags flags, MessageType schema, long inputRows, String where) {
        if (flags.rows() != inputRows) {
            throw new InvalidInputException(where + ": the input has " + inputRows + " rows but " + flags.where()
                    + " scores " + flags.rows() + "; split the file that was scanned, or join on an id column");
        }
        String source = flags.idSource();
        if (flags.hasIds() && source != null && schema.containsField(source)) {
            ScalarColumn id = ScalarColumn.id(schema, source, where);
            if (!PrimitiveValues.keyKind(id.type()).equals(PrimitiveValues.keyKind(flags.idType()))) {
                // The scanned id column with another type: a rewritten file, whose order cannot be checked, so it
                // is not split by row number on trust (a shuffled copy with string ids was split by wrong flags).
                throw new InvalidInputException(where + ": column '" + source + "' holds " + Columns.describe(id.type())
                        + " but the ids scanned from it, in " + flags.where() + ", are "
                        + Columns.describe(flags.idType()) + ", so this is not the file that was scanned and its row"
                        + " order cannot be checked; split the scanned file, or join with --id on a column of the"
                        + " scanned ids' type");
            }
            return new ByRowChecked(flags, schema.getFieldIndex(source), id.type(), source, where);
        }
        return byRow(flags, inputRows, where);
    }

    static RowJoin byRow(ScoreFlags flags, long inputRows, String where) {
        if (flags.rows() != inputRows) {
            throw new InvalidInputException(where + ": the input has " + inputRows + " rows but " + flags.where()
                    + " scores " + flags.rows() + "; split the file that was scanned, or join on an id column");
        }
        return new RowJoin() {
            @Override
            boolean flagged(Group record, long row, int rowGroup) {
                return flags.flagged(row);
            }

            @Override
            String column() {
                return null;
            }
        };
    }

    static RowJoin byId(ScoreFlags flags, MessageType schema, String idColumn, String where) {
        if (flags.idProblem() != null) {
            throw new InvalidInputException(flags.idProblem() + "; ids must be unique and not null to join on them:"
                    + " split the scanned file without --id to match its rows by index");
        }
        if (!flags.hasIds()) {
            throw new InvalidInputException(flags.where() + " has no id column to join '" + idColumn + "' on; scan"
                    + " the Parquet input with an id column so that scores.parquet carries ids");
        }
        ScalarColumn id = ScalarColumn.id(schema, idColumn, where);
        PrimitiveType type = id.type();
        String kind = PrimitiveValues.keyKind(type);
        if (!kind.equals(PrimitiveValues.keyKind(flags.idType()))) {
            throw new InvalidInputException(where + ": column '" + idColumn + "' holds " + Columns.describe(type)
                    + " but the ids in " + flags.where() + " are " + Columns.describe(flags.idType()));
        }
        int field = schema.getFieldIndex(idColumn);
        return new ById(flags, field, type, idColumn, where);
    }

    /** A join that reads each record's id from one column of the input. */
    private abstract static class ReadsIds extends RowJoin {
        final ScoreFlags flags;
        final String column;
        private final int field;
        private final PrimitiveType type;
        private final String where;

        ReadsIds(ScoreFlags flags, int field, PrimitiveType type, String column, String where) {
            this.flags = flags;
            this.field = field;
            this.type = type;
            this.column = column;
            this.where = where;
        }

        /** The record's id as a join key, or {@code null} when the id is null. */
        final Object key(Group record) {
            Object value = PrimitiveValues.read(record, field, type.getPrimitiveTypeName());
            return value == null ? null : PrimitiveValues.key(value, type);
        }

        /** Names the file and its own row group and row (a part of a directory by its file). */
        final InvalidInputException error(long row, int rowGroup, String reason) {
            return new InvalidInputException((partWhere != null ? partWhere : where) + ": column '" + column
                    + "', row group " + rowGroup + ", row " + (row - partStart) + ": " + reason);
        }
    }

    /** By row index, each row's id checked against the id scanned at that row. */
    private static final class ByRowChecked extends ReadsIds {
        ByRowChecked(ScoreFlags flags, int field, PrimitiveType type, String column, String where) {
            super(flags, field, type, column, where);
        }

        @Override
        boolean flagged(Group record, long row, int rowGroup) {
            Object key = key(record);
            if (key == null || flags.rowOf(key) != row) {
                throw error(row, rowGroup, "id " + (key == null ? "null" : PrimitiveValues.text(key)) + " is not the"
                        + " id scanned at this row, so the rows are not in the scanned order; join on the id column"
                        + " with --id " + column);
            }
            return flags.flagged(row);
        }

        @Override
        String column() {
            return null;
        }
    }

    private static final class ById extends ReadsIds {
        private final BitSet used = new BitSet();

        ById(ScoreFlags flags, int field, PrimitiveType type, String column, String where) {
            super(flags, field, type, column, where);
        }

        @Override
        boolean flagged(Group record, long row, int rowGroup) {
            Object key = key(record);
            if (key == null) {
                throw error(row, rowGroup, "the id is null");
            }
            long scored = flags.rowOf(key);
            if (scored < 0) {
                throw error(row, rowGroup, "id " + PrimitiveValues.text(key) + " is not in " + flags.where());
            }
            if (used.get((int) scored)) {
                throw error(row, rowGroup, "id " + PrimitiveValues.text(key) + " appears more than once in the input");
            }
            used.set((int) scored);
            return flags.flagged(scored);
        }

        @Override
        String column() {
            return column;
        }
    }
}
