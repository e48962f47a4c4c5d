package org.poisonscan.api.pass;

import java.io.IOException;
import java.io.Serializable;
import java.util.function.Consumer;

/**
 * The data a detector is fitted on, seen only through passes: {@link #aggregate} runs a mergeable
 * {@link Aggregation} over every row, {@link #inOrder} streams mapped batches to one consumer in input order. A fit
 * written against this interface runs unchanged on one machine ({@link SourcePasses}) and on Spark (module
 * {@code spark}); every pass sees the same rows with the same global row indices.
 */
public interface Passes {

    /** Activation dimension d. */
    int dimension();

    /** Total number of rows. */
    long rowCount();

    /** Where the data comes from, for messages and reports. */
    String description();

    /**
     * Whether {@link #aggregate} runs a single accumulator that sees every row in ascending row-index order (one
     * machine), so that an aggregation may decide things from the first rows it sees; otherwise (partitions) such
     * decisions need a pass of their own.
     */
    boolean singleStream();

    /** Runs one aggregation over every row and returns the merged result. */
    <R extends Serializable> R aggregate(Aggregation<R> aggregation) throws IOException;

    /**
     * Maps every batch with the pass's mapper and hands the results to {@code consumer} in input row order (rows
     * sorted by their global index).
     */
    <T extends Serializable> void inOrder(OrderedPass<T> pass, Consumer<? super T> consumer) throws IOException;
}
