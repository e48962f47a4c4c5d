package org.poisonscan.api.scan;

/**
 * Receives one line per step of a {@link Scanner} run as it happens (a detector's fit starting and ending, the scoring
 * pass), so that a long scan shows where it is. The steps' times also go into the report's timings.
 */
@FunctionalInterface
public interface ScanProgress {
    /** Ignores every step. */
    ScanProgress NONE = message -> { };

    /** One step, in words, e.g. {@code fitting spectre (2 of 3) on 60,000 rows x 64 dims}. */
    void step(String message);
}
