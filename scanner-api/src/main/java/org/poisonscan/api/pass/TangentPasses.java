package org.poisonscan.api.pass;

import java.util.Objects;
import java.util.function.UnaryOperator;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.ClassDirections;

/**
 * Passes whose batches reach the detector with each class's mean direction removed ({@link ClassDirections}): what a
 * local scan does by wrapping its source, for passes that run where the rows are (Spark's executors). The projection
 * travels with each aggregation and ordered pass.
 */
public final class TangentPasses extends TransformedPasses {

    public TangentPasses(Passes inner, ClassDirections directions) {
        super(inner, new Projection(Objects.requireNonNull(directions, "directions")));
    }

    /** One projector per stretch of rows: it reuses its buffer. */
    private record Projection(ClassDirections directions) implements BatchTransform {
        @Override
        public UnaryOperator<Batch> start() {
            return directions.projector()::apply;
        }
    }
}
