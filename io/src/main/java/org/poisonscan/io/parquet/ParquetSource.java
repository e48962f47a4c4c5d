package org.poisonscan.io.parquet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.MessageType;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.BatchReader;
import org.poisonscan.api.data.InvalidInputException;

/**
 * Activations from a Parquet file: a list column of float or double per row (see {@link ActivationColumn} for the
 * layouts read), an integer or string label column, optionally a ground-truth column, and any other columns, which
 * are never decoded. String labels become class ids in sorted order and are reported back through
 * {@link #className(int)}.
 *
 * <p>Opening reads the footer and checks the schema; it also reads the first row (for the dimension) and, for string
 * labels, the label column once. Each pass then streams row group by row group, decoding the activation column a
 * page at a time into arrays ({@link ListValueCursor}) and the other projected columns through Parquet's column
 * readers, holding one row group of the projected columns and one batch: memory does not grow with the number of
 * rows.
 * Values are checked as they are read; a bad value fails the pass with a message naming the file, column, row group
 * and row.
 */
public final class ParquetSource implements ActivationSource {
    private final Path file;
    private final ParquetLayout layout;
    private final long rows;
    private final int dim;
    private final StringLabels names;

    private ParquetSource(Path file, ParquetLayout layout, long rows, int dim, StringLabels names) {
        this.file = file;
        this.layout = layout;
        this.rows = rows;
        this.dim = dim;
        this.names = names;
    }

    /**
     * Opens {@code file} with the columns named by {@code options}.
     *
     * @throws InvalidInputException when the file is missing or unreadable, a column is missing or of the wrong type,
     *     the file has no rows, or the first row or a label cannot be read
     */
    public static ParquetSource open(Path file, ParquetOptions options) throws IOException {
        String where = file.toString();
        MessageType schema;
        long rows;
        try (ParquetFileReader reader = ParquetFiles.open(file)) {
            schema = reader.getFooter().getFileMetaData().getSchema();
            rows = reader.getRecordCount();
        }
        ParquetLayout layout = ParquetLayout.resolve(schema, options, where);
        if (rows == 0) {
            throw new InvalidInputException(where + ": the file has no rows");
        }
        int dim = firstDimension(file, layout);
        StringLabels names = layout.label().kind() == ScalarColumn.Kind.STRING
                ? StringLabels.collect(file, schema, layout.label()) : null;
        return new ParquetSource(file, layout, rows, dim, names);
    }

    /** Whether {@code file}'s schema has a top-level column {@code name} (reads the footer only). */
    public static boolean hasColumn(Path file, String name) throws IOException {
        try (ParquetFileReader reader = ParquetFiles.open(file)) {
            return reader.getFooter().getFileMetaData().getSchema().containsField(name);
        }
    }

    private static int firstDimension(Path file, ParquetLayout layout) throws IOException {
        ActivationColumn a = layout.activation();
        try (RowGroups groups = RowGroups.open(file, layout.projectionOf(a.name()))) {
            if (!groups.next()) {
                throw new InvalidInputException(file + ": the file has no rows");
            }
            return ActivationDecoder.length(groups.listCursor(a), a, 0);
        }
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** The resolved columns. */
    public ParquetLayout layout() {
        return layout;
    }

    /** The class names of string labels in class-id order, or empty for integer labels. */
    public List<String> classNames() {
        return names == null ? List.of() : names.names();
    }

    @Override
    public int dimension() {
        return dim;
    }

    @Override
    public long rowCount() {
        return rows;
    }

    @Override
    public boolean hasGroundTruth() {
        return layout.groundTruth() != null;
    }

    /** Every value was checked as it was read (the constructor or the decoder refuses what a scan cannot take). */
    @Override
    public boolean valuesChecked() {
        return true;
    }

    @Override
    public String description() {
        return file.toString();
    }

    @Override
    public Optional<String> className(int label) {
        return names == null ? Optional.empty() : names.name(label);
    }

    @Override
    public BatchReader open(int maxBatchRows) throws IOException {
        if (maxBatchRows < 1) {
            throw new IllegalArgumentException("maxBatchRows must be >= 1, got " + maxBatchRows);
        }
        RowGroups groups = RowGroups.open(file, layout.scanProjection());
        return new ParquetBatchReader(groups, layout, names, rows, dim, maxBatchRows, file.toString());
    }
}
