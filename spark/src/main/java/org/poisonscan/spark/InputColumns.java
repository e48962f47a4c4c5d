package org.poisonscan.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The input columns a scan reads.
 *
 * @param featuresCol the activations
 * @param labelCol the class labels
 * @param idCol the row ids that number the rows for sampling, or {@code null} to number rows in input order
 */
record InputColumns(String featuresCol, String labelCol, String idCol) implements Serializable {
    InputColumns {
        Objects.requireNonNull(featuresCol, "featuresCol");
        Objects.requireNonNull(labelCol, "labelCol");
        if (idCol != null && idCol.isBlank()) {
            idCol = null;
        }
    }

    /** The columns to select, in decoder order. */
    List<String> names() {
        List<String> out = new ArrayList<>(List.of(featuresCol, labelCol));
        if (idCol != null) {
            out.add(idCol);
        }
        return out;
    }
}
