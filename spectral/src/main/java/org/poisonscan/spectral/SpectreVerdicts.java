package org.poisonscan.spectral;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.poisonscan.api.detect.AnomalyIndex;
import org.poisonscan.api.detect.ClassResult;
import org.poisonscan.api.detect.Verdict;
import org.poisonscan.api.stats.ClassMoments;

/**
 * SPECTRE's class-level verdicts (see {@link SpectreDetector}): the estimated poison count and rate of each scanned
 * class, and whether the class is judged poisoned, from an absolute test (enough flagged rows, a QUE criterion of at
 * least {@code minCriterion}) and the cross-class MAD anomaly index of the criterion.
 */
final class SpectreVerdicts {
    private final SpectreConfig config;

    SpectreVerdicts(SpectreConfig config) {
        this.config = config;
    }

    /** One result per swept class, in the map's (ascending label) order. */
    List<ClassResult> judge(Map<Integer, ClassMoments> moments, Map<Integer, SweepResult> sweeps,
            Map<Integer, RowSample> samples) {
        int[] labels = sweeps.keySet().stream().mapToInt(Integer::intValue).toArray();
        double[] criterion = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            criterion[i] = sweeps.get(labels[i]).criterion();
        }
        boolean compare = labels.length >= config.minClassesToCompare();
        // The criterion is a ratio of variances: compared across classes on a log scale, so that classes whose
        // real activations give criteria spread over orders of magnitude do not make one of them look anomalous.
        // A class that does not fit the model enters the baseline with the largest criterion its sweep reached: what
        // non-Gaussian clean structure gives in these activations. (Its kept k is one where the filter could not
        // work, with criterion 1, which would pull the median down until any class with a criterion stood out.)
        double[] logCriterion = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            SweepResult s = sweeps.get(labels[i]);
            double value = s.misfit() ? java.util.Arrays.stream(s.criteria()).max().orElse(1) : criterion[i];
            logCriterion[i] = Math.log(value);
        }
        double[] index = compare ? AnomalyIndex.of(logCriterion, config.anomalyScaleFloor()) : null;
        double minIndex = AnomalyIndex.threshold(config.minAnomalyIndex(), labels.length);
        List<ClassResult> out = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            SweepResult s = sweeps.get(labels[i]);
            long rows = moments.get(labels[i]).count();
            double anomaly = compare ? index[i] : Double.NaN;
            boolean enough = s.flaggedRows() >= config.minClusterRows();
            boolean strong = criterion[i] >= config.minCriterion();
            boolean standsOut = !compare || anomaly >= minIndex;
            double rate = (double) s.flaggedRows() / s.sampleRows();
            boolean minority = rate <= config.maxPoisonFraction();
            boolean poisoned = enough && strong && standsOut && minority && !s.misfit();
            out.add(new ClassResult(labels[i], rows, poisoned ? Verdict.POISONED : Verdict.CLEAN,
                    SpectreDetector.STATISTIC, criterion[i], anomaly,
                    reason(s, rate, rows, anomaly, minIndex, poisoned),
                    details(s, rate, rows, samples.get(labels[i]))));
        }
        return out;
    }

    /**
     * Whether the class's rows above the threshold may be flagged once another detector judges the class poisoned
     * (see {@code FittedDetector#escalatedFlag}): the verdict's conditions on the group itself (enough rows, a
     * minority, a fitted filter), without those on how much the class stands out among the classes.
     */
    boolean escalates(SweepResult s) {
        double rate = (double) s.flaggedRows() / s.sampleRows();
        return s.flaggedRows() >= config.minClusterRows() && rate <= config.maxPoisonFraction() && !s.misfit();
    }

    /**
     * Whether the classes judged clean show the clean tail SPECTRE's Gaussian model predicts, so that a judged class may
     * be flagged down to the quantile at {@code poisonedClassTail}: at least two classes judged clean, and their median
     * count of rows above the strict threshold (half a row expected) at most {@code minClusterRows}. Heavy-tailed real
     * activations put many clean rows above it; with fewer than two clean classes there is nothing to check against.
     */
    boolean cleanTailsFitTheModel(List<ClassResult> judged, Map<Integer, SweepResult> sweeps) {
        double[] counts = judged.stream().filter(r -> r.verdict() == Verdict.CLEAN)
                .mapToDouble(r -> sweeps.get(r.label()).flaggedRows()).toArray();
        return counts.length >= 2 && AnomalyIndex.median(counts) <= config.minClusterRows();
    }

    private String reason(SweepResult s, double rate, long rows, double anomaly, double minIndex, boolean poisoned) {
        String figures = String.format(Locale.ROOT,
                "at k=%d principal dimensions, %d of %d sampled rows score above the clean QUE threshold %.3g"
                        + " (estimated poison rate %.2f%%, ~%d rows; poisoned needs >= %d), the robust filter removed"
                        + " %d; QUE criterion %.3f (1 = nothing stands out; poisoned needs >= %.2f)%s",
                s.k(), s.flaggedRows(), s.sampleRows(), s.threshold(), 100 * rate, Math.round(rate * rows),
                config.minClusterRows(), s.removedRows(), s.criterion(), config.minCriterion(),
                Double.isNaN(anomaly) ? ", too few classes to compare"
                        : String.format(Locale.ROOT, ", anomaly index %.2f (needs >= %s)", anomaly,
                                AnomalyIndex.format(minIndex)));
        if (s.misfit() && !poisoned) {
            return String.format(Locale.ROOT, "not judged poisoned: the class's activations do not fit SPECTRE's model"
                    + " of a near-Gaussian clean majority (wherever the robust filter removed rows it kept finding"
                    + " one-sided tails until %.0f%% of the rows were gone, as skewed or sparse activations such as"
                    + " ReLU outputs give); ", 100 * config.maxPoisonFraction()) + figures;
        }
        return (poisoned ? "estimated target class: a group of rows stands out after robust whitening: "
                : "no group of rows stands out after robust whitening: ") + figures;
    }

    private static Map<String, Object> details(SweepResult s, double rate, long rows, RowSample sample) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("dims", s.k());
        d.put("max_dims", s.sweep()[s.sweep().length - 1]);
        d.put("estimated_poison_rate", rate);
        d.put("estimated_poison_rows", Math.round(rate * rows));
        d.put("flagged_sample_rows", s.flaggedRows());
        d.put("filter_removed_rows", s.removedRows());
        d.put("filter_rounds", s.filterRounds());
        d.put("filter_budget_exhausted", s.misfit());
        d.put("score_threshold", s.threshold());
        d.put("poisoned_class_threshold", s.poisonedThreshold());
        d.put("top_whitened_eigenvalue", s.topEigenvalue());
        d.put("que_criterion_within_dims", s.queCriterion());
        Map<String, Object> byDims = new LinkedHashMap<>();
        Map<String, Object> flaggedByDims = new LinkedHashMap<>();
        Map<String, Object> exhaustedByDims = new LinkedHashMap<>();
        for (int j = 0; j < s.sweep().length; j++) {
            byDims.put(Integer.toString(s.sweep()[j]), s.criteria()[j]);
            flaggedByDims.put(Integer.toString(s.sweep()[j]), s.flaggedBySweep()[j]);
            exhaustedByDims.put(Integer.toString(s.sweep()[j]), s.exhaustedBySweep()[j]);
        }
        d.put("criterion_by_dims", byDims);
        d.put("flagged_by_dims", flaggedByDims);
        d.put("filter_exhausted_by_dims", exhaustedByDims);
        d.put("sample_rows", s.sampleRows());
        d.put("sample_exact", sample.exact());
        return d;
    }
}
