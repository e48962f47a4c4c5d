package org.poisonscan.api.pass;

import java.io.Serializable;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.data.Batch;

/**
 * Two aggregations in one pass over the rows: each batch goes to both, so a detector that needs two results of the
 * same rows reads its source once.
 *
 * @param <A> the first aggregation's result
 * @param <B> the second's
 */
public record PairedAggregation<A extends Serializable, B extends Serializable>(Aggregation<A> first,
        Aggregation<B> second) implements Aggregation<PairedAggregation.Results<A, B>> {

    /** The two results. */
    public record Results<A extends Serializable, B extends Serializable>(A first, B second) implements Serializable {
    }

    @Override
    public Accumulator<Results<A, B>> start(ComputeBackend backend, int dim) {
        Accumulator<A> a = first.start(backend, dim);
        Accumulator<B> b = second.start(backend, dim);
        return new Accumulator<>() {
            @Override
            public void add(Batch batch) {
                a.add(batch);
                b.add(batch);
            }

            @Override
            public Results<A, B> finish() {
                return new Results<>(a.finish(), b.finish());
            }

            @Override
            public void close() {
                try {
                    a.close();
                } finally {
                    b.close();
                }
            }
        };
    }

    @Override
    public Results<A, B> merge(Results<A, B> left, Results<A, B> right) {
        return new Results<>(first.merge(left.first(), right.first()), second.merge(left.second(), right.second()));
    }
}
