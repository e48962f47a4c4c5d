package org.poisonscan.spectral;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.detect.ClassResult;
import org.poisonscan.api.detect.PortableFittedDetector;
import org.poisonscan.api.stats.ClassRows;

/**
 * SPECTRE fitted to a source: scores every row of a scanned class by its QUE score at the class's chosen k (higher =
 * more suspicious, 0 or more; about 1 on average for a clean row) and flags, in classes it judges poisoned, the rows
 * above the class's flag threshold (the clean tail's quantile at a 1% share of the class's clean rows); in classes only
 * another detector judges poisoned, the rows above the clean-tail threshold ({@link #escalatedFlag}). Not thread-safe (it reuses buffers between batches); serialisable without its backend, see
 * {@link #bind}.
 */
final class FittedSpectre implements PortableFittedDetector {
    private static final long serialVersionUID = 1L;
    private final Map<Integer, SpectreModel> models;
    private final List<ClassResult> results;
    private final Map<String, Object> parameters;
    private final transient ComputeBackend backend;
    private transient double[] projected;

    FittedSpectre(Map<Integer, SpectreModel> models, List<ClassResult> results, Map<String, Object> parameters,
            ComputeBackend backend) {
        this.models = Map.copyOf(models);
        this.results = List.copyOf(results);
        this.parameters = new LinkedHashMap<>(parameters);
        this.backend = backend;
    }

    @Override
    public FittedSpectre bind(ComputeBackend newBackend) {
        return new FittedSpectre(models, results, parameters, newBackend);
    }

    @Override
    public String name() {
        return SpectreDetector.NAME;
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
    public boolean escalatedFlag(int label, double score) {
        SpectreModel m = models.get(label);
        return m != null && m.escalates() && score > m.threshold();
    }

    @Override
    public void score(Batch batch, double[] scores, boolean[] flags) {
        ClassRows.scoreByClass(batch, models, scores, flags, (m, rows) -> {
            int k = m.k();
            if (projected == null || projected.length < rows.length * k) {
                projected = new double[rows.length * k];
            }
            backend.projectRows(batch.features(), batch.dim(), rows, m.centerView(), m.basisView(), k, projected);
            for (int r = 0; r < rows.length; r++) {
                double tau = 0;
                for (int j = 0; j < k; j++) {
                    double p = projected[r * k + j];
                    tau += p * p;
                }
                scores[rows[r]] = tau;
                flags[rows[r]] = m.flagging() && tau > m.flagThreshold();
            }
        });
    }
}
