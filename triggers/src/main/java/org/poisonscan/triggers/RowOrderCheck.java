package org.poisonscan.triggers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.poisonscan.api.data.InvalidInputException;
import org.poisonscan.io.numpy.DenseArrays;
import org.poisonscan.triggers.items.Table;

/**
 * The inputs of {@code triggers} are matched to the scan by position. Where an input carries labels too (the
 * activations, a {@code labels} array beside the images, a {@code label} column of a table), they must agree with the
 * scan's row by row; a shuffled or different file would otherwise be analysed against the wrong flags, silently.
 */
final class RowOrderCheck {
    /** Column or array names taken as the inputs' labels, first found first. */
    static final List<String> LABEL_NAMES = List.of("label", "labels");
    /** Array names taken as an .npz input's labels: also {@code y}, the scan's own default (a shuffled archive with
     *  {@code y} was analysed unchecked, a probe found). */
    static final List<String> NPZ_LABEL_NAMES = List.of("label", "labels", "y");

    /** An .npz input's label array and its name. */
    record NamedLabels(String name, float[] values) {
    }

    private RowOrderCheck() {
    }

    /**
     * Refuses {@code labels} (one text per row, null cells allowed and skipped) unless each equals the scan's label
     * of its row, as a number or as the class name the report gives it.
     *
     * @param what the file and column, for the message
     */
    static void requireSameLabels(String what, String[] labels, ScanOutput scan, Path scores) {
        int[] scanned = scan.labels();
        require(what, labels.length, i -> labels[i] == null || matches(labels[i].strip(), scanned[i], scan),
                i -> labels[i].strip(), scan, scores);
    }

    /** The same check for class ids (an activation file's labels as its reader numbers them). */
    static void requireSameLabels(String what, int[] labels, ScanOutput scan, Path scores) {
        int[] scanned = scan.labels();
        require(what, labels.length, i -> labels[i] == scanned[i], i -> Integer.toString(labels[i]), scan, scores);
    }

    /** The same check for numeric labels (an .npz array's). */
    static void requireSameLabels(String what, float[] labels, ScanOutput scan, Path scores) {
        int[] scanned = scan.labels();
        require(what, labels.length, i -> labels[i] == scanned[i], i -> labels[i] == Math.rint(labels[i])
                ? Long.toString((long) labels[i]) : Float.toString(labels[i]), scan, scores);
    }

    /** Counts the rows (up to the shorter length) that {@code same} rejects; refuses the inputs when there are any. */
    private static void require(String what, int rows, IntPredicate same, IntFunction<String> cell, ScanOutput scan,
            Path scores) {
        int[] scanned = scan.labels();
        int differ = 0;
        int first = -1;
        for (int i = 0; i < rows && i < scanned.length; i++) {
            if (!same.test(i) && differ++ == 0) {
                first = i;
            }
        }
        if (differ > 0) {
            throw new InvalidInputException(String.format(Locale.ROOT, "%s: the label differs from the scan's at"
                    + " %,d of %,d rows (the first at row %d: '%s' here, %s in %s); the inputs must hold the scanned"
                    + " rows in the scanned order", what, differ, rows, first, cell.apply(first),
                    describe(scanned[first], scan), scores));
        }
    }

    /**
     * The first array of {@link #LABEL_NAMES} in an {@code .npz} archive of images, or null when the file is no
     * archive or has none.
     */
    static NamedLabels npzLabels(Path file) throws IOException {
        if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz")) {
            return null;
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (String name : NPZ_LABEL_NAMES) {
                if (zip.getEntry(name + ".npy") != null) {
                    return new NamedLabels(name, DenseArrays.read(file, name).values());
                }
            }
        } catch (ZipException e) {
            return null; // the image reader names the damaged archive
        }
        return null;
    }

    /** The check for a table's first column of {@link #LABEL_NAMES}, when it has one. */
    static void requireSameLabels(Table table, ScanOutput scan, Path scores) {
        for (String name : LABEL_NAMES) {
            if (table.names().contains(name)) {
                requireSameLabels(table.source() + ": column '" + name + "'", table.column(name), scan, scores);
                return;
            }
        }
    }

    private static boolean matches(String cell, int label, ScanOutput scan) {
        return cell.equals(Integer.toString(label)) || cell.equals(scan.className(label)) || numeric(cell, label);
    }

    /** "3.0" for class 3, as a float column prints it. */
    private static boolean numeric(String cell, int label) {
        try {
            return Double.parseDouble(cell) == label;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String describe(int label, ScanOutput scan) {
        String name = scan.className(label);
        return name.equals(Integer.toString(label)) ? "class " + label : "class " + label + " ('" + name + "')";
    }
}
