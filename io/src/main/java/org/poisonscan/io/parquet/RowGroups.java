package org.poisonscan.io.parquet;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.schema.MessageType;
import org.poisonscan.api.data.InvalidInputException;

/**
 * Walks the row groups of a Parquet file one at a time, reading only the projected columns' chunks: memory is one
 * row group of the projected columns, whatever the file's size. Empty row groups are skipped.
 */
final class RowGroups implements Closeable {
    private final ParquetFileReader reader;
    private final MessageType projection;
    private final List<BlockMetaData> blocks;
    private final String where;
    private final String createdBy;
    private int index = -1;
    private ColumnReadStoreImpl store;
    private PageReadStore pages;

    private RowGroups(ParquetFileReader reader, MessageType projection, String where) {
        this.reader = reader;
        this.projection = projection;
        this.blocks = reader.getRowGroups();
        this.where = where;
        this.createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
    }

    /** Opens {@code file} reading only the columns of {@code projection}. */
    static RowGroups open(Path file, MessageType projection) {
        ParquetFileReader reader = ParquetFiles.open(file);
        try {
            reader.setRequestedSchema(projection);
            return new RowGroups(reader, projection, file.toString());
        } catch (RuntimeException e) {
            closeQuietly(reader);
            throw e;
        }
    }

    /** Moves to the next non-empty row group; false after the last. */
    boolean next() {
        store = null;
        pages = null;
        while (++index < blocks.size()) {
            if (blocks.get(index).getRowCount() == 0) {
                continue;
            }
            try {
                pages = reader.readRowGroup(index);
                store = new ColumnReadStoreImpl(pages, new NoOpConverter(projection), projection, createdBy);
                return true;
            } catch (IOException | RuntimeException e) {
                throw new InvalidInputException(where + ": row group " + index + ": cannot read the column chunks of "
                        + columnNames() + ": " + e.getMessage(), e);
            }
        }
        return false;
    }

    /** 0-based index of the current row group. */
    int index() {
        return index;
    }

    /** Rows in the current row group. */
    long rows() {
        return blocks.get(index).getRowCount();
    }

    /** A reader of one column of the current row group. */
    ColumnCursor cursor(ColumnDescriptor column, String name) {
        try {
            return new ColumnCursor(store.getColumnReader(column), where, name, index);
        } catch (RuntimeException e) {
            throw new InvalidInputException(where + ": column '" + name + "', row group " + index
                    + ": cannot decode: " + e.getMessage(), e);
        }
    }

    /** A page-decoding reader of the activation column of the current row group. */
    ListValueCursor listCursor(ActivationColumn column) {
        return new ListValueCursor(pages.getPageReader(column.descriptor()), column.descriptor(), column.doubles(),
                where, column.name(), index);
    }

    private String columnNames() {
        return projection.getFields().stream().map(f -> "'" + f.getName() + "'").toList().toString();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    private static void closeQuietly(ParquetFileReader r) {
        try {
            r.close();
        } catch (IOException ignored) {
            // The open failed already; that error is the one to report.
        }
    }
}
