package org.poisonscan.io.csv;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Set;
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
    private final Set<String> names = new HashSet<>();
    private long firstNumberLine = -1;
    private String firstNumber;
    private long firstNameLine = -1;
    private String firstName;

    CsvLabelKinds(String where, String column) {
        this.where = where;
        this.column = column;
    }

    /**
     * Records the (non-empty) label of {@code line}; refuses a mix of numbers and names as soon as it appears.
     *
     * @return whether the label is a number (to be decoded as an integer class id)
     */
    boolean accept(String label, long line) {
        boolean number = isNumber(label);
        if (number) {
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
        return number;
    }

    /** The class ids of the names when every label was text; {@code null} for integer labels. */
    StringLabels names() {
        return names.isEmpty() ? null : StringLabels.sorted(names);
    }

    private static boolean isNumber(String label) {
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
