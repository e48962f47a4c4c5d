package org.poisonscan.io.csv;

import java.math.BigDecimal;
import java.util.List;
import java.util.TreeSet;
import org.poisonscan.api.data.InvalidInputException;
import org.poisonscan.io.parquet.StringLabels;

/**
 * Decides, over the checking pass of a CSV file, whether its label column holds integer class ids or class names.
 * Names are accepted when every label is text (none parses as a number): their distinct values in Java
 * {@link String} order become classes {@code 0..k-1}, as for Parquet string labels. A column that mixes both is refused,
 * so that one mistyped id cannot silently turn every id into a name.
 */
final class CsvLabelKinds {
    private final String where;
    private final String column;
    private final TreeSet<String> names = new TreeSet<>();
    private long firstNumberLine = -1;
    private String firstNumber;
    private long firstNameLine = -1;
    private String firstName;

    CsvLabelKinds(String where, String column) {
        this.where = where;
        this.column = column;
    }

    /** Records the (non-empty) label of {@code line}; refuses a mix of numbers and names as soon as it appears. */
    void accept(String label, long line) {
        if (isNumber(label)) {
            if (firstNumberLine < 0) {
                firstNumberLine = line;
                firstNumber = label;
            }
        } else {
            if (firstNameLine < 0) {
                firstNameLine = line;
                firstName = label;
            }
            if (names.add(label) && names.size() > StringLabels.MAX_CLASSES) {
                throw new InvalidInputException(where + ": column '" + column + "' has more than "
                        + StringLabels.MAX_CLASSES + " distinct labels; is it the label column?");
            }
        }
        if (firstNumberLine >= 0 && firstNameLine >= 0) {
            throw mixed(line);
        }
    }

    /** The class names in class-id order when every label was text; {@code null} for integer labels. */
    List<String> names() {
        return names.isEmpty() ? null : List.copyOf(names);
    }

    static boolean isNumber(String label) {
        try {
            new BigDecimal(label.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private InvalidInputException mixed(long line) {
        boolean nameIsLater = firstNameLine > firstNumberLine;
        String later = nameIsLater ? "'" + firstName + "' is not an integer class label"
                : "'" + firstNumber + "' is a number but line " + firstNameLine + " has the class name '" + firstName
                        + "'";
        String earlier = nameIsLater ? " (line " + firstNumberLine + " has the integer label '" + firstNumber + "')"
                : "";
        return new InvalidInputException(where + ": line " + line + ", column '" + column + "': " + later + earlier
                + "; labels must be all integer class ids or all class names");
    }
}
