package org.poisonscan.pipeline;

import java.util.Objects;
import org.poisonscan.api.scan.ScanReport;

/**
 * A scan's report with the flag of every row.
 *
 * @param report per-class verdicts, totals and provenance
 * @param verdicts every row's final flag, by row index
 */
public record ScanResult(ScanReport report, Verdicts verdicts) {
    public ScanResult {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(verdicts, "verdicts");
    }
}
