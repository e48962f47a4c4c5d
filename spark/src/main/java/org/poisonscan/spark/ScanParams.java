package org.poisonscan.spark;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The parameters that {@link PoisonScanner} and {@link PoisonScanModel} share (input and output columns, backend),
 * with their getters; each class declares the {@link Param} objects, as Spark's shared-parameter traits do.
 */
public interface ScanParams extends Params {
    /** The activation column: {@code array<float>}, {@code array<double>} or an ML vector (default "features"). */
    Param<String> featuresCol();

    /** The class-label column: an integer type, or double holding whole numbers (default "label"). */
    Param<String> labelCol();

    /**
     * Prefix of the score columns: one double column per detector, {@code prefix + name} (default "score_", so
     * {@code score_spectral}); null where the detector did not scan the row's class.
     */
    Param<String> scoreColPrefix();

    /** The final flag column, the detectors' flags combined by {@code CombinationRule} (default "flagged"). */
    Param<String> flagCol();

    /** The class-verdict column: poisoned, clean or not_scanned for the row's class (default "class_verdict"). */
    Param<String> verdictCol();

    /** The compute backend of the executors and the driver: auto, java or nd4j (default "auto"). */
    Param<String> backend();

    default String getFeaturesCol() {
        return $(featuresCol());
    }

    default String getLabelCol() {
        return $(labelCol());
    }

    default String getScoreColPrefix() {
        return $(scoreColPrefix());
    }

    default String getFlagCol() {
        return $(flagCol());
    }

    default String getVerdictCol() {
        return $(verdictCol());
    }

    default String getBackend() {
        return $(backend());
    }

    /**
     * The output schema: the input's columns, then one score column per detector, the flag and the class verdict.
     *
     * @throws org.poisonscan.api.data.InvalidInputException when an input column is missing or of a type that cannot
     *     be scanned
     * @throws IllegalArgumentException when an output column already exists
     */
    default StructType outputSchema(StructType schema, java.util.List<String> detectors) {
        RowDecoder.of(schema, new InputColumns(getFeaturesCol(), getLabelCol(), null), 0);
        StructType out = schema;
        for (String d : detectors) {
            out = add(out, new StructField(getScoreColPrefix() + d, DataTypes.DoubleType, true,
                    org.apache.spark.sql.types.Metadata.empty()));
        }
        out = add(out, new StructField(getFlagCol(), DataTypes.BooleanType, false,
                org.apache.spark.sql.types.Metadata.empty()));
        return add(out, new StructField(getVerdictCol(), DataTypes.StringType, true,
                org.apache.spark.sql.types.Metadata.empty()));
    }

    private static StructType add(StructType schema, StructField field) {
        for (String n : schema.fieldNames()) {
            if (n.equals(field.name())) {
                throw new IllegalArgumentException("output column '" + field.name() + "' already exists in the data");
            }
        }
        return schema.add(field);
    }
}
