package org.poisonscan.api.pass;

import java.io.IOException;
import java.io.Serializable;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.ClassDirections;

/**
 * Passes whose batches reach the detector with each class's mean direction removed ({@link ClassDirections}): what a
 * local scan does by wrapping its source, for passes that run where the rows are (Spark's executors). The projection
 * travels with each aggregation and ordered pass.
 */
public final class TangentPasses implements Passes {
    private final Passes inner;
    private final ClassDirections directions;

    public TangentPasses(Passes inner, ClassDirections directions) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.directions = Objects.requireNonNull(directions, "directions");
    }

    @Override
    public int dimension() {
        return inner.dimension();
    }

    @Override
    public long rowCount() {
        return inner.rowCount();
    }

    @Override
    public String description() {
        return inner.description();
    }

    @Override
    public boolean singleStream() {
        return inner.singleStream();
    }

    @Override
    public <R extends Serializable> R aggregate(Aggregation<R> aggregation) throws IOException {
        return inner.aggregate(new Projected<>(aggregation, directions));
    }

    @Override
    public <T extends Serializable> void inOrder(OrderedPass<T> pass, Consumer<? super T> consumer)
            throws IOException {
        inner.inOrder(new ProjectedOrdered<>(pass, directions), consumer);
    }

    private record Projected<R extends Serializable>(Aggregation<R> aggregation, ClassDirections directions)
            implements Aggregation<R> {
        @Override
        public Accumulator<R> start(ComputeBackend backend, int dim) {
            Accumulator<R> acc = aggregation.start(backend, dim);
            ClassDirections.Projector projector = directions.projector();
            return new Accumulator<>() {
                @Override
                public void add(Batch batch) {
                    acc.add(projector.apply(batch));
                }

                @Override
                public R finish() {
                    return acc.finish();
                }

                @Override
                public void close() {
                    acc.close();
                }
            };
        }

        @Override
        public R merge(R left, R right) {
            return aggregation.merge(left, right);
        }
    }

    private record ProjectedOrdered<T extends Serializable>(OrderedPass<T> pass, ClassDirections directions)
            implements OrderedPass<T> {
        @Override
        public Function<Batch, T> start(ComputeBackend backend, int dim) {
            Function<Batch, T> mapper = pass.start(backend, dim);
            ClassDirections.Projector projector = directions.projector();
            return b -> mapper.apply(projector.apply(b));
        }
    }
}
