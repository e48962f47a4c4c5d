package org.poisonscan.djl;

import org.poisonscan.api.scan.ScanReport;

/**
 * What a {@link ScanningTrainingListener} hands the training code after its scan.
 *
 * @param epoch the epoch after which the scan ran (1-based)
 * @param scanned rows scanned
 * @param rows the flagged rows, as 0-based indices into the full training set, ascending
 * @param report the scan report (with an evaluation when ground truth was given)
 */
public record FlaggedRows(int epoch, long scanned, long[] rows, ScanReport report) {
    public FlaggedRows {
        rows = rows.clone();
    }

    /** The flagged rows (a copy). */
    @Override
    public long[] rows() {
        return rows.clone();
    }
}
