package org.poisonscan.io.numpy;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads byte ranges of one array's element data during one pass. Offsets are relative to the first element. The
 * returned buffer is a short-lived view: it is valid until the next call and its byte order is unspecified.
 */
interface ByteRangeReader extends Closeable {

    /**
     * Returns a buffer whose remaining bytes are exactly {@code length} bytes of data starting at {@code offset}.
     *
     * @throws org.poisonscan.api.data.InvalidInputException when the data ends before the range
     */
    ByteBuffer read(long offset, int length) throws IOException;

    /** Whether ranges may be read in any order; a stream reads each byte once, in order. */
    boolean randomAccess();
}
