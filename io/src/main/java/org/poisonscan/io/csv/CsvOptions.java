package org.poisonscan.io.csv;

import java.util.List;

/**
 * Which CSV columns hold what. Without a feature list or prefix, every column other than the label, ground-truth and
 * id columns is a feature.
 *
 * @param labelColumn name of the integer class-label column (default {@value #DEFAULT_LABEL})
 * @param groundTruthColumn name of the 0/1 ground-truth column, or {@code null} to use a column named
 *     {@value #DEFAULT_GROUND_TRUTH} when there is one
 * @param featureColumns the feature columns in order, or {@code null}
 * @param featurePrefix a prefix selecting the feature columns (in file order), or {@code null}
 * @param idColumn a column of row ids, which is never a feature (it must exist), or {@code null}
 */
public record CsvOptions(String labelColumn, String groundTruthColumn, List<String> featureColumns,
        String featurePrefix, String idColumn) {
    /** Label column used when none is named. */
    public static final String DEFAULT_LABEL = "label";
    /** Ground-truth column used, when present, if none is named. */
    public static final String DEFAULT_GROUND_TRUTH = "poison";

    public CsvOptions {
        if (labelColumn == null || labelColumn.isBlank()) {
            labelColumn = DEFAULT_LABEL;
        }
        if (featureColumns != null && featurePrefix != null) {
            throw new IllegalArgumentException("give a feature column list or a feature prefix, not both");
        }
        if (featureColumns != null) {
            featureColumns = List.copyOf(featureColumns);
            if (featureColumns.isEmpty()) {
                throw new IllegalArgumentException("the feature column list is empty");
            }
        }
    }

    /** Options without an id column. */
    public CsvOptions(String labelColumn, String groundTruthColumn, List<String> featureColumns, String featurePrefix) {
        this(labelColumn, groundTruthColumn, featureColumns, featurePrefix, null);
    }

    /** Label column {@value #DEFAULT_LABEL}, ground truth {@value #DEFAULT_GROUND_TRUTH} if present, other columns. */
    public static CsvOptions defaults() {
        return new CsvOptions(DEFAULT_LABEL, null, null, null, null);
    }
}
