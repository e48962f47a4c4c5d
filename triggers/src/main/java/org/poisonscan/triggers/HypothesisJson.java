package org.poisonscan.triggers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.poisonscan.triggers.image.ImageHypothesis;
import org.poisonscan.triggers.items.EnrichedItem;
import org.poisonscan.triggers.source.ExclusionaryReclassification;
import org.poisonscan.triggers.source.SourceClasses;
import org.poisonscan.triggers.verify.Verification;

/**
 * Builds the {@code trigger_hypotheses} section of {@code report.json} as nested maps: per analysed class its
 * evidence ({@code classes}), and every hypothesis ranked across classes ({@code hypotheses}, strongest first, each
 * with {@code kind}, {@code target_class}, {@code source_classes}, {@code pattern}, {@code evidence},
 * {@code adjusted_p}, {@code significant} and {@code verification}). Numbers that are not defined are {@code null}.
 */
final class HypothesisJson {
    private final ScanOutput scan;
    private final String reasonNoModel;
    private final String reasonNoRetrainer;

    /**
     * @param scan the scan (for class names)
     * @param reasonNoModel why verification did not run when no model was given
     * @param reasonNoRetrainer why the exclusionary reclassification did not run without a callback
     */
    HypothesisJson(ScanOutput scan, String reasonNoModel, String reasonNoRetrainer) {
        this.scan = scan;
        this.reasonNoModel = reasonNoModel;
        this.reasonNoRetrainer = reasonNoRetrainer;
    }

    /** The entries of image results; {@code maskFiles} maps a class to its mask file names relative to DIR. */
    Sections images(List<ImageResult> results, Map<Integer, List<String>> maskFiles,
            Map<Integer, Map<String, Object>> carriers) {
        List<Map<String, Object>> classes = new ArrayList<>();
        List<Map<String, Object>> hyps = new ArrayList<>();
        for (ImageResult r : results) {
            ImageHypothesis h = r.hypothesis();
            classes.add(classEntry(h.target(), h.flaggedRows(), h.cleanRows(), h.sourceRows(), r.sources(),
                    r.exclusion(), null));
            Map<String, Object> m = head("image", h.target(), r.sources());
            m.put("pattern", h.describe());
            m.put("significant", h.significant());
            m.put("adjusted_p", h.pValue());
            m.put("confidence", h.confidence());
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("statistic", "per pixel: Welch t against clean rows of the target class (max-T permutation"
                    + " adjusted) and against clean rows of the other classes (Benjamini-Hochberg adjusted); both must"
                    + " differ with the same sign. Mask = excess mass of the flagged rows in the 1% tail of the clean"
                    + " target rows and of the clean rows of the other classes (the smaller one-sided"
                    + " Kolmogorov-Smirnov distance) at significant pixels; mean_effect = Glass's delta");
            e.put("flagged_rows", h.flaggedRows());
            e.put("clean_rows", h.cleanRows());
            e.put("other_class_rows", h.sourceRows());
            e.put("significant_pixels", countBelow(h.adjustedP(), h.alpha()));
            e.put("area_pixels", h.area().length);
            int[] box = h.boundingBox();
            if (box != null) {
                Map<String, Object> b = new LinkedHashMap<>();
                b.put("top", box[0]);
                b.put("left", box[1]);
                b.put("bottom", box[2]);
                b.put("right", box[3]);
                e.put("bounding_box", b);
            }
            e.put("mean_effect", number(h.areaEffect()));
            e.put("stamped_value", number(h.areaPatternMean()));
            e.put("clean_mean", number(h.areaReferenceMean()));
            e.put("image_shape", List.of(h.height(), h.width(), h.channels()));
            m.put("evidence", e);
            List<String> files = maskFiles.getOrDefault(h.target(), List.of());
            if (files.size() >= 2) {
                m.put("mask_file", files.get(0));
                m.put("mask_png", files.get(1));
            }
            if (files.size() >= 3) {
                m.put("pattern_file", files.get(2));
            }
            m.put("verification", verification(r.verification(), h.alpha(), h.significant() ? reasonNoModel
                    : "no significant pixel to stamp"));
            if (carriers.containsKey(h.target())) {
                m.put("carriers", carriers.get(h.target()));
            }
            m.put("sort_key", HypothesisOrder.image(h, r.verification()));
            hyps.add(m);
        }
        return new Sections(classes, rank(hyps));
    }

