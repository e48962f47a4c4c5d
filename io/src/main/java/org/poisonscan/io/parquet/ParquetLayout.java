package org.poisonscan.io.parquet;

import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.schema.MessageType;
import org.poisonscan.api.data.InvalidInputException;

/**
 * The columns a scan reads from a Parquet file, resolved against its schema.
 *
 * @param schema the file's full schema
 * @param activation the activation list column
 * @param label the label column
 * @param id the id column, or {@code null}
 * @param groundTruth the ground-truth column, or {@code null}
 */
public record ParquetLayout(MessageType schema, ActivationColumn activation, ScalarColumn label, ScalarColumn id,
        ScalarColumn groundTruth) {

    /**
     * Resolves {@code options} against {@code schema}.
     *
     * @throws InvalidInputException when a column is missing or of the wrong type, or one column is named for two
     *     roles that cannot share it; the message names the file and the column
     */
    public static ParquetLayout resolve(MessageType schema, ParquetOptions options, String where) {
        // One column cannot fill two decoded roles: a row group's pages can be read once, and a list is no scalar.
        // The id has its own reader, so it may share the label or ground-truth column.
        String activationName = options.activationColumn();
        refuseShared(where, "ground-truth", options.groundTruthColumn(), "label", options.labelColumn(),
                "name a separate boolean or 0/1 column");
        refuseShared(where, "ground-truth", options.groundTruthColumn(), "activation", activationName,
                "name a separate boolean or 0/1 column");
        refuseShared(where, "id", options.idColumn(), "activation", activationName,
                "name a separate column of row ids");
        ActivationColumn activation = ActivationColumn.resolve(schema, options.activationColumn(), where);
        ScalarColumn label = ScalarColumn.label(schema, options.labelColumn(), where);
        ScalarColumn id = options.idColumn() == null ? null : ScalarColumn.id(schema, options.idColumn(), where);
        ScalarColumn truth = options.groundTruthColumn() == null ? null
                : ScalarColumn.groundTruth(schema, options.groundTruthColumn(), where);
        return new ParquetLayout(schema, activation, label, id, truth);
    }

    private static void refuseShared(String where, String role, String name, String otherRole, String otherName,
            String advice) {
        if (name != null && name.equals(otherName)) {
            throw new InvalidInputException(where + ": the " + role + " column '" + name + "' is the " + otherRole
                    + " column; " + advice);
        }
    }

    /** The projection a scan pass reads: activations, labels and ground truth; every other column is skipped. */
    public MessageType scanProjection() {
        List<String> names = new ArrayList<>(List.of(activation.name(), label.name()));
        if (groundTruth != null) {
            names.add(groundTruth.name());
        }
        return Columns.project(schema, names);
    }

    /** The projection of one named column. */
    public MessageType projectionOf(String column) {
        return Columns.project(schema, List.of(column));
    }
}
