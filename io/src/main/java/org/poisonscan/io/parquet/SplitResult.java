package org.poisonscan.io.parquet;

import java.nio.file.Path;

/**
 * What a split wrote.
 *
 * @param rows input rows (each landed in exactly one output)
 * @param cleanRows rows written to {@code clean}
 * @param quarantinedRows rows written to {@code quarantine}
 * @param clean the clean file
 * @param quarantine the quarantine file
 * @param joinedOn the id column the rows were matched on, or {@code null} when matched by row index
 */
public record SplitResult(long rows, long cleanRows, long quarantinedRows, Path clean, Path quarantine,
        String joinedOn) {
    public SplitResult {
        if (cleanRows + quarantinedRows != rows) {
            throw new IllegalArgumentException(cleanRows + " + " + quarantinedRows + " != " + rows);
        }
    }
}
