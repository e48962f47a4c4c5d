package org.poisonscan.triggers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.poisonscan.ac.ExclusionaryReclassifier;
import org.poisonscan.triggers.items.EnrichedItem;
import org.poisonscan.triggers.items.EnrichmentAnalysis;
import org.poisonscan.triggers.items.ItemHypotheses;
import org.poisonscan.triggers.items.ItemTable;
import org.poisonscan.triggers.source.SourceClasses;
import org.poisonscan.triggers.verify.TextPredictor;
import org.poisonscan.triggers.verify.TextVerifier;
import org.poisonscan.triggers.verify.Verification;

/**
 * Token (text) or feature-value (tabular) trigger hypotheses for every analysed class: source classes (activations,
 * else every other class), the enrichment tests, and for text with a model the verification of the significant top
 * tokens.
 */
public final class ItemTriggers {
    /** Significant top tokens verified per class. */
    public static final int VERIFIED_PER_CLASS = 3;

    private ItemTriggers() {
    }

    /**
     * @param scan the scan output, row-aligned with {@code items}
     * @param items the items of every row
     * @param activations the scanned activations, or null
     * @param texts the raw texts (for verification), or null
     * @param model a text classifier for verification, or null
     * @param retrainer exclusionary reclassification callback, or null
     * @param target a class to analyse whatever the scan said, or null
     * @param settings the settings
     */
    public static List<ItemResult> analyse(ScanOutput scan, ItemTable items, Activations activations,
            List<String> texts, TextPredictor model, ExclusionaryReclassifier retrainer, Integer target,
            TriggerSettings settings) throws IOException {
        if (items.rows() != scan.rows()) {
            throw new IllegalArgumentException(items.rows() + " input rows for " + scan.rows() + " scanned rows");
        }
        int[] labels = scan.labels();
        boolean[] flagged = scan.flagged();
        List<ItemResult> out = new ArrayList<>();
        List<Integer> targets = Targets.of(scan, target, settings.minFlagged());
        var exclusions = SourceAnalysis.exclusion(scan, targets, retrainer);
        for (int c : targets) {
            SourceClasses sources = SourceAnalysis.sources(scan, c, activations, null, 0, null, settings);
            ItemHypotheses h = EnrichmentAnalysis.analyse(items, labels, flagged, c,
                    SourceAnalysis.otherClasses(labels, c),
                    settings.minCount(), settings.top(), settings.alpha());
            Map<String, Verification> verified = new LinkedHashMap<>();
            if (model != null && texts != null) {
                int[] rows = cleanOthers(labels, flagged, c, settings);
                List<String> clean = new ArrayList<>();
                for (int r : rows) {
                    clean.add(texts.get(r));
                }
                for (EnrichedItem item : h.top()) {
                    if (verified.size() == VERIFIED_PER_CLASS || item.adjustedP() >= settings.alpha()) {
                        break;
                    }
                    verified.put(item.item(), TextVerifier.verify(clean, item.item(), c, model, settings.seed()));
                }
            }
            out.add(new ItemResult(h, sources, verified, exclusions.get(c)));
        }
        return out;
    }

    private static int[] cleanOthers(int[] labels, boolean[] flagged, int target, TriggerSettings s) {
        return org.poisonscan.triggers.verify.CleanRows.ofOtherClasses(labels, flagged, target, s.verifyLimit(),
                s.seed());
    }
}
