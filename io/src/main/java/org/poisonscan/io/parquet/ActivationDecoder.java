package org.poisonscan.io.parquet;

import org.poisonscan.api.data.ActivationValues;
import org.poisonscan.api.data.Float32Narrowing;

/**
 * Decodes rows of the activation list column into float32 rows of a fixed dimension, refusing null lists, empty
 * lists, null elements, values that are not finite or beyond {@link ActivationValues#MAX_MAGNITUDE} (or, for doubles,
 * do not fit in float32) and lists whose length differs from the first row's.
 */
final class ActivationDecoder {
    private final ActivationColumn column;
    private final int dim;
    /** For a double list: its elements as written, watched for a column that float32 makes constant. */
    private final Float32Narrowing narrowing;

    ActivationDecoder(ActivationColumn column, int dim) {
        this.column = column;
        this.dim = dim;
        this.narrowing = column.doubles() ? new Float32Narrowing(dim) : null;
    }

    /** After a whole pass: refuses an element position that varied as doubles but not once narrowed. */
    void checkNarrowing(String where) {
        if (narrowing != null) {
            narrowing.check(where + ": column '" + column.name() + "'", k -> "element " + k + " of the lists");
        }
    }

    /** Reads {@code rows} rows into {@code dst[off..off + rows * dim)}; {@code firstRow} is the file row index. */
    void read(ListValueCursor c, int rows, float[] dst, int off, long firstRow) {
        for (int r = 0; r < rows; r++) {
            readRow(c, dst, off + r * dim, firstRow + r);
        }
    }

    private void readRow(ListValueCursor c, float[] dst, int off, long row) {
        int def = start(c, column, row);
        if (c.copyRow(dst, off, dim)) {
            for (int k = 0; k < dim; k++) {
                if (!ActivationValues.usable(dst[off + k])) {
                    throw c.error(row, "element " + k + " " + ActivationValues.problem(dst[off + k]));
                }
            }
            return;
        }
        int maxDef = column.maxDef();
        boolean doubles = column.doubles();
        int k = 0;
        while (true) {
            if (def < maxDef) {
                throw c.error(row, "element " + k + " of the activation list is null");
            }
            float v;
            if (doubles) {
                double x = c.getDouble();
                if (k < dim) {
                    narrowing.observe(k, x);
                }
                v = (float) x;
                if (!ActivationValues.usable(v)) {
                    throw c.error(row, "element " + k + (Double.isFinite(x) && !Float.isFinite(v)
                            ? " is " + x + ", which does not fit in float32" : " " + ActivationValues.problem(x)));
                }
            } else {
                v = c.getFloat();
                if (!ActivationValues.usable(v)) {
                    throw c.error(row, "element " + k + " " + ActivationValues.problem(v));
                }
            }
            if (k < dim) {
                dst[off + k] = v;
            }
            k++;
            c.consume();
            if (!c.hasNext() || c.repetitionLevel() == 0) {
                break;
            }
            def = c.definitionLevel();
        }
        if (k != dim) {
            throw c.error(row, "the activation list has " + k + " values but the first row has " + dim
                    + " (lists of differing lengths)");
        }
    }

    /** The number of elements of the cursor's next row (the file's first row when called on a fresh cursor). */
    static int length(ListValueCursor c, ActivationColumn column, long row) {
        int k = 0;
        start(c, column, row);
        do {
            k++;
            c.consume();
        } while (c.hasNext() && c.repetitionLevel() != 0);
        return k;
    }

    /** Checks that a row starts with an element and returns its definition level. */
    private static int start(ListValueCursor c, ActivationColumn column, long row) {
        if (!c.hasNext()) {
            throw c.error(row, "the column has fewer values than the row group has rows");
        }
        int def = c.definitionLevel();
        if (def < column.repeatedDef()) {
            throw c.error(row, def < column.emptyDef() ? "the activation list is null (null activations)"
                    : "the activation list is empty");
        }
        return def;
    }
}
