package org.poisonscan.io.parquet;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/** Streams the id column of a Parquet file value by value in row order, reading no other column. */
final class IdReader implements Closeable {
    private final RowGroups groups;
    private final Path file;
    private final ScalarColumn column;
    private final PrimitiveTypeName type;
    private final int maxDef;
    private ColumnCursor cursor;
    private long leftInGroup;

    IdReader(Path file, ParquetLayout layout) {
        this.file = file;
        this.column = layout.id();
        this.groups = RowGroups.open(file, layout.projectionOf(column.name()));
        this.type = column.type().getPrimitiveTypeName();
        this.maxDef = column.descriptor().getMaxDefinitionLevel();
    }

    /** The id of the next row (file row {@code row}), or {@code null} when it is null. */
    Object next(long row) {
        while (leftInGroup == 0) {
            if (!groups.next()) {
                throw new org.poisonscan.api.data.InvalidInputException(file + ": column '" + column.name()
                        + "' ended before row " + row + "; was the file changed?");
            }
            leftInGroup = groups.rows();
            cursor = groups.cursor(column.descriptor(), column.name());
        }
        if (!cursor.hasNext()) {
            throw cursor.error(row, "the column has fewer values than the row group has rows");
        }
        Object value = cursor.definitionLevel() < maxDef ? null : PrimitiveValues.read(cursor, type);
        cursor.consume();
        leftInGroup--;
        return value;
    }

    @Override
    public void close() throws IOException {
        groups.close();
    }
}
