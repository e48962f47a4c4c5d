package org.poisonscan.triggers;

import java.util.Map;
import org.poisonscan.triggers.items.ItemHypotheses;
import org.poisonscan.triggers.source.ExclusionaryReclassification;
import org.poisonscan.triggers.source.SourceClasses;
import org.poisonscan.triggers.verify.Verification;

/**
 * The enriched tokens or feature values of one target class, with its source classes and, for text with a model,
 * the verification of the top tokens.
 *
 * @param hypotheses the ranked items
 * @param sources where the flagged rows sit relative to the classes
 * @param verification item to its verification (only items that were verified)
 * @param exclusion the exclusionary reclassification, or null without a retraining callback
 */
public record ItemResult(ItemHypotheses hypotheses, SourceClasses sources, Map<String, Verification> verification,
        ExclusionaryReclassification exclusion) {
    public ItemResult {
        verification = Map.copyOf(verification);
    }
}
