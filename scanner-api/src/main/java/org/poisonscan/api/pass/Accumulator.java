package org.poisonscan.api.pass;

import org.poisonscan.api.data.Batch;

/**
 * Accumulates one stretch of rows for an {@link Aggregation}. Used by one thread; it may hold backend resources, which
 * {@link #close} releases.
 *
 * @param <R> the partial result
 */
public interface Accumulator<R> extends AutoCloseable {

    /** Adds the rows of a batch (the batch may be reused by its reader after this call returns). */
    void add(Batch batch);

    /** The result of the rows added so far; called once, after the last {@link #add}. */
    R finish();

    @Override
    default void close() {
    }
}
