package org.poisonscan.ac;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.detect.ClassResult;
import org.poisonscan.api.detect.Verdict;

/** Turns the judge's findings into per-class results, scoring models and the run parameters. */
final class Results {
    private Results() {
    }

    static FittedActivationClustering build(ActivationClusteringConfig config, Judge judge,
            Map<Integer, ClassState> states, Map<Integer, ClassResult> skipped, ComputeBackend backend) {
        Map<Integer, boolean[]> suspects = judge.suspects();
        Map<Integer, ClassModel> models = new TreeMap<>();
        List<ClassResult> results = new ArrayList<>(skipped.values());
        for (ClassState s : states.values()) {
            boolean[] poison = suspects.get(s.label);
            models.put(s.label, ClassModel.of(s.label, s.reducer, s.centres, s.candidates, poison, s.rows,
                    config.analysis().tailRows()));
            results.add(result(config, judge, s, poison));
        }
        results.sort(Comparator.comparingInt(ClassResult::label));
        return new FittedActivationClustering(models, results, parameters(config), backend);
    }

    private static ClassResult result(ActivationClusteringConfig config, Judge judge, ClassState s, boolean[] poison) {
        List<Finding> findings = judge.findings(s.label);
        List<Finding> poisonous = findings.stream().filter(f -> poison[f.cluster()]).toList();
        Finding shown = poisonous.isEmpty() ? mostSeparated(findings) : poisonous.get(0);
        AnalysisOptions analysis = config.analysis();
        String reason;
        if (!poisonous.isEmpty()) {
            List<String> parts = poisonous.stream().map(f -> f.explain(analysis)).toList();
            reason = "poison cluster, every selected analyzer fires: " + String.join(" | ", parts);
        } else {
            reason = "no cluster passes every selected analyzer"
                    + (shown == null ? "" : "; " + shown.explain(analysis));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reduction", config.reduction().method().name().toLowerCase(Locale.ROOT));
        details.put("components", s.m());
        if (s.ica != null) {
            details.put("ica_converged", s.ica.converged());
            details.put("ica_iterations", s.ica.iterations());
        }
        details.put("clustering", s.clustering);
        details.put("kmeans_iterations", s.iterations);
        details.put("kmeans_converged", s.converged);
        if (s.miniBatch != null) {
            details.put("mini_batch_updates", s.miniBatch.updates());
        }
        List<Long> sizes = new ArrayList<>();
        List<Double> fractions = new ArrayList<>();
        for (long size : s.sizes) {
            sizes.add(size);
            fractions.add((double) size / s.rows);
        }
        details.put("cluster_sizes", sizes);
        details.put("cluster_fractions", fractions);
        details.put("silhouette", s.silhouette);
        details.put("sample_rows", s.statCount);
        if (s.nullSeparation != null) {
            details.put("clustered_rows", s.fitRows);
            details.put("null_separation_median", s.nullSeparation.median());
            details.put("null_log_separation_mean", s.nullSeparation.logMean());
            details.put("null_log_separation_sd", s.nullSeparation.logSd());
            details.put("comparison_scale", s.comparisonScale);
        }
        List<Integer> poisonClusters = new ArrayList<>();
        for (int c = 0; c < poison.length; c++) {
            if (poison[c]) {
                poisonClusters.add(c);
            }
        }
        details.put("poison_clusters", poisonClusters);
        if (shown != null) {
            details.put("rules_fired", shown.firedNames());
            if (shown.source() != null) {
                details.put("suspected_source", shown.source());
            }
        }
        for (Finding f : findings) {
            details.put("cluster_" + f.cluster(), f.details());
        }
        Verdict verdict = poisonous.isEmpty() ? Verdict.CLEAN : Verdict.POISONED;
        return new ClassResult(s.label, s.rows, verdict, ActivationClusteringDetector.STATISTIC,
                judge.statistic(s.label), judge.anomalyIndex(s.label), reason, details);
    }

    private static Finding mostSeparated(List<Finding> findings) {
        Finding best = findings.isEmpty() ? null : findings.get(0);
        for (Finding f : findings) {
            double d = f.candidate.separation();
            double b = best.candidate.separation();
            if (Double.isFinite(d) && (!Double.isFinite(b) || d > b)) {
                best = f;
            }
        }
        return best;
    }

    static Map<String, Object> parameters(ActivationClusteringConfig config) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("main_cluster_tail_rows", config.analysis().tailRows());
        p.put("analyzers", config.analysis().analyzers().stream().map(a -> a.name().toLowerCase(Locale.ROOT))
                .toList());
        p.put("reduction", config.reduction().method().name().toLowerCase(Locale.ROOT));
        p.put("components", config.reduction().components());
        if (config.reduction().method() == ReductionOptions.Method.ICA) {
            p.put("ica_rows", config.reduction().icaRows());
            p.put("ica_max_iterations", config.reduction().icaMaxIterations());
            p.put("ica_tolerance", config.reduction().icaTolerance());
        }
        p.put("clusters", config.kmeans().clusters());
        p.put("restarts", config.kmeans().restarts());
        p.put("in_memory_max_rows", config.kmeans().inMemoryMaxRows());
        p.put("mini_batch_rows", config.kmeans().miniBatchRows());
        p.put("mini_batch_passes", config.kmeans().miniBatchPasses());
        p.put("max_suspect_fraction", config.analysis().maxSuspectFraction());
        p.put("min_silhouette", config.analysis().minSilhouette());
        p.put("min_separation", config.analysis().minSeparation());
        p.put("min_cluster_rows", config.analysis().minClusterRows());
        p.put("min_anomaly_index", config.analysis().minAnomalyIndex());
        p.put("anomaly_scale_floor", config.analysis().anomalyScaleFloor());
        p.put("min_classes_to_compare", config.analysis().minClassesToCompare());
        if (config.analysis().uses(Analyzer.EXCLUSIONARY_RECLASSIFICATION)) {
            p.put("reclassification_threshold", config.analysis().reclassificationThreshold());
        }
        p.put("min_class_rows", config.minClassRows());
        p.put("sample_rows", config.sampleRows());
        p.put("statistics_rows", config.statisticsRows());
        if (config.analysis().uses(Analyzer.DISTANCE)) {
            p.put("median_rows", config.medianRows());
        }
        p.put("seed", config.seed());
        return p;
    }
}
