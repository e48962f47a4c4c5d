package org.poisonscan.io.parquet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.poisonscan.api.data.InvalidInputException;

/** Schema look-ups shared by the column resolvers: top-level fields by name, and type names for messages. */
final class Columns {
    private Columns() {
    }

    /** The top-level field {@code name}, or an error that lists the file's columns. */
    static Type topLevel(MessageType schema, String name, String role, String where) {
        if (!schema.containsField(name)) {
            String all = schema.getFields().stream().map(Type::getName).collect(Collectors.joining(", "));
            throw new InvalidInputException(where + ": no " + role + " column '" + name + "'; the columns are: "
                    + all);
        }
        return schema.getType(name);
    }

    /** {@code schema} restricted to the named top-level fields, in file order. */
    static MessageType project(MessageType schema, Collection<String> names) {
        List<Type> fields = new ArrayList<>();
        for (Type f : schema.getFields()) {
            if (names.contains(f.getName())) {
                fields.add(f);
            }
        }
        return new MessageType(schema.getName(), fields);
    }

    /** A primitive type in words, with its logical annotation: {@code binary (STRING)}, {@code int64}. */
    static String describe(PrimitiveType type) {
        String base = type.getPrimitiveTypeName().name().toLowerCase(java.util.Locale.ROOT);
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        return logical == null ? base : base + " (" + logical + ")";
    }
}
