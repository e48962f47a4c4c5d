package org.poisonscan.io.parquet;

import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.Type;

/**
 * A record converter that ignores every value. The column readers of {@link
 * org.apache.parquet.column.impl.ColumnReadStoreImpl} need one to exist; PoisonScan reads values straight from the
 * readers instead, which is several times faster than materialising records.
 */
final class NoOpConverter extends GroupConverter {
    private static final PrimitiveConverter PRIMITIVE = new PrimitiveConverter() {
    };
    private final Converter[] children;

    NoOpConverter(GroupType type) {
        children = new Converter[type.getFieldCount()];
        for (int i = 0; i < children.length; i++) {
            Type child = type.getType(i);
            children[i] = child.isPrimitive() ? PRIMITIVE : new NoOpConverter(child.asGroupType());
        }
    }

    @Override
    public Converter getConverter(int fieldIndex) {
        return children[fieldIndex];
    }

    @Override
    public void start() {
    }

    @Override
    public void end() {
    }
}
