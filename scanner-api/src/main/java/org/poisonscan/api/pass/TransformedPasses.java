package org.poisonscan.api.pass;

import java.io.IOException;
import java.io.Serializable;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.data.Batch;

/**
 * Passes whose batches reach the detector transformed where the rows are (one machine or Spark's executors): the
 * transform travels with each aggregation and ordered pass, and is started once per accumulator or mapper, so it may
 * hold buffers. {@link TangentPasses} and {@link LeftOutPasses} are its two uses.
 */
abstract class TransformedPasses implements Passes {
    /** A batch transform, shipped to where the rows are. */
    interface BatchTransform extends Serializable {
        /** A transform for the batches of one stretch of rows, used by one thread. */
        UnaryOperator<Batch> start();
    }

    private final Passes inner;
    private final BatchTransform transform;

    TransformedPasses(Passes inner, BatchTransform transform) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.transform = Objects.requireNonNull(transform, "transform");
    }

    /** The passes this one transforms. */
    final Passes inner() {
        return inner;
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
    public final <R extends Serializable> R aggregate(Aggregation<R> aggregation) throws IOException {
        return inner.aggregate(new Transformed<>(aggregation, transform));
    }

    @Override
    public final <T extends Serializable> void inOrder(OrderedPass<T> pass, Consumer<? super T> consumer)
            throws IOException {
        inner.inOrder(new TransformedOrdered<>(pass, transform), consumer);
    }

    private record Transformed<R extends Serializable>(Aggregation<R> aggregation, BatchTransform transform)
            implements Aggregation<R> {
        @Override
        public Accumulator<R> start(ComputeBackend backend, int dim) {
            Accumulator<R> acc = aggregation.start(backend, dim);
            UnaryOperator<Batch> apply = transform.start();
            return new Accumulator<>() {
                @Override
                public void add(Batch batch) {
                    Batch b = apply.apply(batch);
                    if (b.rows() > 0) {
                        acc.add(b);
                    }
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

    private record TransformedOrdered<T extends Serializable>(OrderedPass<T> pass, BatchTransform transform)
            implements OrderedPass<T> {
        @Override
        public Function<Batch, T> start(ComputeBackend backend, int dim) {
            Function<Batch, T> mapper = pass.start(backend, dim);
            UnaryOperator<Batch> apply = transform.start();
            return b -> mapper.apply(apply.apply(b));
        }
    }
}
