package org.poisonscan.spectral;

import java.util.List;
import java.util.Map;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.detect.ClassResult;
import org.poisonscan.api.detect.PortableFittedDetector;
import org.poisonscan.api.stats.ClassRows;

/**
 * The spectral detector fitted to a source: scores rows by their projection on their class's top eigenvector. Not
 * thread-safe (it reuses buffers between batches); serialisable without its backend, see {@link #bind}.
 */
final class FittedSpectral implements PortableFittedDetector {
    private static final long serialVersionUID = 1L;
    private final SpectralConfig config;
    private final Map<Integer, ClassModel> models;
    private final Map<Integer, Double> offsets;
    private final List<ClassResult> results;
    private final Map<String, Object> parameters;
    private final transient ComputeBackend backend;
    private transient double[] projections;

    FittedSpectral(SpectralConfig config, Map<Integer, ClassModel> models, List<ClassResult> results,
            Map<String, Object> parameters, ComputeBackend backend) {
        this.config = config;
        this.backend = backend;
        this.models = Map.copyOf(models);
        this.results = List.copyOf(results);
        // In the order the detector wrote them (Map.copyOf's order changes from one JVM run to the next).
        this.parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
        this.offsets = new java.util.HashMap<>();
        for (ClassModel m : models.values()) {
            double o = 0;
            for (int i = 0; i < m.mean().length; i++) {
                o += m.mean()[i] * m.direction()[i];
            }
            offsets.put(m.label(), o);
        }
    }

    @Override
    public FittedSpectral bind(ComputeBackend newBackend) {
        return new FittedSpectral(config, models, results, parameters, newBackend);
    }

    @Override
    public String name() {
        return SpectralSignatureDetector.NAME;
    }

    @Override
    public List<ClassResult> classResults() {
        return results;
    }

    @Override
    public Map<String, Object> parameters() {
        return new java.util.LinkedHashMap<>(parameters);
    }

    /** Score of a row with centred projection {@code p}; {@code offset} is {@code mean . v}. */
    static double score(SpectralConfig.Scoring scoring, double p, double offset) {
        return scoring == SpectralConfig.Scoring.CENTRED ? p * p : Math.abs(p + offset);
    }

    @Override
    public void score(Batch batch, double[] scores, boolean[] flags) {
        ClassRows.scoreByClass(batch, models, scores, flags, (m, rows) -> {
            if (projections == null || projections.length < rows.length) {
                projections = new double[rows.length];
            }
            backend.projectRows(batch.features(), batch.dim(), rows, m.mean(), m.direction(), 1, projections);
            double offset = offsets.get(m.label());
            for (int k = 0; k < rows.length; k++) {
                double p = projections[k];
                double s = score(config.scoring(), p, offset);
                scores[rows[k]] = s;
                flags[rows[k]] = m.flags(p, s);
            }
        });
    }
}
