package org.poisonscan.io.parquet;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.parquet.schema.MessageType;

/**
 * Walks the non-empty row groups of a data set's parts in row order, one part open at a time, reading only the
 * projected columns: {@link RowGroups} across {@link ParquetParts}.
 */
final class PartGroups implements Closeable {
    private final ParquetParts parts;
    private final MessageType projection;
    private RowGroups groups;
    private int part = -1;
    private long partStart;

    PartGroups(ParquetParts parts, MessageType projection) {
        this.parts = parts;
        this.projection = projection;
    }

    /** Moves to the next non-empty row group, opening the next part when one ends; false after the last. */
    boolean next() throws IOException {
        while (groups == null || !groups.next()) {
            if (groups != null) {
                groups.close();
                groups = null;
                partStart += parts.rows().get(part);
            }
            if (part + 1 >= parts.files().size()) {
                return false;
            }
            part++;
            groups = RowGroups.open(parts.files().get(part), projection);
        }
        return true;
    }

    /** The current part's row groups, positioned on the current one. */
    RowGroups current() {
        return groups;
    }

    /** Index of the current part (after the last one, the number of parts). */
    int part() {
        return groups == null ? parts.files().size() : part;
    }

    /** The data set's index of the current part's first row (after the last part, the total). */
    long partStart() {
        return partStart;
    }

    /** The data set's path: its one file, or its directory of parts. */
    Path dataSet() {
        return parts.path();
    }

    /** The current part's file, or the data set's path after the last part. */
    Path file() {
        return groups == null ? parts.path() : parts.files().get(part);
    }

    @Override
    public void close() throws IOException {
        if (groups != null) {
            groups.close();
            groups = null;
        }
    }
}
