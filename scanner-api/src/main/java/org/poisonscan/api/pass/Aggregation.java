package org.poisonscan.api.pass;

import java.io.Serializable;
import org.poisonscan.api.backend.ComputeBackend;

/**
 * One data pass of a detector's fit, written as a mergeable aggregation so that the same code runs on one machine and
 * on a cluster: {@link #start} opens an {@link Accumulator} for one stretch of rows (the whole source on one machine,
 * one partition on Spark), and {@link #merge} combines the results of disjoint stretches (Spark's tree aggregation).
 *
 * <p>Why: a detector that reads its source through an {@link org.poisonscan.api.data.BatchReader} loop can only run
 * where the whole source streams through one JVM. Expressed this way the loop body is shipped to the data, and only
 * the small per-class results travel. An aggregation is serialised to the executors, so it holds only what its
 * accumulators need (class means, directions, reductions), never a backend.
 *
 * <p>Contract: the merged result must not depend on how the rows were split into stretches or in which order the
 * stretches are merged, up to floating-point rounding. Anything order-dependent (samples) is decided by the rows'
 * global indices ({@link org.poisonscan.api.stats.BottomK}), never by arrival order.
 *
 * @param <R> the result: serialisable, since partial results travel between JVMs
 */
public interface Aggregation<R extends Serializable> extends Serializable {

    /**
     * Opens an accumulator for one stretch of rows.
     *
     * @param backend the compute backend of the JVM that runs it
     * @param dim the activation dimension
     */
    Accumulator<R> start(ComputeBackend backend, int dim);

    /**
     * Combines the results of two disjoint stretches of rows. May modify and return {@code left}; {@code right} is
     * not used afterwards.
     */
    R merge(R left, R right);
}
