package org.poisonscan.api.pass;

import java.io.Serializable;
import java.util.function.Function;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.data.Batch;

/**
 * A pass whose consumer must see the rows in input order, one after the other: a sequential algorithm such as
 * streaming mini-batch k-means, whose result depends on the order of its updates. The expensive per-batch work (a
 * projection to a few dimensions) is the {@link #start mapper}, which runs where the rows are; only its small output
 * travels to the single consumer, in global row order.
 *
 * @param <T> what the mapper makes of one batch
 */
public interface OrderedPass<T extends Serializable> extends Serializable {

    /** A mapper for the batches of one stretch of rows, computing through {@code backend}. */
    Function<Batch, T> start(ComputeBackend backend, int dim);
}
