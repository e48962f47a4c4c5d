package org.poisonscan.api.scan;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.backend.JavaComputeBackend;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.api.data.InvalidInputException;
import org.poisonscan.api.detect.Detector;

class ScanLimitsTest {
    @Test
    void anEmptySourceIsRefusedBeforeAnyDetectorRuns() {
        InMemorySource empty = new InMemorySource(new float[0], 4, new int[0], null, "empty.npz");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Scanner.run(empty, List.<Detector>of(new NeverFitted()), new JavaComputeBackend(), List.of()));
        assertTrue(e.getMessage().startsWith("empty.npz: has no rows"), e.getMessage());
    }

    @Test
    void aDimensionWhoseCovarianceCannotFitIsRefusedWithItsSize() {
        InMemorySource wide = new InMemorySource(new float[1000], 1000, new int[1], null, "wide.npy");
        // Three 1,000 x 1,000 matrices of doubles are 24 MB.
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ScanLimits.requireScannable(wide, 20_000_000L));
        assertTrue(e.getMessage().startsWith("wide.npy: 1,000 dimensions are too many"), e.getMessage());
        assertDoesNotThrow(() -> ScanLimits.requireScannable(wide, 30_000_000L));
        InMemorySource beyondArrays = new InMemorySource(new float[ScanLimits.MAX_DIMENSION + 1],
                ScanLimits.MAX_DIMENSION + 1, new int[1], null, "huge.npy");
        assertThrows(InvalidInputException.class, () -> ScanLimits.requireScannable(beyondArrays, Long.MAX_VALUE));
    }

    /** A detector that must not be reached. */
    private static final class NeverFitted implements Detector {
        @Override
        public String name() {
            return "never";
        }

        @Override
        public org.poisonscan.api.detect.FittedDetector fit(org.poisonscan.api.data.ActivationSource source,
                org.poisonscan.api.backend.ComputeBackend backend) {
            throw new AssertionError("fit reached");
        }
    }
}
