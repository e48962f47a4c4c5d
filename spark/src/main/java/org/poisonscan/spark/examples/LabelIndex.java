package org.poisonscan.spark.examples;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StringType;
import org.poisonscan.api.data.InvalidInputException;
import org.poisonscan.api.scan.ClassSummary;
import org.poisonscan.api.scan.ScanReport;

/**
 * Class ids for a string label column, as the CLI numbers them: the distinct names in sorted (Java {@code String})
 * order are classes {@code 0..k-1}. The ids go into a column of their own for the scan; the outputs keep the input's
 * columns, and the report names each class.
 */
final class LabelIndex {
    /** The scanned column holding the class ids. */
    static final String COLUMN = "__poisonscan_label_id";
    /** The most distinct names taken as classes: more suggests the wrong column. */
    static final int MAX_CLASSES = 65_536;

    private final String labelCol;
    private final List<String> names;

    private LabelIndex(String labelCol, List<String> names) {
        this.labelCol = labelCol;
        this.names = List.copyOf(names);
    }

    /** The index of {@code labelCol} when it holds strings, else {@code null} (integers are scanned as they are). */
    static LabelIndex of(Dataset<Row> input, String labelCol) {
        if (!java.util.Arrays.asList(input.columns()).contains(labelCol)
                || !(input.schema().apply(labelCol).dataType() instanceof StringType)) {
            return null;
        }
        if (java.util.Arrays.asList(input.columns()).contains(COLUMN)) {
            throw new InvalidInputException("the input already has a column '" + COLUMN + "'");
        }
        List<Row> distinct = input.select(labelCol).where(functions.col(labelCol).isNotNull()).distinct()
                .limit(MAX_CLASSES + 1).collectAsList();
        if (distinct.size() > MAX_CLASSES) {
            throw new InvalidInputException("label column '" + labelCol + "' has more than " + MAX_CLASSES
                    + " distinct values; is it the label column?");
        }
        List<String> names = new ArrayList<>();
        distinct.forEach(r -> names.add(r.getString(0)));
        names.sort(null);
        return new LabelIndex(labelCol, names);
    }

    /** {@code input} with the class id of each row in {@link #COLUMN} (null where the label is null). */
    Dataset<Row> withIds(Dataset<Row> input) {
        Column position = functions.array_position(functions.lit(names.toArray(String[]::new)),
                functions.col(labelCol));
        return input.withColumn(COLUMN, position.minus(1).cast("int"));
    }

    /** {@code report} with each class named by its label. */
    ScanReport named(ScanReport report) {
        List<ClassSummary> classes = new ArrayList<>();
        for (ClassSummary c : report.classes()) {
            String name = c.label() >= 0 && c.label() < names.size() ? names.get(c.label()) : c.name();
            classes.add(new ClassSummary(c.label(), name, c.rows(), c.flaggedRows(), c.verdict(), c.detectors()));
        }
        return new ScanReport(report.source(), report.rows(), report.dimension(), report.detectors(), classes,
                report.flaggedRows(), report.run(), report.evaluation());
    }
}
