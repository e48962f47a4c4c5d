package org.poisonscan.api.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Detection quality against ground truth for a set of rows.
 *
 * @param rows rows evaluated
 * @param poisoned rows marked poisoned in the ground truth
 * @param truePositives flagged and poisoned
 * @param falsePositives flagged and clean
 * @param precision TP / flagged ({@code NaN} when nothing is flagged)
 * @param recall TP / poisoned ({@code NaN} when nothing is poisoned)
 * @param falsePositiveRate FP / clean ({@code NaN} when nothing is clean)
 * @param auroc area under the ROC curve of each detector's score, by detector name ({@code NaN} when the rows are all
 *     poisoned or all clean); unscored rows rank lowest
 */
public record Metrics(long rows, long poisoned, long truePositives, long falsePositives, double precision,
        double recall, double falsePositiveRate, Map<String, Double> auroc) {
    public Metrics {
        auroc = Collections.unmodifiableMap(new LinkedHashMap<>(auroc));
    }

    /** Rows flagged. */
    public long flagged() {
        return truePositives + falsePositives;
    }
}
