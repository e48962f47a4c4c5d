package org.poisonscan.io.numpy;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.ZipException;
import org.poisonscan.api.data.InvalidInputException;

/**
 * Reads array data from a stream, such as a compressed zip entry, strictly in order. Bytes are copied into a reusable
 * heap buffer as large as the largest range asked for, so nothing beyond one batch is held.
 */
final class StreamRangeReader implements ByteRangeReader {
    private final InputStream in;
    private final Closeable owner;
    private final long length;
    private final String where;
    private byte[] buffer = new byte[0];
    private long position;

    /**
     * @param in stream positioned at the first data byte
     * @param owner closed with the stream (for example the zip file the stream comes from)
     * @param length bytes of data the header declares
     */
    StreamRangeReader(InputStream in, Closeable owner, long length, String where) {
        this.in = in;
        this.owner = owner;
        this.length = length;
        this.where = where;
    }

    @Override
    public ByteBuffer read(long offset, int count) throws IOException {
        if (offset != position) {
            throw new IllegalStateException(where + ": a stream is read in order; asked for offset " + offset
                    + " at " + position);
        }
        if (offset + count > length) {
            throw RangeErrors.beyondData(where, offset, count, length);
        }
        if (buffer.length < count) {
            buffer = new byte[count];
        }
        int n;
        try {
            n = in.readNBytes(buffer, 0, count);
        } catch (EOFException | ZipException e) {
            throw new InvalidInputException(where + ": compressed data is corrupt or truncated after "
                    + position + " of " + length + " bytes (" + e.getMessage() + ")", e);
        }
        if (n < count) {
            throw RangeErrors.endOfStream(where, offset + n, length);
        }
        position += count;
        return ByteBuffer.wrap(buffer, 0, count);
    }

    @Override
    public boolean randomAccess() {
        return false;
    }

    @Override
    public void close() throws IOException {
        try (owner) {
            in.close();
        }
    }
}
