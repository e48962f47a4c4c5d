package org.poisonscan.io.parquet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.parquet.schema.MessageType;
import org.poisonscan.api.data.InvalidInputException;

/**
 * Class ids for string labels: the distinct strings of the label column sorted in Java {@link String} order are
 * classes {@code 0..k-1}. For Parquet, built by one pass over the label column alone when the source is opened; the
 * CSV reader builds it from the names it met while checking the file ({@link #sorted}).
 */
public final class StringLabels {
    /** The most distinct labels accepted: more suggests the wrong column was named as the label. */
    public static final int MAX_CLASSES = 65_536;

    private final List<String> names;
    private final Map<String, Integer> ids;

    StringLabels(List<String> names) {
        this.names = List.copyOf(names);
        this.ids = new HashMap<>();
        for (int i = 0; i < this.names.size(); i++) {
            ids.put(this.names.get(i), i);
        }
    }

    /** Ids for the distinct {@code names}, in sorted order. */
    public static StringLabels sorted(java.util.Collection<String> names) {
        return new StringLabels(List.copyOf(new TreeSet<>(names)));
    }

    /** Reads every label of {@code column} and assigns the ids. */
    static StringLabels collect(ParquetParts parts, ScalarColumn column) throws IOException {
        TreeSet<String> distinct = new TreeSet<>();
        for (Path file : parts.files()) {
            collect(file, parts.schema(), column, distinct);
        }
        return new StringLabels(List.copyOf(distinct));
    }

    private static void collect(Path file, MessageType schema, ScalarColumn column, TreeSet<String> distinct)
            throws IOException {
        int maxDef = column.descriptor().getMaxDefinitionLevel();
        long row = 0;
        try (RowGroups groups = RowGroups.open(file, Columns.project(schema, List.of(column.name())))) {
            while (groups.next()) {
                ColumnCursor c = groups.cursor(column.descriptor(), column.name());
                for (long r = 0; r < groups.rows(); r++, row++) {
                    if (!c.hasNext()) {
                        throw c.error(row, "the column has fewer values than the row group has rows");
                    }
                    if (c.definitionLevel() < maxDef) {
                        throw c.error(row, "the label is null");
                    }
                    if (distinct.add(c.getBinary().toStringUsingUTF8()) && distinct.size() > MAX_CLASSES) {
                        throw new InvalidInputException(file + ": column '" + column.name() + "' has more than "
                                + MAX_CLASSES + " distinct labels; is it the label column?");
                    }
                    c.consume();
                }
            }
        }
    }

    /** The class names, in class-id order. */
    public List<String> names() {
        return names;
    }

    /** The name of class {@code id}, or empty when there is no such class. */
    public Optional<String> name(int id) {
        return id >= 0 && id < names.size() ? Optional.of(names.get(id)) : Optional.empty();
    }

    /** The class id of {@code label}, or -1 when it is not one of the names. */
    public int id(String label) {
        Integer id = ids.get(label);
        return id == null ? -1 : id;
    }

    int id(String label, ColumnCursor c, long row) {
        Integer id = ids.get(label);
        if (id == null) {
            throw c.error(row, "label '" + label + "' was not in the file when it was opened; was it changed?");
        }
        return id;
    }
}
