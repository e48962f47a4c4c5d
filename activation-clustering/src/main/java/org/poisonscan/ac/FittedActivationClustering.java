package org.poisonscan.ac;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.detect.ClassResult;
import org.poisonscan.api.detect.PortableFittedDetector;
import org.poisonscan.api.stats.ClassRows;

/**
 * The activation-clustering detector fitted to a source. A row is reduced with its class's reduction, assigned to the
 * nearest of the class's centres and scored along the axes from the main cluster's centre to the candidate clusters'
 * centres (see {@link ActivationClusteringDetector} for the score's definition). Not thread-safe (it reuses buffers);
 * serialisable without its backend, see {@link #bind}.
 */
final class FittedActivationClustering implements PortableFittedDetector {
    private static final long serialVersionUID = 1L;
    private final Map<Integer, ClassModel> models;
    private final transient Map<Integer, Nearest> nearest = new HashMap<>();
    private final List<ClassResult> results;
    private final Map<String, Object> parameters;
    private final transient ComputeBackend backend;
    private transient float[] original;
    private transient double[] scratch;
    private transient float[] reduced;
    private transient int[] clusters;

    FittedActivationClustering(Map<Integer, ClassModel> models, List<ClassResult> results,
            Map<String, Object> parameters, ComputeBackend backend) {
        this.models = Map.copyOf(models);
        this.results = List.copyOf(results);
        this.parameters = new LinkedHashMap<>(parameters);
        this.backend = backend;
        for (ClassModel m : models.values()) {
            nearest.put(m.label(), new Nearest(backend, m.centres(), m.k(), m.reducer().components()));
        }
    }

    @Override
    public FittedActivationClustering bind(ComputeBackend newBackend) {
        return new FittedActivationClustering(models, results, parameters, newBackend);
    }

    @Override
    public String name() {
        return ActivationClusteringDetector.NAME;
    }

    @Override
    public List<ClassResult> classResults() {
        return results;
    }

    @Override
    public Map<String, Object> parameters() {
        return new LinkedHashMap<>(parameters);
    }

    @Override
    public void score(Batch batch, double[] scores, boolean[] flags) {
        ClassRows.scoreByClass(batch, models, scores, flags, (model, rows) -> {
            int m = model.reducer().components();
            if (scratch == null || scratch.length < rows.length * m) {
                scratch = new double[rows.length * m];
                reduced = new float[rows.length * m];
            }
            if (clusters == null || clusters.length < rows.length) {
                clusters = new int[rows.length];
            }
            original = ClassRows.gather(batch, rows, original);
            model.reducer().reduce(backend, original, rows.length, scratch, reduced);
            nearest.get(model.label()).assign(reduced, rows.length, clusters, null);
            for (int i = 0; i < rows.length; i++) {
                scores[rows[i]] = model.score(reduced, i * m);
                flags[rows[i]] = model.flagged(clusters[i], reduced, i * m);
            }
        });
    }
}
