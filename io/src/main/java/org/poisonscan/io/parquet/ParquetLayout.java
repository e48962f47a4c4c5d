package org.poisonscan.io.parquet;

import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.schema.MessageType;

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
     * @throws org.poisonscan.api.data.InvalidInputException when a column is missing or of the wrong type; the
     *     message names the file and the column
     */
    public static ParquetLayout resolve(MessageType schema, ParquetOptions options, String where) {
        ActivationColumn activation = ActivationColumn.resolve(schema, options.activationColumn(), where);
        ScalarColumn label = ScalarColumn.label(schema, options.labelColumn(), where);
        ScalarColumn id = options.idColumn() == null ? null : ScalarColumn.id(schema, options.idColumn(), where);
        ScalarColumn truth = options.groundTruthColumn() == null ? null
                : ScalarColumn.groundTruth(schema, options.groundTruthColumn(), where);
        return new ParquetLayout(schema, activation, label, id, truth);
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
