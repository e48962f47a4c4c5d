package org.poisonscan.io.parquet;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Values of any primitive Parquet column as Java objects ({@link Integer}, {@link Long}, {@link Float},
 * {@link Double}, {@link Boolean}, or a copied {@link Binary} for byte arrays, fixed-length arrays and INT96), and
 * their join keys: integers widen to {@link Long} (unsigned ones by value), floats to {@link Double}, so an id
 * written as int32 in one file matches the same id written as int64 in another.
 */
public final class PrimitiveValues {
    private PrimitiveValues() {
    }

    /** The cursor's current value (the caller has checked it is not null). */
    static Object read(ColumnCursor c, PrimitiveTypeName type) {
        return switch (type) {
            case INT32 -> c.getInteger();
            case INT64 -> c.getLong();
            case FLOAT -> c.getFloat();
            case DOUBLE -> c.getDouble();
            case BOOLEAN -> c.getBoolean();
            case BINARY, FIXED_LEN_BYTE_ARRAY, INT96 -> c.getBinary().copy();
        };
    }

    /** Field {@code field}'s first value in a record, or {@code null} when the field is absent (null). */
    public static Object read(Group record, int field, PrimitiveTypeName type) {
        if (record.getFieldRepetitionCount(field) == 0) {
            return null;
        }
        return switch (type) {
            case INT32 -> record.getInteger(field, 0);
            case INT64 -> record.getLong(field, 0);
            case FLOAT -> record.getFloat(field, 0);
            case DOUBLE -> record.getDouble(field, 0);
            case BOOLEAN -> record.getBoolean(field, 0);
            case BINARY, FIXED_LEN_BYTE_ARRAY -> record.getBinary(field, 0).copy();
            case INT96 -> record.getInt96(field, 0).copy();
        };
    }

    /** Adds {@code value} (as returned by {@code read}) to field {@code field} of {@code record}. */
    public static void add(Group record, int field, Object value) {
        if (value instanceof Integer v) {
            record.add(field, v.intValue());
        } else if (value instanceof Long v) {
            record.add(field, v.longValue());
        } else if (value instanceof Float v) {
            record.add(field, v.floatValue());
        } else if (value instanceof Double v) {
            record.add(field, v.doubleValue());
        } else if (value instanceof Boolean v) {
            record.add(field, v.booleanValue());
        } else if (value instanceof Binary v) {
            record.add(field, v);
        } else {
            throw new IllegalArgumentException("not a Parquet primitive value: " + value);
        }
    }

    /** The join key of a value of {@code type}: see the class comment. */
    public static Object key(Object value, PrimitiveType type) {
        boolean unsigned = type.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i
                && !i.isSigned();
        if (value instanceof Integer v) {
            return unsigned ? Integer.toUnsignedLong(v) : (long) v;
        }
        if (value instanceof Float v) {
            return (double) v;
        }
        return value;
    }

    /** What kind of key a column of {@code type} gives: integer, floating, boolean or bytes. */
    public static String keyKind(PrimitiveType type) {
        return switch (type.getPrimitiveTypeName()) {
            case INT32, INT64 -> "integer";
            case FLOAT, DOUBLE -> "floating";
            case BOOLEAN -> "boolean";
            case BINARY, FIXED_LEN_BYTE_ARRAY, INT96 -> "bytes";
        };
    }

    /** A key as text for messages. */
    public static String text(Object key) {
        return key instanceof Binary b ? "'" + b.toStringUsingUTF8() + "'" : String.valueOf(key);
    }
}
