package org.poisonscan.triggers.items;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.poisonscan.triggers.stats.BenjaminiHochberg;
import org.poisonscan.triggers.stats.FisherExact;

/**
 * Finds the items (tokens, feature values) enriched in a target class's flagged rows.
 *
 * <p>An item is tested when at least {@code minCount} rows of the class (flagged or clean) hold it: that total is
 * ancillary to Fisher's test under the null, so filtering on it keeps the tests valid while dropping items that could
 * never reach significance. Each item gets two one-sided Fisher exact tests (Commons Math hypergeometric tail, in log
 * space): flagged against clean rows of the target class, and flagged against clean rows of the source classes. The
 * item's p-value is the larger of the two (intersection-union): dirty-label poisons carry their source class's
 * vocabulary, which is enriched against the target but not against the source; a trigger is enriched against both.
 * Benjamini-Hochberg corrects over the tested items. Items are ranked by p-value (log space, so values below 1e-308
 * still order), then by log odds.
 */
public final class EnrichmentAnalysis {
    private EnrichmentAnalysis() {
    }

    /**
     * @param items the items of every row, row-aligned with {@code labels} and {@code flagged}
     * @param labels the scanned label per row
     * @param flagged the scan's flag per row
     * @param target the class analysed
     * @param sourceClasses the possible source classes, whose clean rows form the second reference (may be empty:
     *     then only the target comparison counts; {@code ItemTriggers} passes every other class)
     * @param minCount rows of the class that must hold an item for it to be tested, at least 1
     * @param top how many items to return
     * @param alpha significance level (reported with the result)
     */
    public static ItemHypotheses analyse(ItemTable items, int[] labels, boolean[] flagged, int target,
            int[] sourceClasses, int minCount, int top, double alpha) {
        if (items.rows() != labels.length || flagged.length != labels.length) {
            throw new IllegalArgumentException(items.rows() + " item rows for " + labels.length + " labels and "
                    + flagged.length + " flags");
        }
        if (minCount < 1 || top < 1) {
            throw new IllegalArgumentException("minCount and top must be >= 1, got " + minCount + ", " + top);
        }
        boolean[] isSource = new boolean[Arrays.stream(labels).max().orElse(0) + 1];
        for (int s : sourceClasses) {
            if (s != target && s >= 0 && s < isSource.length) {
                isSource[s] = true;
            }
        }
        int m = items.items();
        int[] inF = new int[m];
        int[] inT = new int[m];
        int[] inS = new int[m];
        int nF = 0;
        int nT = 0;
        int nS = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == target) {
                if (flagged[i]) {
                    items.count(i, inF);
                    nF++;
                } else {
                    items.count(i, inT);
                    nT++;
                }
            } else if (!flagged[i] && labels[i] < isSource.length && isSource[labels[i]]) {
                items.count(i, inS);
                nS++;
            }
        }
        List<Integer> tested = new ArrayList<>();
        for (int id = 0; id < m; id++) {
            if (inF[id] + inT[id] >= minCount) {
                tested.add(id);
            }
        }
        double[] logP = new double[tested.size()];
        double[] p = new double[tested.size()];
        for (int k = 0; k < logP.length; k++) {
            int id = tested.get(k);
            double l = FisherExact.logUpperTail(inF[id], nF, inT[id], nT);
            if (nS > 0) {
                l = Math.max(l, FisherExact.logUpperTail(inF[id], nF, inS[id], nS));
            }
            logP[k] = l;
            p[k] = Math.exp(l);
        }
        double[] adjusted = BenjaminiHochberg.adjust(p);
        List<EnrichedItem> all = new ArrayList<>();
        for (int k = 0; k < logP.length; k++) {
            int id = tested.get(k);
            all.add(new EnrichedItem(items.name(id), inF[id], nF, inT[id], nT, inS[id], nS,
                    FisherExact.logOdds(inF[id], nF, inT[id], nT),
                    nS > 0 ? FisherExact.logOdds(inF[id], nF, inS[id], nS) : Double.NaN, logP[k], adjusted[k]));
        }
        all.sort(Comparator.comparingDouble(EnrichedItem::logP)
                .thenComparing(Comparator.comparingDouble(EnrichedItem::logOdds).reversed())
                .thenComparing(EnrichedItem::item));
        return new ItemHypotheses(target, nF, nT, nS, sourceClasses, tested.size(),
                all.subList(0, Math.min(top, all.size())), alpha);
    }
}
