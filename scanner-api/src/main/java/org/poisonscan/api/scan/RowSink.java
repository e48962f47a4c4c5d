package org.poisonscan.api.scan;

import java.io.IOException;
import java.util.List;
import org.poisonscan.api.data.Batch;

/** Receives every row's scores and final flag during the scan's last pass, batch by batch, in input order. */
public interface RowSink {

    /** Called once before the first batch with the detectors' names, in score-column order. */
    void begin(List<String> detectorNames) throws IOException;

    /**
     * @param batch the rows
     * @param scores {@code scores[detector][row]}, {@code NaN} where a detector did not score the row
     * @param flags the final flag per row
     */
    void accept(Batch batch, double[][] scores, boolean[] flags) throws IOException;

    /** Called once after the last batch of a completed scan. */
    default void end() throws IOException {
    }

    /**
     * Called instead of {@link #end()} when the scan fails after {@link #begin}: a sink writing a file removes its
     * unfinished output. Must not throw.
     */
    default void abort() {
    }
}
