package org.poisonscan.api.pass;

import java.io.IOException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.RowsLeftOut;

/**
 * Passes without some rows: what {@link RowsLeftOut} does to a local source, for passes that run where the rows are
 * (Spark's executors). The kept rows keep their global indices, so seeded samples are those of a local fit on the
 * same rows. The row list travels with each aggregation and ordered pass (a few rows, see
 * {@link org.poisonscan.api.scan.ExtremeRows}).
 */
public final class LeftOutPasses implements Passes {
    private final Passes inner;
    private final long[] rows;

    /** @param rows the row indices to leave out */
    public LeftOutPasses(Passes inner, long[] rows) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.rows = rows.clone();
        Arrays.sort(this.rows);
    }

    @Override
    public int dimension() {
        return inner.dimension();
    }

    @Override
    public long rowCount() {
        return inner.rowCount() - rows.length;
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
        return inner.aggregate(new Filtered<>(aggregation, rows));
    }

    @Override
    public <T extends Serializable> void inOrder(OrderedPass<T> pass, Consumer<? super T> consumer)
            throws IOException {
        inner.inOrder(new FilteredOrdered<>(pass, rows), consumer);
    }

    private record Filtered<R extends Serializable>(Aggregation<R> aggregation, long[] rows)
            implements Aggregation<R> {
        @Override
        public Accumulator<R> start(ComputeBackend backend, int dim) {
            Accumulator<R> acc = aggregation.start(backend, dim);
            return new Accumulator<>() {
                @Override
                public void add(Batch batch) {
                    Batch kept = RowsLeftOut.without(batch, rows);
                    if (kept.rows() > 0) {
                        acc.add(kept);
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

    private record FilteredOrdered<T extends Serializable>(OrderedPass<T> pass, long[] rows)
            implements OrderedPass<T> {
        @Override
        public Function<Batch, T> start(ComputeBackend backend, int dim) {
            Function<Batch, T> mapper = pass.start(backend, dim);
            return b -> mapper.apply(RowsLeftOut.without(b, rows));
        }
    }
}
