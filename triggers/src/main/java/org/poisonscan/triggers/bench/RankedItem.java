package org.poisonscan.triggers.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.poisonscan.triggers.HypothesisOrder;
import org.poisonscan.triggers.ItemResult;
import org.poisonscan.triggers.items.EnrichedItem;

/**
 * An item hypothesis with its class and its rank across all analysed classes (the order of report.json's
 * {@code hypotheses}, {@link HypothesisOrder}).
 *
 * @param rank 1-based rank across classes
 * @param target the class
 * @param item the evidence
 */
record RankedItem(int rank, int target, EnrichedItem item) {

    /** Every reported item of every class, ranked with the verification evidence. */
    static List<RankedItem> rank(List<ItemResult> results) {
        return rank(results, true);
    }

    /** Every reported item of every class, ranked with or without the verification evidence. */
    static List<RankedItem> rank(List<ItemResult> results, boolean verified) {
        List<RankedItem> all = new ArrayList<>();
        java.util.Map<RankedItem, double[]> keys = new java.util.IdentityHashMap<>();
        for (ItemResult r : results) {
            for (EnrichedItem e : r.hypotheses().top()) {
                RankedItem x = new RankedItem(0, r.hypotheses().target(), e);
                all.add(x);
                keys.put(x, HypothesisOrder.item(e, verified ? r.verification().get(e.item()) : null,
                        r.hypotheses().alpha()));
            }
        }
        all.sort(Comparator.comparing(keys::get, HypothesisOrder::compare));
        List<RankedItem> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            out.add(new RankedItem(i + 1, all.get(i).target(), all.get(i).item()));
        }
        return out;
    }

    /** The rank of {@code token} (0 when it is not among the reported items). */
    static int rankOf(List<RankedItem> ranked, String token) {
        return ranked.stream().filter(r -> r.item().item().equals(token)).mapToInt(RankedItem::rank).findFirst()
                .orElse(0);
    }
}
