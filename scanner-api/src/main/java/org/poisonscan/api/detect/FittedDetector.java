package org.poisonscan.api.detect;

import java.util.List;
import java.util.Map;
import org.poisonscan.api.data.Batch;

/**
 * A detector fitted to one source: scores rows and holds the per-class verdicts. Not thread-safe: scoring reuses
 * per-instance buffers, so score from one thread at a time (fitting is safe to run concurrently, one fit per thread).
 */
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

    /**
     * Whether this detector flags a row of class {@code label} with score {@code score} once another detector has
     * judged the class poisoned, although it did not judge the class poisoned itself (see
     * {@code CombinationRule}). The class-level question (is this class poisoned?) and the row-level one (which of
     * its rows?) are answered best by different detectors: a clustering verdict with a detector whose ranking is
     * sharper. The default never does.
     *
     * @param label the row's class
     * @param score the row's score from {@link #score}
     */
    default boolean escalatedFlag(int label, double score) {
        return false;
    }

    /** The parameters the detector ran with, for the report. */
    Map<String, Object> parameters();
}
