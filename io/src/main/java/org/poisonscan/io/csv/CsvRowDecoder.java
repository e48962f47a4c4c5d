package org.poisonscan.io.csv;

import java.math.BigDecimal;
import java.util.Locale;
import org.apache.commons.csv.CSVRecord;
import org.poisonscan.api.data.ActivationValues;
import org.poisonscan.api.data.Float32Narrowing;
import org.poisonscan.api.data.InvalidInputException;
import org.poisonscan.io.parquet.StringLabels;

/**
 * Turns one CSV record into a row: finite float32 features, a non-negative int label (or the id of a class name) and
 * an optional 0/1 ground-truth mark. Every refusal names the file, the line, the column and the reason.
 */
final class CsvRowDecoder {
    private final CsvLayout layout;
    private final int[] features;
    private final String where;
    private final StringLabels classNames;

    /** @param classNames the class ids of the names when the labels are names, {@code null} for integer labels */
    CsvRowDecoder(CsvLayout layout, String where, StringLabels classNames) {
        this.layout = layout;
        this.features = layout.features();
        this.where = where;
        this.classNames = classNames;
    }

    /**
     * Decodes the record's features into {@code dst[off..off + d)} and returns its label.
     *
     * @param line line of the record, for messages
     */
    int decode(CSVRecord record, long line, float[] dst, int off) {
        decodeFeatures(record, line, dst, off);
        return label(record.get(layout.label()), line);
    }

    /** Checks the record's width and decodes its features; returns its (non-empty) label text, not yet decoded. */
    String decodeFeatures(CSVRecord record, long line, float[] dst, int off) {
        return decodeFeatures(record, line, dst, off, null);
    }

    /** As {@link #decodeFeatures(CSVRecord, long, float[], int)}, showing each value as written to {@code narrowing}. */
    String decodeFeatures(CSVRecord record, long line, float[] dst, int off, Float32Narrowing narrowing) {
        if (record.size() != layout.header().size()) {
            throw new InvalidInputException(where + ": line " + line + ": expected " + layout.header().size()
                    + " fields as in the header, found " + record.size());
        }
        for (int j = 0; j < features.length; j++) {
            dst[off + j] = feature(record.get(features[j]), line, features[j], narrowing, j);
        }
        return present(record.get(layout.label()), line, layout.label());
    }

    /** The record's ground-truth mark; only when the layout has a ground-truth column. */
    boolean mark(CSVRecord record, long line) {
        String text = record.get(layout.groundTruth());
        switch (present(text, line, layout.groundTruth()).toLowerCase(Locale.ROOT)) {
            case "1", "1.0", "true":
                return true;
            case "0", "0.0", "false":
                return false;
            default:
                throw cell(line, layout.groundTruth(), "'" + text + "' is not 0/1 or true/false");
        }
    }

    private float feature(String text, long line, int column, Float32Narrowing narrowing, int feature) {
        present(text, line, column);
        String lower = text.toLowerCase(Locale.ROOT).replaceFirst("^[+-]", "");
        if (lower.equals("nan") || lower.equals("inf") || lower.equals("infinity")) {
            throw cell(line, column, "value '" + text + "' is not finite (activations must be finite)");
        }
        double v;
        try {
            // Double.parseDouble also takes Java suffixes such as "1f" and hexadecimal floats such as "0x1p3", which no
            // CSV writer produces (pandas and numpy read neither): a CSV number is decimal and ends in a digit or a dot.
            char last = text.charAt(text.length() - 1);
            if (!Character.isDigit(last) && last != '.' || lower.indexOf('x') >= 0) {
                throw new NumberFormatException();
            }
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw cell(line, column, "'" + text + "' is not a number (select the feature columns by list or prefix "
                    + "to leave out non-numeric columns)");
        }
        float f = (float) v;
        if (narrowing != null) {
            narrowing.observe(feature, v);
        }
        if (!Float.isFinite(f)) {
            throw cell(line, column, "value " + text + " is outside the float32 range");
        }
        if (!ActivationValues.usable(f)) {
            throw cell(line, column, "value " + text + " " + ActivationValues.problem(f));
        }
        return f;
    }

    /** Decodes a label: an integer class id, or the id of a class name when the labels are names. */
    int label(String text, long line) {
        present(text, line, layout.label());
        if (classNames != null) {
            int id = classNames.id(text);
            if (id < 0) {
                throw cell(line, layout.label(), "class name '" + text + "' was not in the file when it was opened;"
                        + " was it changed?");
            }
            return id;
        }
        BigDecimal v;
        try {
            v = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw cell(line, layout.label(), "'" + text + "' is not an integer class label");
        }
        if (v.signum() < 0) {
            throw cell(line, layout.label(), "label " + text + " is negative; class labels must be non-negative "
                    + "integers");
        }
        try {
            return v.intValueExact();
        } catch (ArithmeticException e) {
            throw cell(line, layout.label(), "label " + text + " is not an integer that fits in a 32-bit int");
        }
    }

    private String present(String text, long line, int column) {
        if (text.isEmpty()) {
            throw cell(line, column, "missing value");
        }
        return text;
    }

    private InvalidInputException cell(long line, int column, String reason) {
        return new InvalidInputException(where + ": line " + line + ", column '" + layout.header().get(column)
                + "': " + reason);
    }
}
