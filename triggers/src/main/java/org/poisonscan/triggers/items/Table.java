package org.poisonscan.triggers.items;

import java.util.ArrayList;
import java.util.List;

/**
 * Columns of a table read as text (a missing or null cell is {@code null}), row-aligned. Immutable.
 *
 * @param source the file, for messages
 * @param names column names in file order
 * @param columns one array of cells per column (copied)
 */
public record Table(String source, List<String> names, List<String[]> columns) {
    public Table {
        names = List.copyOf(names);
        List<String[]> copy = new ArrayList<>();
        int rows = -1;
        for (String[] c : columns) {
            if (rows >= 0 && c.length != rows) {
                throw new IllegalArgumentException(source + ": columns of different lengths");
            }
            rows = c.length;
            copy.add(c.clone());
        }
        if (names.size() != copy.size()) {
            throw new IllegalArgumentException(source + ": " + names.size() + " names for " + copy.size() + " columns");
        }
        columns = List.copyOf(copy);
    }

    /** Number of rows (0 without columns). */
    public int rows() {
        return columns.isEmpty() ? 0 : columns.get(0).length;
    }

    /** The cells of column {@code name} (a copy). */
    public String[] column(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new org.poisonscan.api.data.InvalidInputException(source + ": no column '" + name + "' (columns: "
                    + String.join(", ", names.subList(0, Math.min(20, names.size()))) + ")");
        }
        return columns.get(i).clone();
    }
}
