package org.poisonscan.io.parquet;

import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.io.api.Binary;
import org.poisonscan.api.data.InvalidInputException;

/**
 * One column of one row group, value by value, with what messages need to name the place: the file, the column and
 * the row group. Every Parquet decoding failure is turned into an {@link InvalidInputException} that names them.
 */
final class ColumnCursor {
    private final ColumnReader reader;
    private final long total;
    private final String where;
    private final String column;
    private final int rowGroup;
    private long consumed;

    ColumnCursor(ColumnReader reader, String where, String column, int rowGroup) {
        this.reader = reader;
        this.total = reader.getTotalValueCount();
        this.where = where;
        this.column = column;
        this.rowGroup = rowGroup;
    }

    /** Whether a value (or a null or empty-list marker) is left in this row group. */
    boolean hasNext() {
        return consumed < total;
    }

    int definitionLevel() {
        try {
            return reader.getCurrentDefinitionLevel();
        } catch (RuntimeException e) {
            throw decoding(e);
        }
    }

    int repetitionLevel() {
        try {
            return reader.getCurrentRepetitionLevel();
        } catch (RuntimeException e) {
            throw decoding(e);
        }
    }

    void consume() {
        try {
            reader.consume();
        } catch (RuntimeException e) {
            throw decoding(e);
        }
        consumed++;
    }

    float getFloat() {
        try {
            return reader.getFloat();
        } catch (RuntimeException e) {
            throw decoding(e);
        }
    }

    double getDouble() {
        try {
            return reader.getDouble();
        } catch (RuntimeException e) {
            throw decoding(e);
        }
    }

    int getInteger() {
        try {
            return reader.getInteger();
        } catch (RuntimeException e) {
            throw decoding(e);
        }
    }

    long getLong() {
        try {
            return reader.getLong();
        } catch (RuntimeException e) {
            throw decoding(e);
        }
    }

    boolean getBoolean() {
        try {
            return reader.getBoolean();
        } catch (RuntimeException e) {
            throw decoding(e);
        }
    }

    Binary getBinary() {
        try {
            return reader.getBinary();
        } catch (RuntimeException e) {
            throw decoding(e);
        }
    }

    /** An error about {@code row} (0-based in the file) of this column. */
    InvalidInputException error(long row, String reason) {
        return new InvalidInputException(where + ": column '" + column + "', row group " + rowGroup + ", row " + row
                + ": " + reason);
    }

    /** An error about this column chunk as a whole. */
    InvalidInputException error(String reason) {
        return new InvalidInputException(where + ": column '" + column + "', row group " + rowGroup + ": " + reason);
    }

    private InvalidInputException decoding(RuntimeException e) {
        if (e instanceof InvalidInputException i) {
            return i;
        }
        return new InvalidInputException(where + ": column '" + column + "', row group " + rowGroup
                + ": cannot decode: " + e.getMessage(), e);
    }
}
