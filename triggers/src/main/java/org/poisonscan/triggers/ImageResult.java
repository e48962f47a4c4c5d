package org.poisonscan.triggers;

import java.util.Optional;
import org.poisonscan.triggers.image.ImageHypothesis;
import org.poisonscan.triggers.source.ExclusionaryReclassification;
import org.poisonscan.triggers.source.SourceClasses;
import org.poisonscan.triggers.verify.Verification;

/**
 * The image trigger hypothesis of one target class with its source classes and, when a model was given, its
 * verification and exclusionary reclassification.
 *
 * @param hypothesis mask, pattern and per-pixel evidence
 * @param sources where the flagged rows sit relative to the classes
 * @param verification the flip rate of the stamped hypothesis, or null without a model or without an area
 * @param exclusion the exclusionary reclassification, or null without a retraining callback
 */
public record ImageResult(ImageHypothesis hypothesis, SourceClasses sources, Verification verification,
        ExclusionaryReclassification exclusion) {

    /** The verification, when it ran. */
    public Optional<Verification> verified() {
        return Optional.ofNullable(verification);
    }
}
