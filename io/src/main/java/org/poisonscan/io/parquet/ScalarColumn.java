package org.poisonscan.io.parquet;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.poisonscan.api.data.InvalidInputException;

/**
 * A top-level primitive column holding one value per row (label, id or ground truth).
 *
 * @param name the column name
 * @param role what it holds, for messages ({@code label}, {@code id}, {@code ground-truth})
 * @param descriptor the leaf column
 * @param kind how its values are read
 */
public record ScalarColumn(String name, String role, ColumnDescriptor descriptor, Kind kind) {

    /** How a column's values are read. */
    public enum Kind {
        /** INT32 or INT64 integers. */
        INTEGER,
        /** Binary values read as UTF-8 strings. */
        STRING,
        /** Booleans. */
        BOOLEAN,
        /** Any other primitive (only ids may be of this kind). */
        OTHER
    }

    /** The column's primitive type. */
    public PrimitiveType type() {
        return descriptor.getPrimitiveType();
    }

    /** Resolves a label column: integers or strings. */
    public static ScalarColumn label(MessageType schema, String name, String where) {
        ScalarColumn c = resolve(schema, name, "label", where);
        if (c.kind != Kind.INTEGER && c.kind != Kind.STRING) {
            throw wrongType(where, c, "integer or string class labels");
        }
        return c;
    }

    /** Resolves a ground-truth column: booleans or 0/1 integers. */
    public static ScalarColumn groundTruth(MessageType schema, String name, String where) {
        ScalarColumn c = resolve(schema, name, "ground-truth", where);
        if (c.kind != Kind.BOOLEAN && c.kind != Kind.INTEGER) {
            throw wrongType(where, c, "a boolean or 0/1 integer poison mark");
        }
        return c;
    }

    /** Resolves an id column: any primitive type, one value per row. */
    public static ScalarColumn id(MessageType schema, String name, String where) {
        return resolve(schema, name, "id", where);
    }

    /** Resolves any top-level primitive column, {@code role} naming what it holds in messages. */
    static ScalarColumn resolve(MessageType schema, String name, String role, String where) {
        Type field = Columns.topLevel(schema, name, role, where);
        if (!field.isPrimitive() || field.isRepetition(Type.Repetition.REPEATED)) {
            throw new InvalidInputException(where + ": column '" + name + "' has the wrong type: it holds "
                    + (field.isPrimitive() ? "a repeated " + Columns.describe(field.asPrimitiveType())
                            : "a group (" + field.toString().replaceAll("\\s+", " ").strip() + ")")
                    + "; the " + role + " column must hold one primitive value per row");
        }
        ColumnDescriptor d = schema.getColumnDescription(new String[] {name});
        return new ScalarColumn(name, role, d, kindOf(d.getPrimitiveType()));
    }

    private static Kind kindOf(PrimitiveType type) {
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        PrimitiveTypeName p = type.getPrimitiveTypeName();
        if ((p == PrimitiveTypeName.INT32 || p == PrimitiveTypeName.INT64)
                && (logical == null || logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation)) {
            return Kind.INTEGER;
        }
        if (p == PrimitiveTypeName.BINARY && (logical == null
                || logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation)) {
            return Kind.STRING;
        }
        return p == PrimitiveTypeName.BOOLEAN ? Kind.BOOLEAN : Kind.OTHER;
    }

    private static InvalidInputException wrongType(String where, ScalarColumn c, String expected) {
        return new InvalidInputException(where + ": column '" + c.name + "' has the wrong type: it holds "
                + Columns.describe(c.type()) + "; the " + c.role + " column must hold " + expected);
    }
}