    /** The entries of token or feature-value results. */
    Sections items(String kind, List<ItemResult> results) {
        List<Map<String, Object>> classes = new ArrayList<>();
        List<Map<String, Object>> hyps = new ArrayList<>();
        for (ItemResult r : results) {
            var h = r.hypotheses();
            classes.add(classEntry(h.target(), h.flaggedRows(), h.cleanRows(), h.sourceRows(), r.sources(),
                    r.exclusion(), h.tested()));
            int classRank = 0;
            for (EnrichedItem item : h.top()) {
                classRank++;
                Map<String, Object> m = head(kind, h.target(), r.sources());
                m.put("class_rank", classRank);
                m.put(kind.equals("text") ? "token" : "feature_value", item.item());
                m.put("pattern", (kind.equals("text") ? "token '" : "feature value '") + item.item() + "' in "
                        + item.flaggedWith() + " of " + item.flagged() + " flagged rows, " + item.cleanWith() + " of "
                        + item.clean() + " clean rows of the class, " + item.sourceWith() + " of " + item.source()
                        + " clean rows of the other classes");
                m.put("significant", item.adjustedP() < h.alpha());
                m.put("adjusted_p", item.adjustedP());
                m.put("confidence", 1 - item.adjustedP());
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("statistic", "one-sided Fisher exact tests against clean rows of the target class and of the"
                        + " other classes (p = the larger), Benjamini-Hochberg over " + h.tested() + " items");
                e.put("flagged_with", item.flaggedWith());
                e.put("flagged_rows", item.flagged());
                e.put("clean_with", item.cleanWith());
                e.put("clean_rows", item.clean());
                e.put("other_classes_with", item.sourceWith());
                e.put("other_class_rows", item.source());
                e.put("log_odds", number(item.logOdds()));
                e.put("log_odds_vs_other_classes", number(item.logOddsSource()));
                e.put("p_value", item.p());
                e.put("log10_p", number(item.log10P()));
                m.put("evidence", e);
                Verification v = r.verification().get(item.item());
                m.put("verification", verification(v, h.alpha(), kind.equals("text") ? reasonNoModel
                        : "tabular verification needs a tabular model (library API)"));
                m.put("sort_key", HypothesisOrder.item(item, v, h.alpha()));
                hyps.add(m);
            }
        }
        return new Sections(classes, rank(hyps));
    }

    /** The class entries and ranked hypotheses. */
    record Sections(List<Map<String, Object>> classes, List<Map<String, Object>> hypotheses) {
    }

    private Map<String, Object> head(String kind, int target, SourceClasses sources) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rank", 0);
        m.put("kind", kind);
        m.put("target_class", target);
        m.put("target_name", scan.className(target));
        // A hypothesis for a class the scan judged clean explains flagged rows, not a trigger: said beside it.
        m.put("scan_verdict", scan.poisonedClasses().contains(target) ? "poisoned" : "not poisoned");
        // The same list as the class entry's source analysis: every other class when none could be estimated.
        m.put("source_classes", toList(sources.sources()));
        m.put("source_classes_estimated", sources.estimated());
        m.put("source_unattributed_rows", sources.unattributed());
        return m;
    }

    private Map<String, Object> classEntry(int target, int flagged, int clean, int sourceRows, SourceClasses s,
            ExclusionaryReclassification ex, Integer tested) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target_class", target);
        m.put("target_name", scan.className(target));
        m.put("scan_verdict", scan.poisonedClasses().contains(target) ? "poisoned" : "not poisoned");
        m.put("flagged_rows", flagged);
        m.put("clean_rows", clean);
        m.put("other_class_rows", sourceRows);
        if (tested != null) {
            m.put("items_tested", tested);
        }
        Map<String, Object> src = new LinkedHashMap<>();
        src.put("method", switch (s.space()) {
            case "none" -> "none: no representation given (pass --activations); every other class assumed";
            default -> "nearest clean-class centroid in " + s.space() + " (centroids from unflagged rows only)";
        });
        src.put("estimated", s.estimated());
        src.put("source_classes", toList(s.sources()));
        Map<String, Object> nearest = new LinkedHashMap<>();
        s.nearest().forEach((k, v) -> nearest.put(Integer.toString(k), v));
        src.put("nearest_centroid_counts", nearest);
        src.put("share_nearest_target", number(s.shareNearestTarget()));
        src.put("unattributed_rows", s.unattributed());
        m.put("source_analysis", src);
        Map<String, Object> er = new LinkedHashMap<>();
        if (ex == null) {
            er.put("status", "not_run");
            er.put("reason", reasonNoRetrainer);
        } else {
            er.put("status", "run");
            Map<String, Object> pred = new LinkedHashMap<>();
            ex.predicted().forEach((k, v) -> pred.put(Integer.toString(k), v));
            er.put("predicted", pred);
            er.put("share_kept_in_target", number(ex.shareKept()));
            er.put("top_source", ex.topSource() < 0 ? null : ex.topSource());
        }
        m.put("exclusionary_reclassification", er);
        return m;
    }

    private static Map<String, Object> verification(Verification v, double alpha, String reason) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (v == null) {
            m.put("status", "not_run");
            m.put("reason", reason);
            return m;
        }
        m.put("status", "run");
        m.put("inputs", v.inputs());
        m.put("flip_rate", number(v.flipRate()));
        m.put("baseline_rate", number(v.baselineRate()));
        m.put("switched", v.switched());
        m.put("reverted", v.reverted());
        m.put("p_value", v.pValue());
        m.put("confirmed", v.confirms(alpha));
        m.put("meaning", "share of clean inputs of other classes the model puts in the target class after the"
                + " hypothesised trigger is stamped on them (flip_rate) and before (baseline_rate); p_value: exact"
                + " McNemar test of switched against reverted predictions; confirmed hypotheses rank first");
        return m;
    }

    private static List<Map<String, Object>> rank(List<Map<String, Object>> hyps) {
        hyps.sort(Comparator.comparing((Map<String, Object> m) -> (double[]) m.get("sort_key"),
                HypothesisOrder::compare));
        for (int i = 0; i < hyps.size(); i++) {
            hyps.get(i).remove("sort_key");
            hyps.get(i).put("rank", i + 1);
        }
        return hyps;
    }

    private static int countBelow(double[] p, double alpha) {
        int n = 0;
        for (double x : p) {
            n += x < alpha ? 1 : 0;
        }
        return n;
    }

    private static List<Integer> toList(int[] v) {
        List<Integer> out = new ArrayList<>();
        for (int x : v) {
            out.add(x);
        }
        return out;
    }

    static Object number(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
