package org.poisonscan.api.pass;

import java.io.IOException;
import java.io.Serializable;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.BatchReader;

/**
 * {@link Passes} over an {@link ActivationSource} on this machine: every aggregation runs as one accumulator over the
 * whole source, read batch by batch, so no merge ever happens and the results are those of a plain reading loop.
 */
public final class SourcePasses implements Passes {
    private final ActivationSource source;
    private final int batchRows;
    private final ComputeBackend backend;

    /**
     * @param source the activations
     * @param batchRows the most rows per batch read from the source (fewer at large dimensions, see
     *     {@link org.poisonscan.api.data.BatchSizing})
     * @param backend the backend the accumulators compute through
     */
    public SourcePasses(ActivationSource source, int batchRows, ComputeBackend backend) {
        this.source = Objects.requireNonNull(source, "source");
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows must be >= 1, got " + batchRows);
        }
        this.batchRows = org.poisonscan.api.data.BatchSizing.rows(batchRows, source.dimension());
        this.backend = Objects.requireNonNull(backend, "backend");
    }

    @Override
    public int dimension() {
        return source.dimension();
    }

    @Override
    public long rowCount() {
        return source.rowCount();
    }

    @Override
    public String description() {
        return source.description();
    }

    /** One accumulator over the source, read in input order (row indices ascend in every source). */
    @Override
    public boolean singleStream() {
        return true;
    }

    @Override
    public <R extends Serializable> R aggregate(Aggregation<R> aggregation) throws IOException {
        try (Accumulator<R> acc = aggregation.start(backend, source.dimension());
                BatchReader reader = source.open(batchRows)) {
            for (Batch b = reader.next(); b != null; b = reader.next()) {
                acc.add(b);
            }
            return acc.finish();
        }
    }

    @Override
    public <T extends Serializable> void inOrder(OrderedPass<T> pass, Consumer<? super T> consumer)
            throws IOException {
        Function<Batch, T> mapper = pass.start(backend, source.dimension());
        try (BatchReader reader = source.open(batchRows)) {
            for (Batch b = reader.next(); b != null; b = reader.next()) {
                consumer.accept(mapper.apply(b));
            }
        }
    }
}
