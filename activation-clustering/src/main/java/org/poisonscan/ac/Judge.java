package org.poisonscan.ac;

import org.poisonscan.api.stats.ChanceSeparation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.poisonscan.api.detect.AnomalyIndex;

/**
 * Applies the analyzers to every candidate cluster of every scanned class. All analyzers except exclusionary
 * reclassification run when the judge is built; the candidates still in question are then handed to the reclassifier
 * (see {@link #awaitingReclassification()}), whose answers are applied with {@link #applyReclassification}.
 */
final class Judge {
    private final AnalysisOptions options;
    private final Map<Integer, ClassState> states;
    private final Map<Integer, List<Finding>> findings = new TreeMap<>();
    private final Map<Integer, Double> statistic = new TreeMap<>();
    private final Map<Integer, Double> comparison = new TreeMap<>();
    private final Map<Integer, Double> index = new TreeMap<>();
    private final boolean compared;
    private final int comparedClasses;

    /**
     * @param states the clustered classes, with their statistics (and per-cluster original-row samples when
     *     {@link Analyzer#DISTANCE} is selected)
     */
    Judge(AnalysisOptions options, Map<Integer, ClassState> states) {
        this.options = options;
        this.states = states;
        for (ClassState s : states.values()) {
            List<Finding> list = new ArrayList<>();
            double max = Double.NaN;
            for (Candidate c : s.candidates) {
                Finding f = new Finding(s, c);
                list.add(f);
                // A cluster too small to be judged says nothing of the class: one extreme row of a heavy-tailed
                // class would otherwise give it a huge separation and skew every other class's anomaly index.
                if (f.largeEnough(options) && Double.isFinite(c.separation())) {
                    max = Double.isNaN(max) ? c.separation() : Math.max(max, c.separation());
                }
            }
            findings.put(s.label, list);
            statistic.put(s.label, max);
            // A class of few rows enters the comparison at the separation its size's null scales it to.
            comparison.put(s.label, max * s.comparisonScale);
        }
        int[] labels = comparison.entrySet().stream().filter(e -> !e.getValue().isNaN()).mapToInt(Map.Entry::getKey)
                .toArray();
        comparedClasses = labels.length;
        compared = labels.length >= options.minClassesToCompare();
        if (compared) {
            double[] values = Arrays.stream(labels).mapToDouble(comparison::get).toArray();
            double[] idx = AnomalyIndex.of(values, options.anomalyScaleFloor());
            for (int i = 0; i < labels.length; i++) {
                index.put(labels[i], idx[i]);
            }
        }
        Map<Integer, double[]> references = options.uses(Analyzer.DISTANCE) ? references() : Map.of();
        for (List<Finding> list : findings.values()) {
            for (Finding f : list) {
                size(f);
                silhouette(f);
                separation(f);
                crossClass(f);
                if (options.uses(Analyzer.DISTANCE)) {
                    distance(f, references);
                }
                if (options.uses(Analyzer.EXCLUSIONARY_RECLASSIFICATION)) {
                    f.record(Analyzer.EXCLUSIONARY_RECLASSIFICATION, false,
                            "retrained model not asked, since another selected analyzer does not fire");
                }
            }
        }
    }

    private void size(Finding f) {
        boolean small = f.fraction < options.maxSuspectFraction();
        f.record(Analyzer.RELATIVE_SIZE, small && f.fraction > 0, String.format(Locale.ROOT,
                "relative size %.1f%% (fires below %.0f%%)", 100 * f.fraction, 100 * options.maxSuspectFraction()));
    }

    private void silhouette(Finding f) {
        double s = f.state.silhouette;
        boolean fires = f.fraction > 0 && f.fraction < options.maxSuspectFraction() && s > options.minSilhouette();
        f.record(Analyzer.SILHOUETTE, fires, String.format(Locale.ROOT,
                "silhouette %.3f (fires above %.2f with relative size below %.0f%%)", s, options.minSilhouette(),
                100 * options.maxSuspectFraction()));
    }

    private void separation(Finding f) {
        double d = f.candidate.separation();
        ChanceSeparation chance = f.state.nullSeparation;
        double min = options.minSeparation();
        String why = "";
        if (chance != null && Double.isFinite(chance.logMean())) {
            // Few rows: ICA and k-means split a clean class's own rows, so D must stand out from what chance gives at
            // its size, by as many null deviations as an anomaly index must (more with many classes).
            double sds = AnomalyIndex.threshold(options.minAnomalyIndex(), Math.max(1, comparedClasses));
            double byChance = chance.threshold(sds);
            if (byChance > min) {
                min = byChance;
                why = String.format(Locale.ROOT, ": %s deviations above the log separation of clean classes of %d"
                        + " rows, median %.2f", AnomalyIndex.format(sds), chance.rows(), chance.median());
            }
        }
        f.record(Analyzer.SEPARATION, d >= min, Double.isNaN(d)
                ? "separation not measured (none of the cluster's rows is in the statistics sample)"
                : String.format(Locale.ROOT, "separation D=%.2f (fires at %.2f or more%s)", d, min, why));
    }

