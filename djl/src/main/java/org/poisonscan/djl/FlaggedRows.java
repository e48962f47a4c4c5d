package org.poisonscan.djl;

import java.util.List;
import org.poisonscan.api.scan.ScanReport;

/**
 * What a {@link ScanningTrainingListener} hands the training code after its scan.
 *
 * @param epoch the epoch after which the scan ran (1-based)
 * @param scanned rows scanned
 * @param rows the flagged rows, as 0-based indices into the full training set, ascending: the scan's, or, with a
 *     {@link PersistenceCheck}, the scan's as the check changed them
 * @param report the activation scan's report (with an evaluation when ground truth was given): its flagged counts
 *     are the scan's, before any check
 * @param evidence the check's decisions, one line each (empty without a check)
 */
public record FlaggedRows(int epoch, long scanned, long[] rows, ScanReport report, List<String> evidence) {
    public FlaggedRows {
        rows = rows.clone();
        evidence = List.copyOf(evidence);
    }

    /** The flagged rows (a copy). */
    @Override
    public long[] rows() {
        return rows.clone();
    }
}
