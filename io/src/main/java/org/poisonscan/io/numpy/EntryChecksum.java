package org.poisonscan.io.numpy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import org.poisonscan.api.data.InvalidInputException;

/**
 * The CRC-32 that an {@code .npz} archive records for one entry (its NPY header and data), checked as the data is
 * read: neither a memory-mapped stored entry nor {@link java.util.zip.ZipFile}'s inflater checks it, so a corrupted
 * value would otherwise reach the detectors and change their verdicts without a word.
 */
final class EntryChecksum {
    private final String where;
    private final long expected;
    private final byte[] headerBytes;
    private final long dataLength;

    /**
     * @param where the archive and array, for messages
     * @param expected the CRC-32 from the zip's central directory
     * @param headerBytes the entry's bytes before its first element (the NPY magic and header)
     * @param dataLength the bytes of element data after them
     */
    EntryChecksum(String where, long expected, byte[] headerBytes, long dataLength) {
        this.where = where;
        this.expected = expected;
        this.headerBytes = headerBytes.clone();
        this.dataLength = dataLength;
    }

    /**
     * A reader that passes every range it returns to a CRC-32 while the ranges follow one another from the first
     * element (every pass over row-major data, labels and ground truth), and checks it when the last byte is read.
     */
    ByteRangeReader watch(ByteRangeReader reader) {
        return new Watching(reader);
    }

    /** Reads the whole entry (header and data) from {@code entry} and checks it. */
    void verify(InputStream entry) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[1 << 16];
        try {
            for (int r = entry.read(buffer); r >= 0; r = entry.read(buffer)) {
                crc.update(buffer, 0, r);
            }
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new InvalidInputException(where + ": the archive is corrupt: the entry cannot be inflated ("
                    + e.getMessage() + ")", e);
        }
        if (crc.getValue() != expected) {
            throw mismatch();
        }
    }

    InvalidInputException mismatch() {
        return mismatch(where);
    }

    /** The error for an entry of {@code where} whose bytes do not match their CRC-32. */
    static InvalidInputException mismatch(String where) {
        return new InvalidInputException(where + ": the archive is corrupt: the entry's bytes do not match the CRC-32 "
                + "recorded for them (numpy.load refuses it too); re-create or re-copy the file");
    }

    private final class Watching implements ByteRangeReader {
        private final ByteRangeReader reader;
        private final CRC32 crc = new CRC32();
        private long nextOffset;
        private boolean inOrder = true;

        Watching(ByteRangeReader reader) {
            this.reader = reader;
            crc.update(headerBytes);
        }

        @Override
        public ByteBuffer read(long offset, int length) throws IOException {
            ByteBuffer bytes = reader.read(offset, length);
            if (inOrder && offset == nextOffset) {
                crc.update(bytes.duplicate());
                nextOffset += length;
                if (nextOffset == dataLength && crc.getValue() != expected) {
                    throw mismatch();
                }
            } else {
                inOrder = false;
            }
            return bytes;
        }

        @Override
        public boolean randomAccess() {
            return reader.randomAccess();
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }
}
