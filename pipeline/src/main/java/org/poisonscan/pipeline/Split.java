package org.poisonscan.pipeline;

import java.util.List;

/**
 * Records split by a scan's verdicts; every record is in exactly one list, in input order.
 *
 * @param clean records whose row was not flagged
 * @param quarantined records whose row was flagged
 * @param <T> the record type
 */
public record Split<T>(List<T> clean, List<T> quarantined) {
    public Split {
        clean = List.copyOf(clean);
        quarantined = List.copyOf(quarantined);
    }
}
