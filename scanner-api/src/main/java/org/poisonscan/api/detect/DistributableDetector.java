package org.poisonscan.api.detect;

import java.io.IOException;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.pass.Passes;
import org.poisonscan.api.pass.SourcePasses;

/**
 * A detector whose data passes are mergeable aggregations ({@link org.poisonscan.api.pass.Aggregation}), so that it
 * fits wherever its {@link Passes} run: over a local source or over a cluster's partitions, with the same results up
 * to floating-point summation order. Its samples depend only on the seed and the rows' global indices, never on the
 * order in which rows arrive.
 */
public interface DistributableDetector extends Detector {

    /** Rows per batch when this detector reads a local source. */
    int batchRows();

    /**
     * Learns the per-class statistics and thresholds through {@code passes}.
     *
     * @param backend the backend of the driver-side steps (eigen-decompositions) and of the returned detector
     */
    PortableFittedDetector fit(Passes passes, ComputeBackend backend) throws IOException;

    @Override
    default PortableFittedDetector fit(ActivationSource source, ComputeBackend backend) throws IOException {
        return fit(new SourcePasses(source, batchRows(), backend), backend);
    }
}
