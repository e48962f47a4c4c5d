package org.poisonscan.io.parquet;

import java.io.Closeable;
import java.io.IOException;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.poisonscan.api.data.InvalidInputException;

/**
 * Streams the id column of a Parquet data set value by value in row order, part after part, reading no other column.
 */
final class IdReader implements Closeable {
    private final ParquetParts parts;
    private final ScalarColumn column;
    private final PrimitiveTypeName type;
    private final int maxDef;
    private final PartGroups groups;
    private ColumnCursor cursor;
    private long leftInGroup;

    IdReader(ParquetParts parts, ParquetLayout layout) {
        this.parts = parts;
        this.column = layout.id();
        this.type = column.type().getPrimitiveTypeName();
        this.maxDef = column.descriptor().getMaxDefinitionLevel();
        this.groups = new PartGroups(parts, layout.projectionOf(column.name()));
    }

    /** The id of the next row (data-set row {@code row}), or {@code null} when it is null. */
    Object next(long row) throws IOException {
        while (leftInGroup == 0) {
            if (!groups.next()) {
                throw new InvalidInputException(parts.path() + ": column '" + column.name() + "' ended before row "
                        + row + "; was the file changed?");
            }
            leftInGroup = groups.current().rows();
            cursor = groups.current().cursor(column.descriptor(), column.name());
        }
        if (!cursor.hasNext()) {
            throw cursor.error(row - groups.partStart(), "the column has fewer values than the row group has rows");
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
