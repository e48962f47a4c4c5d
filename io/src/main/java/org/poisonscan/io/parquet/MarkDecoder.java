package org.poisonscan.io.parquet;

import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/** Decodes the ground-truth column: booleans, or integers that are 0 or 1. Nulls are refused. */
final class MarkDecoder {
    private final PrimitiveTypeName type;
    private final int maxDef;

    MarkDecoder(ScalarColumn column) {
        this.type = column.type().getPrimitiveTypeName();
        this.maxDef = column.descriptor().getMaxDefinitionLevel();
    }

    /** Reads {@code rows} marks into {@code dst[off..]}; {@code firstRow} is the file row index. */
    void read(ColumnCursor c, int rows, boolean[] dst, int off, long firstRow) {
        for (int r = 0; r < rows; r++) {
            long row = firstRow + r;
            if (!c.hasNext()) {
                throw c.error(row, "the column has fewer values than the row group has rows");
            }
            if (c.definitionLevel() < maxDef) {
                throw c.error(row, "the ground-truth mark is null");
            }
            if (type == PrimitiveTypeName.BOOLEAN) {
                dst[off + r] = c.getBoolean();
            } else {
                long v = type == PrimitiveTypeName.INT64 ? c.getLong() : c.getInteger();
                if (v != 0 && v != 1) {
                    throw c.error(row, "ground-truth mark " + v + " is not 0 or 1");
                }
                dst[off + r] = v == 1;
            }
            c.consume();
        }
    }
}
