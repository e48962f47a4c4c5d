package org.poisonscan.api.data;

import java.io.IOException;
import java.util.Optional;

/**
 * Activations (one float32 vector per input row) with their class labels, read as a sequence of batches. A source can
 * be opened any number of times, each time from the first row, so multi-pass detectors never need the whole set in
 * memory. Every pass returns the same rows in the same order.
 */
public interface ActivationSource {

    /** Activation dimension d (>= 1). */
    int dimension();

    /** Total number of rows. */
    long rowCount();

    /** Whether batches carry ground-truth poison marks. */
    boolean hasGroundTruth();

    /** Where the data comes from (a file name), for messages and reports. */
    String description();

    /**
     * The name of a class label when the input names its classes (for example string labels mapped to ids), or empty.
     */
    default Optional<String> className(int label) {
        return Optional.empty();
    }

    /**
     * Whether this source's readers return only usable values ({@link ActivationValues}), checked as they decode them
     * (the file readers and {@link InMemorySource} do), so that the scanner need not check every value again.
     */
    default boolean valuesChecked() {
        return false;
    }

    /** Starts a pass from the first row; batches hold at most {@code maxBatchRows} rows. */
    BatchReader open(int maxBatchRows) throws IOException;
}
