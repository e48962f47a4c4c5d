package org.poisonscan.api.scan;

import java.util.Locale;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.InvalidInputException;

/**
 * What a scan needs before it starts, checked up front so that an input the detectors cannot take is refused with its
 * reason instead of failing deep inside a fit: at least one row, and a dimension whose d x d covariance fits in memory
 * (every detector estimates one per class, and its eigen-decomposition needs another of the same size).
 */
public final class ScanLimits {
    /** The largest d for which a d x d matrix fits in one Java array. */
    public static final int MAX_DIMENSION = 46_340;
    /** d x d matrices of doubles a fit holds at once: the class covariance, its eigenvectors, a working copy. */
    static final int MATRICES = 3;

    private ScanLimits() {
    }

    /** Throws {@link InvalidInputException} naming the source and the reason when it cannot be scanned. */
    public static void requireScannable(ActivationSource source) {
        requireScannable(source, Runtime.getRuntime().maxMemory());
    }

    static void requireScannable(ActivationSource source, long memoryBytes) {
        if (source.rowCount() < 1) {
            throw new InvalidInputException(source.description() + ": has no rows, so there is nothing to scan");
        }
        long d = source.dimension();
        double needed = (double) MATRICES * 8 * d * d;
        if (d > MAX_DIMENSION || needed > memoryBytes) {
            throw new InvalidInputException(String.format(Locale.ROOT,
                    "%s: %,d dimensions are too many: the detectors need %d matrices of %,d x %,d doubles (%.1f GiB),"
                            + " more than this JVM may use (%.1f GiB); reduce the dimension first (a narrower layer,"
                            + " pooling or a random projection) or give the JVM more memory (-Xmx; for the poisonscan"
                            + " command POISONSCAN_JAVA_OPTS=-Xmx<size>)",
                    source.description(), d, MATRICES, d, d, needed / (1L << 30), memoryBytes / (double) (1L << 30)));
        }
    }
}
