package org.poisonscan.io.parquet;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Decodes the label column: integers must be non-negative and fit in an int; strings map to class ids through
 * {@link StringLabels}. Null labels are refused.
 */
final class LabelDecoder {
    private final ScalarColumn column;
    private final StringLabels names;
    private final boolean int64;
    private final boolean unsigned;
    private final int maxDef;

    /** @param names the string-to-id map for a string column, {@code null} for integers */
    LabelDecoder(ScalarColumn column, StringLabels names) {
        this.column = column;
        this.names = names;
        this.int64 = column.type().getPrimitiveTypeName() == PrimitiveTypeName.INT64;
        this.unsigned = column.type().getLogicalTypeAnnotation()
                instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i && !i.isSigned();
        this.maxDef = column.descriptor().getMaxDefinitionLevel();
    }

    /** Reads {@code rows} labels into {@code dst[off..]}; {@code firstRow} is the file row index. */
    void read(ColumnCursor c, int rows, int[] dst, int off, long firstRow) {
        for (int r = 0; r < rows; r++) {
            long row = firstRow + r;
            if (!c.hasNext()) {
                throw c.error(row, "the column has fewer values than the row group has rows");
            }
            if (c.definitionLevel() < maxDef) {
                throw c.error(row, "the label is null");
            }
            dst[off + r] = names != null ? names.id(c.getBinary().toStringUsingUTF8(), c, row) : integer(c, row);
            c.consume();
        }
    }

    private int integer(ColumnCursor c, long row) {
        long v;
        if (int64) {
            v = c.getLong();
            if (unsigned && v < 0) {
                throw c.error(row, "label " + Long.toUnsignedString(v) + " does not fit in a 32-bit int");
            }
        } else {
            int i = c.getInteger();
            v = unsigned ? Integer.toUnsignedLong(i) : i;
        }
        if (v < 0) {
            throw c.error(row, "label " + v + " is negative; class labels must be non-negative integers");
        }
        if (v > Integer.MAX_VALUE) {
            throw c.error(row, "label " + v + " does not fit in a 32-bit int");
        }
        return (int) v;
    }
}
