package org.poisonscan.io.parquet;

import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.poisonscan.api.data.InvalidInputException;

/**
 * The activation column: a top-level field holding one list of float or double per row. Every layout in use stores
 * such a list as a single leaf column with one level of repetition, so all are read the same way:
 *
 * <ul>
 *   <li>a plain repeated field, {@code repeated float activation};
 *   <li>the standard three-level LIST, {@code optional group activation (LIST) { repeated group list { optional float
 *       element; } }}, as written by Spark, pyarrow/pandas and DuckDB (DuckDB's fixed-size {@code FLOAT[d]} and
 *       Arrow's {@code fixed_size_list} are stored this way too);
 *   <li>the legacy two-level layouts ({@code repeated float array} inside a LIST group, or Spark's
 *       {@code repeated group bag { optional float array; }}).
 * </ul>
 *
 * <p>Definition levels tell the states of a row apart: below {@code emptyDef} the list is null, at
 * {@code emptyDef} it is empty, from {@code repeatedDef} to below {@code maxDef} an element is null, at
 * {@code maxDef} an element holds a value.
 *
 * @param name the top-level column name
 * @param descriptor the leaf column
 * @param doubles whether the elements are doubles (else floats)
 * @param emptyDef definition level of a present but empty list
 * @param repeatedDef definition level at which the list has an element
 */
public record ActivationColumn(String name, ColumnDescriptor descriptor, boolean doubles, int emptyDef,
        int repeatedDef) {

    /** Definition level of a non-null element. */
    public int maxDef() {
        return descriptor.getMaxDefinitionLevel();
    }

    /**
     * Finds and checks the activation column.
     *
     * @throws InvalidInputException when the column is missing or is not a list of float or double; the message
     *     names the file and the column
     */
    public static ActivationColumn resolve(MessageType schema, String name, String where) {
        Type field = Columns.topLevel(schema, name, "activation", where);
        List<String[]> leaves = new ArrayList<>();
        collectLeaves(field, new ArrayList<>(), leaves);
        if (leaves.size() != 1) {
            throw wrongType(where, name, "a group of " + leaves.size() + " leaf columns");
        }
        ColumnDescriptor leaf = schema.getColumnDescription(leaves.get(0));
        PrimitiveTypeName type = leaf.getPrimitiveType().getPrimitiveTypeName();
        if (leaf.getMaxRepetitionLevel() != 1) {
            throw wrongType(where, name, leaf.getMaxRepetitionLevel() == 0 ? "a single " + describe(leaf) + " per row"
                    : "a list nested " + leaf.getMaxRepetitionLevel() + " levels deep");
        }
        if (type != PrimitiveTypeName.FLOAT && type != PrimitiveTypeName.DOUBLE) {
            throw wrongType(where, name, "a list of " + describe(leaf));
        }
        int def = 0;
        int emptyDef = -1;
        int repeatedDef = -1;
        Type node = schema;
        for (String part : leaf.getPath()) {
            node = node.asGroupType().getType(part);
            if (node.isRepetition(Type.Repetition.REPEATED)) {
                emptyDef = def;
                repeatedDef = def + 1;
            }
            if (!node.isRepetition(Type.Repetition.REQUIRED)) {
                def++;
            }
        }
        return new ActivationColumn(name, leaf, type == PrimitiveTypeName.DOUBLE, emptyDef, repeatedDef);
    }

    private static void collectLeaves(Type type, List<String> path, List<String[]> out) {
        path.add(type.getName());
        if (type.isPrimitive()) {
            out.add(path.toArray(new String[0]));
        } else {
            GroupType group = type.asGroupType();
            for (Type child : group.getFields()) {
                collectLeaves(child, path, out);
            }
        }
        path.remove(path.size() - 1);
    }

    private static String describe(ColumnDescriptor leaf) {
        return Columns.describe(leaf.getPrimitiveType());
    }

    private static InvalidInputException wrongType(String where, String name, String found) {
        return new InvalidInputException(where + ": column '" + name + "' has the wrong type: it holds " + found
                + "; the activation column must hold a list of float or double per row");
    }
}
