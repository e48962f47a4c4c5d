package org.poisonscan.api.detect;

import java.io.Serializable;
import org.poisonscan.api.backend.ComputeBackend;

/**
 * A fitted detector whose learned state is serialisable, so that it can be shipped to other JVMs (Spark executors)
 * and score rows there. Its compute backend and scratch buffers are not part of the state: {@link #bind} makes a
 * working copy on the receiving side. A fitted detector is not thread-safe, so every task binds its own.
 */
public interface PortableFittedDetector extends FittedDetector, Serializable {

    /**
     * A fitted detector with the same learned state that computes through {@code backend} and owns fresh scratch
     * buffers. Scores and flags equal this one's for every row, up to the backends' agreement (1e-4 relative).
     */
    PortableFittedDetector bind(ComputeBackend backend);
}
