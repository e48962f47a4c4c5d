package org.poisonscan.ac;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the analyzers found about one candidate cluster: which rules fired, the figures behind them and, when known,
 * the suspected source class. Mutable while the judge works.
 */
final class Finding {
    final ClassState state;
    final Candidate candidate;
    final double fraction;
    final EnumSet<Analyzer> fired = EnumSet.noneOf(Analyzer.class);
    /** One phrase per analyzer evaluated, in analyzer order, for the reason text. */
    final Map<Analyzer, String> phrases = new LinkedHashMap<>();
    final Map<String, Object> figures = new LinkedHashMap<>();
    Integer distanceSource;
    Integer reclassificationSource;

    Finding(ClassState state, Candidate candidate) {
        this.state = state;
        this.candidate = candidate;
        this.fraction = (double) state.sizes[candidate.cluster()] / state.rows;
        figures.put("rows", state.sizes[candidate.cluster()]);
        figures.put("fraction", fraction);
        figures.put("separation", candidate.separation());
        figures.put("centre_distance", candidate.centreDistance());
        figures.put("axis_sd", candidate.sigma());
    }

    int cluster() {
        return candidate.cluster();
    }

    /** Records an analyzer's outcome. */
    void record(Analyzer a, boolean fires, String phrase) {
        if (fires) {
            fired.add(a);
        }
        phrases.put(a, phrase + (fires ? " [fires]" : " [does not fire]"));
    }

    /** Whether the cluster holds enough rows to be a poison group at all ({@link AnalysisOptions#minClusterRows}). */
    boolean largeEnough(AnalysisOptions options) {
        return state.sizes[cluster()] >= options.minClusterRows();
    }

    /** Whether the cluster is large enough and every selected analyzer fired. */
    boolean suspect(AnalysisOptions options) {
        return largeEnough(options) && fired.containsAll(options.analyzers());
    }

    /** Whether exclusionary reclassification is selected and every other selected analyzer fired. */
    boolean awaitsReclassification(AnalysisOptions options) {
        Set<Analyzer> selected = options.analyzers();
        if (!selected.contains(Analyzer.EXCLUSIONARY_RECLASSIFICATION) || !largeEnough(options)) {
            return false;
        }
        EnumSet<Analyzer> others = EnumSet.copyOf(selected);
        others.remove(Analyzer.EXCLUSIONARY_RECLASSIFICATION);
        return fired.containsAll(others);
    }

    /** The suspected source class: the retrained model's answer when asked, else the nearest other class's median. */
    Integer source() {
        return reclassificationSource != null ? reclassificationSource : distanceSource;
    }

    /** Names of the rules that fired. */
    List<String> firedNames() {
        List<String> names = new ArrayList<>();
        for (Analyzer a : fired) {
            names.add(a.name().toLowerCase(Locale.ROOT));
        }
        return names;
    }

    /** The figures, with the rules that fired, for the class result's details. */
    Map<String, Object> details() {
        Map<String, Object> out = new LinkedHashMap<>(figures);
        out.put("rules_fired", firedNames());
        if (source() != null) {
            out.put("suspected_source", source());
        }
        return out;
    }

    /** The reason phrases of the selected analyzers, after the cluster's size when it is too small to judge. */
    String explain(AnalysisOptions options) {
        Set<Analyzer> selected = options.analyzers();
        List<String> parts = new ArrayList<>();
        if (!largeEnough(options)) {
            parts.add(String.format(Locale.ROOT, "%d row(s), too few for a poison group (needs %d or more)",
                    state.sizes[cluster()], options.minClusterRows()));
        }
        for (Map.Entry<Analyzer, String> e : phrases.entrySet()) {
            if (selected.contains(e.getKey())) {
                parts.add(e.getValue());
            }
        }
        return String.format(Locale.ROOT, "cluster %d (%.1f%% of the class): ", cluster(), 100 * fraction)
                + String.join("; ", parts);
    }
}