    private void crossClass(Finding f) {
        int label = f.state.label;
        if (!compared) {
            f.record(Analyzer.CROSS_CLASS, true, String.format(Locale.ROOT,
                    "cross-class comparison not applied (%d class(es) with a separation, needs %d), so it does not"
                            + " hold the verdict back", comparedClasses,
                    options.minClassesToCompare()));
            return;
        }
        Double idx = index.get(label);
        double minIndex = AnomalyIndex.threshold(options.minAnomalyIndex(), comparedClasses);
        boolean fires = idx != null && idx >= minIndex;
        f.figures.put("anomaly_index", idx == null ? Double.NaN : idx);
        f.record(Analyzer.CROSS_CLASS, fires, idx == null
                ? "no class separation anomaly index (no cluster of the class has a measured separation)"
                : String.format(Locale.ROOT, "class separation anomaly index %.2f among %d classes (fires at %s or"
                        + " more)", idx, comparedClasses, AnomalyIndex.format(minIndex)));
    }

    /** Each class's reference: the coordinate-wise median of its main cluster's sampled rows, original space. */
    private Map<Integer, double[]> references() {
        Map<Integer, double[]> refs = new TreeMap<>();
        for (ClassState s : states.values()) {
            if (s.originals != null && s.originals[0].size() > 0) {
                refs.put(s.label, Medians.of(s.originals[0]));
            }
        }
        return refs;
    }

    private void distance(Finding f, Map<Integer, double[]> references) {
        RowSample sample = f.state.originals[f.cluster()];
        double[] own = references.get(f.state.label);
        if (sample.size() == 0 || own == null) {
            f.record(Analyzer.DISTANCE, false, "no sampled rows to take a median of");
            return;
        }
        double[] median = Medians.of(sample);
        double toOwn = Medians.distance(median, own);
        int nearest = -1;
        double toNearest = Double.POSITIVE_INFINITY;
        for (Map.Entry<Integer, double[]> e : references.entrySet()) {
            double dist = Medians.distance(median, e.getValue());
            if (e.getKey() != f.state.label && dist < toNearest) {
                toNearest = dist;
                nearest = e.getKey();
            }
        }
        f.figures.put("distance_to_own_median", toOwn);
        boolean fires = nearest >= 0 && toNearest < toOwn;
        if (nearest >= 0) {
            f.figures.put("nearest_other_class", nearest);
            f.figures.put("distance_to_nearest_other_median", toNearest);
        }
        if (fires) {
            f.distanceSource = nearest;
        }
        f.record(Analyzer.DISTANCE, fires, nearest < 0 ? "no other class to compare medians with"
                : String.format(Locale.ROOT, "median %.3g from its class's, %.3g from class %d's", toOwn, toNearest,
                        nearest));
    }

    /** The candidates for which every selected analyzer but exclusionary reclassification fired. */
    List<Finding> awaitingReclassification() {
        List<Finding> out = new ArrayList<>();
        findings.values().forEach(list -> list.stream()
                .filter(f -> f.awaitsReclassification(options)).forEach(out::add));
        return out;
    }

    /** Applies the retrained model's answers (predicted label to count, one map per awaiting candidate). */
    void applyReclassification(List<Finding> awaiting, List<Map<Integer, Long>> answers) {
        if (answers == null || answers.size() != awaiting.size()) {
            throw new IllegalStateException("the reclassifier returned " + (answers == null ? "null" : answers.size()
                    + " answers") + " for " + awaiting.size() + " suspect clusters");
        }
        for (int i = 0; i < awaiting.size(); i++) {
            Finding f = awaiting.get(i);
            Map<Integer, Long> counts = answers.get(i);
            long own = counts.getOrDefault(f.state.label, 0L);
            int other = -1;
            long otherCount = 0;
            for (Map.Entry<Integer, Long> e : new TreeMap<>(counts).entrySet()) {
                if (e.getKey() != f.state.label && e.getValue() > otherCount) {
                    other = e.getKey();
                    otherCount = e.getValue();
                }
            }
            double ratio = otherCount == 0 ? Double.POSITIVE_INFINITY : (double) own / otherCount;
            boolean fires = otherCount > 0 && ratio <= options.reclassificationThreshold();
            f.figures.put("reclassified_as_own", own);
            if (other >= 0) {
                f.figures.put("reclassified_as_other", otherCount);
                f.figures.put("reclassification_other_class", other);
                f.figures.put("reclassification_ratio", ratio);
            }
            if (fires) {
                f.reclassificationSource = other;
            }
            f.record(Analyzer.EXCLUSIONARY_RECLASSIFICATION, fires, other < 0
                    ? "the retrained model keeps all " + own + " rows in their class"
                    : String.format(Locale.ROOT, "the retrained model puts %d rows in their class and %d in class %d"
                            + " (ratio %.3g; fires at %.3g or less)", own, otherCount, other, ratio,
                            options.reclassificationThreshold()));
        }
    }

    /** The findings of one class, by candidate cluster. */
    List<Finding> findings(int label) {
        return findings.get(label);
    }

    /** The class's separation statistic (largest candidate D), or {@code NaN}. */
    double statistic(int label) {
        return statistic.get(label);
    }

    /** The class's anomaly index, or {@code NaN} when not compared. */
    double anomalyIndex(int label) {
        return index.getOrDefault(label, Double.NaN);
    }

    /** Per class, which clusters are poison. */
    Map<Integer, boolean[]> suspects() {
        Map<Integer, boolean[]> out = new HashMap<>();
        for (ClassState s : states.values()) {
            boolean[] b = new boolean[s.k()];
            for (Finding f : findings.get(s.label)) {
                b[f.cluster()] = f.suspect(options);
            }
            out.put(s.label, b);
        }
        return out;
    }
}
