package org.poisonscan.triggers;

import org.poisonscan.triggers.image.ImageHypothesis;
import org.poisonscan.triggers.items.EnrichedItem;
import org.poisonscan.triggers.verify.Verification;

/**
 * The order of hypotheses across classes in {@code report.json} (strongest first), as sort keys compared
 * lexicographically. Verification with the model is the strongest evidence there is, so a hypothesis whose stamp
 * moves at least half of the clean inputs to its target class, significantly ({@link Verification#confirms}), ranks
 * before any that does not; then come significant ones by p-value. Why: a detector's false positives in a clean class
 * are often a real subpopulation (newsletters among ham e-mails), whose markers are significant by every enrichment
 * test, yet stamping them flips nothing.
 */
public final class HypothesisOrder {
    private HypothesisOrder() {
    }

    /** Key of an image hypothesis: confirmed, significant, p-value, larger effect first. */
    public static double[] image(ImageHypothesis h, Verification v) {
        return new double[] {confirmed(v, h.alpha()), h.significant() ? 0 : 1, h.pValue(), -Math.abs(h.areaEffect())};
    }

    /** Key of a token or feature value: confirmed, log p-value, larger log odds first. */
    public static double[] item(EnrichedItem e, Verification v, double alpha) {
        return new double[] {confirmed(v, alpha), e.logP(), -e.logOdds()};
    }

    /** Lexicographic comparison of two keys. */
    public static int compare(double[] a, double[] b) {
        return java.util.Arrays.compare(a, b);
    }

    private static double confirmed(Verification v, double alpha) {
        return v != null && v.confirms(alpha) ? 0 : 1;
    }
}
