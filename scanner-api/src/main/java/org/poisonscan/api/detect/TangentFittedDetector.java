package org.poisonscan.api.detect;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.ClassDirections;

/**
 * A detector fitted on rows without their class's mean direction ({@link ClassDirections}), which removes it from the
 * rows it scores too, so that it can score the original rows wherever it is shipped (Spark's executors).
 */
public final class TangentFittedDetector implements PortableFittedDetector {
    private static final long serialVersionUID = 1L;

    private final PortableFittedDetector inner;
    private final ClassDirections directions;
    private transient ClassDirections.Projector projector;

    public TangentFittedDetector(PortableFittedDetector inner, ClassDirections directions) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.directions = Objects.requireNonNull(directions, "directions");
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public List<ClassResult> classResults() {
        return inner.classResults();
    }

    @Override
    public void score(Batch batch, double[] scores, boolean[] flags) {
        if (projector == null) {
            projector = directions.projector();
        }
        inner.score(projector.apply(batch), scores, flags);
    }

    @Override
    public boolean escalatedFlag(int label, double score) {
        return inner.escalatedFlag(label, score);
    }

    @Override
    public Map<String, Object> parameters() {
        return inner.parameters();
    }

    @Override
    public PortableFittedDetector bind(ComputeBackend backend) {
        return new TangentFittedDetector(inner.bind(backend), directions);
    }
}
