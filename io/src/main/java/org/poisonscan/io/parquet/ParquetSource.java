package org.poisonscan.io.parquet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.BatchReader;
import org.poisonscan.api.data.InvalidInputException;

/**
 * Activations from a Parquet file or a directory of part files ({@link ParquetParts}, rows in part-name order): a
 * list column of float or double per row (see {@link ActivationColumn} for the
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
    private final ParquetParts parts;
    private final ParquetLayout layout;
    private final long rows;
    private final int dim;
    private final StringLabels names;

    private ParquetSource(ParquetParts parts, ParquetLayout layout, long rows, int dim, StringLabels names) {
        this.parts = parts;
        this.layout = layout;
        this.rows = rows;
        this.dim = dim;
        this.names = names;
    }

    /**
     * Opens {@code path}, a Parquet file or a directory of part files, with the columns named by {@code options}.
     *
     * @throws InvalidInputException when the file is missing or unreadable, a directory holds no parts or parts of
     *     different schemas, a column is missing or of the wrong type, there are no rows, or the first row or a label
     *     cannot be read
     */
    public static ParquetSource open(Path path, ParquetOptions options) throws IOException {
        return open(ParquetParts.of(path), options);
    }

    /** Opens a data set whose parts were listed and checked already (their footers are not read again). */
    public static ParquetSource open(ParquetParts parts, ParquetOptions options) throws IOException {
        Path path = parts.path();
        ParquetLayout layout = ParquetLayout.resolve(parts.schema(), options, path.toString());
        long rows = parts.totalRows();
        if (rows == 0) {
            throw new InvalidInputException(path + (parts.isDirectory() ? ": its parts have no rows"
                    : ": the file has no rows"));
        }
        int dim = firstDimension(parts, layout);
        StringLabels names = layout.label().kind() == ScalarColumn.Kind.STRING
                ? StringLabels.collect(parts, layout.label()) : null;
        return new ParquetSource(parts, layout, rows, dim, names);
    }

    /** Whether the schema of {@code path} (a file, or a directory's first part) has a top-level column {@code name}. */
    public static boolean hasColumn(Path path, String name) throws IOException {
        return ParquetParts.of(path).schema().containsField(name);
    }

    private static int firstDimension(ParquetParts parts, ParquetLayout layout) throws IOException {
        ActivationColumn a = layout.activation();
        try (PartGroups groups = new PartGroups(parts, layout.projectionOf(a.name()))) {
            if (groups.next()) {
                return ActivationDecoder.length(groups.current().listCursor(a), a, 0);
            }
        }
        throw new InvalidInputException(parts.path() + ": no rows");
    }

    /** The file or directory opened. */
    public Path file() {
        return parts.path();
    }

    /** The part files and their row counts (one part for a file). */
    public ParquetParts parts() {
        return parts;
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
        return parts.path().toString();
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
        return new ParquetBatchReader(parts, layout, names, rows, dim, maxBatchRows);
    }
}
