package org.poisonscan.api.detect;

import java.util.List;
import java.util.Map;
import org.poisonscan.api.data.Batch;

/** A detector fitted to one source: scores rows and holds the per-class verdicts. */
public interface FittedDetector {

    /** The detector's name. */
    String name();

    /** One result per class found in the source, in ascending label order. */
    List<ClassResult> classResults();

    /**
     * Scores the rows of a batch of the source this detector was fitted to. Higher scores are more suspicious; a row
     * of a class that was not scanned gets {@code NaN} and is never flagged.
     *
     * @param batch rows to score
     * @param scores receives one score per row
     * @param flags receives whether each row is flagged
     */
    void score(Batch batch, double[] scores, boolean[] flags);

    /** The parameters the detector ran with, for the report. */
    Map<String, Object> parameters();
}
