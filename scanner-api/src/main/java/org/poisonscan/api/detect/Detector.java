package org.poisonscan.api.detect;

import java.io.IOException;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.data.ActivationSource;

/**
 * A poisoned-data detector. {@link #fit} reads the source in as many passes as it needs (never holding all rows) and
 * returns a {@link FittedDetector} that scores and flags rows batch by batch and gives a verdict per class.
 */
public interface Detector {

    /** Short name used in options and score columns ({@code spectral} gives {@code score_spectral}). */
    String name();

    /** Learns the per-class statistics and thresholds from the source. */
    FittedDetector fit(ActivationSource source, ComputeBackend backend) throws IOException;
}
