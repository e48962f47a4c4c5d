package org.poisonscan.io.parquet;

/**
 * Which columns of a Parquet file hold the activations, labels, row ids and ground truth. Names are top-level column
 * names, matched exactly.
 *
 * @param activationColumn a list of float or double per row (default {@code activation})
 * @param labelColumn integer or string class labels (default {@code label})
 * @param idColumn a primitive column identifying each row, or {@code null} for none
 * @param groundTruthColumn a boolean or 0/1 integer poison mark, or {@code null} for none
 */
public record ParquetOptions(String activationColumn, String labelColumn, String idColumn, String groundTruthColumn) {
    /** Default activation column. */
    public static final String DEFAULT_ACTIVATION = "activation";
    /** Default label column. */
    public static final String DEFAULT_LABEL = "label";
    /** Ground-truth column that {@link org.poisonscan.io.ActivationSources} uses when present and none is named. */
    public static final String DEFAULT_GROUND_TRUTH = "poison";

    public ParquetOptions {
        activationColumn = orDefault(activationColumn, DEFAULT_ACTIVATION);
        labelColumn = orDefault(labelColumn, DEFAULT_LABEL);
        idColumn = blankToNull(idColumn);
        groundTruthColumn = blankToNull(groundTruthColumn);
        if (activationColumn.equals(labelColumn)) {
            throw new IllegalArgumentException("the activation and label columns must differ, both are '"
                    + labelColumn + "'");
        }
    }

    /** The default activation and label columns, no id, no ground truth. */
    public static ParquetOptions defaults() {
        return new ParquetOptions(null, null, null, null);
    }

    /** A copy with another id column ({@code null} for none). */
    public ParquetOptions withIdColumn(String id) {
        return new ParquetOptions(activationColumn, labelColumn, id, groundTruthColumn);
    }

    /** A copy with another ground-truth column ({@code null} for none). */
    public ParquetOptions withGroundTruthColumn(String groundTruth) {
        return new ParquetOptions(activationColumn, labelColumn, idColumn, groundTruth);
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
