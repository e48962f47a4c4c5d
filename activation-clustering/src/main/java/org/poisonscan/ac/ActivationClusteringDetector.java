package org.poisonscan.ac;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.SymmetricEigen;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.detect.ClassResult;
import org.poisonscan.api.detect.Detector;
import org.poisonscan.api.detect.FittedDetector;
import org.poisonscan.api.stats.ClassMoments;

/**
 * JAVADOC_PLACEHOLDER
 */
public final class ActivationClusteringDetector implements Detector {
    /** The detector's name. */
    public static final String NAME = "ac";
    static final String STATISTIC = "separation";

    private final ActivationClusteringConfig config;
    private final ExclusionaryReclassifier reclassifier;

    /** A detector with the defaults and no reclassifier. */
    public ActivationClusteringDetector() {
        this(ActivationClusteringConfig.defaults());
    }

    /** A detector without a reclassifier. */
    public ActivationClusteringDetector(ActivationClusteringConfig config) {
        this(config, null);
    }

    /**
     * @param config the configuration
     * @param reclassifier the training code's callback, or {@code null}; required when
     *     {@link Analyzer#EXCLUSIONARY_RECLASSIFICATION} is selected
     */
    public ActivationClusteringDetector(ActivationClusteringConfig config, ExclusionaryReclassifier reclassifier) {
        this.config = Objects.requireNonNull(config, "config");
        if (config.analysis().uses(Analyzer.EXCLUSIONARY_RECLASSIFICATION) && reclassifier == null) {
            throw new IllegalArgumentException("exclusionary reclassification is selected but no reclassifier was given");
        }
        this.reclassifier = reclassifier;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The configuration. */
    public ActivationClusteringConfig config() {
        return config;
    }

    @Override
    public FittedDetector fit(ActivationSource source, ComputeBackend backend) throws IOException {
        Map<Integer, ClassMoments> moments = ClassMoments.compute(source, backend, config.batchRows());
        Map<Integer, ClassResult> skipped = new TreeMap<>();
        Map<Integer, ClassState> states = new TreeMap<>();
        boolean ica = config.reduction().method() == ReductionOptions.Method.ICA;
        for (ClassMoments m : moments.values()) {
            String reason = skipReason(m);
            Reducer reducer = null;
            if (reason == null) {
                SymmetricEigen eig = backend.symmetricEigen(m.covariance(), m.dim());
                reducer = Reducer.principal(m, eig, config.reduction().components(), ica);
                reason = reducer == null ? "activations are constant within the class" : null;
            }
            if (reason != null) {
                skipped.put(m.label(), ClassResult.notScanned(m.label(), m.count(), STATISTIC, reason));
            } else {
                states.put(m.label(), new ClassState(m.label(), m.count(),
                        m.count() <= config.kmeans().inMemoryMaxRows(), reducer));
            }
        }
        if (!states.isEmpty()) {
            Fitting fitting = new Fitting(config, source, backend);
            if (ica) {
                fitting.fitIca(states);
            }
            fitting.reduce(states);
            fitting.cluster(states).forEach((label, why) -> skipped.put(label, ClassResult.notScanned(label,
                    moments.get(label).count(), STATISTIC, "cannot be clustered: " + why)));
            fitting.assign(states, config.analysis().uses(Analyzer.DISTANCE));
            fitting.statistics(states);
        }
        Judge judge = new Judge(config.analysis(), states);
        List<Finding> awaiting = judge.awaitingReclassification();
        if (!awaiting.isEmpty()) {
            List<SuspectCluster> suspects = suspectRows(source, backend, states, awaiting);
            judge.applyReclassification(awaiting, reclassifier.reclassify(suspects));
        }
        return Results.build(config, judge, states, skipped, backend);
    }

    private String skipReason(ClassMoments m) {
        if (m.count() < config.minClassRows()) {
            return "only " + m.count() + " row(s); at least " + config.minClassRows() + " are needed to form "
                    + config.kmeans().clusters() + " clusters and judge them";
        }
        double trace = 0;
        for (int i = 0; i < m.dim(); i++) {
            trace += m.covariance()[i * m.dim() + i];
        }
        return trace > 0 ? null : "activations are constant within the class";
    }

    /** One more pass: the input row indices of every awaiting cluster. */
    private List<SuspectCluster> suspectRows(ActivationSource source, ComputeBackend backend,
            Map<Integer, ClassState> states, List<Finding> awaiting) throws IOException {
        Map<Integer, Map<Integer, long[][]>> wanted = new HashMap<>();
        Map<Integer, Nearest> nearest = new HashMap<>();
        for (Finding f : awaiting) {
            wanted.computeIfAbsent(f.state.label, k -> new HashMap<>()).put(f.cluster(), new long[][] {new long[16]});
            nearest.computeIfAbsent(f.state.label, k -> new Nearest(backend, f.state.centres, f.state.k(),
                    f.state.m()));
        }
        Map<Integer, Map<Integer, int[]>> counts = new HashMap<>();
        int[][] clusters = {new int[0]};
        ReducedPass.run(source, backend, config.batchRows(), states, s -> wanted.containsKey(s.label),
                (s, b, positions, original, reduced) -> {
                    if (clusters[0].length < positions.length) {
                        clusters[0] = new int[positions.length];
                    }
                    nearest.get(s.label).assign(reduced, positions.length, clusters[0], null);
                    Map<Integer, long[][]> lists = wanted.get(s.label);
                    Map<Integer, int[]> sizes = counts.computeIfAbsent(s.label, k -> new HashMap<>());
                    for (int i = 0; i < positions.length; i++) {
                        long[][] list = lists.get(clusters[0][i]);
                        if (list != null) {
                            int[] size = sizes.computeIfAbsent(clusters[0][i], k -> new int[1]);
                            if (size[0] == list[0].length) {
                                list[0] = Arrays.copyOf(list[0], Math.multiplyExact(2, list[0].length));
                            }
                            list[0][size[0]++] = b.rowIndex()[positions[i]];
                        }
                    }
                });
        List<SuspectCluster> out = new ArrayList<>();
        for (Finding f : awaiting) {
            long[] rows = wanted.get(f.state.label).get(f.cluster())[0];
            int[] size = counts.getOrDefault(f.state.label, Map.of()).get(f.cluster());
            long[] exact = Arrays.copyOf(rows, size == null ? 0 : size[0]);
            Arrays.sort(exact);
            out.add(new SuspectCluster(f.state.label, f.cluster(), exact));
        }
        return out;
    }
}
