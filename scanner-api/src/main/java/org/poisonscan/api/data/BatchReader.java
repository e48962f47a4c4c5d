package org.poisonscan.api.data;

import java.io.IOException;

/** One pass over an {@link ActivationSource}, batch by batch, in input row order. */
public interface BatchReader extends AutoCloseable {

    /**
     * Returns the next batch, or {@code null} after the last row. The returned batch may be overwritten by the next
     * call.
     *
     * @throws InvalidInputException when the input holds a value that cannot be scanned (the message names the file,
     *     row and reason)
     */
    Batch next() throws IOException;

    @Override
    void close() throws IOException;
}
