package org.poisonscan.io.numpy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads array data with positioned reads into a reusable heap buffer that grows to the largest range asked for (one
 * batch's worth, never the whole array). Used for labels and ground truth, which are read a batch at a time.
 */
final class PositionedRangeReader implements ByteRangeReader {
    private final FileChannel channel;
    private final long base;
    private final long length;
    private final String where;
    private ByteBuffer buffer = ByteBuffer.allocate(0);

    /**
     * @param base file offset of the first data byte
     * @param length bytes of data
     */
    PositionedRangeReader(Path file, long base, long length, String where) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.base = base;
        this.length = length;
        this.where = where;
    }

    @Override
    public ByteBuffer read(long offset, int count) throws IOException {
        if (offset < 0 || offset + count > length) {
            throw RangeErrors.beyondData(where, offset, count, length);
        }
        if (buffer.capacity() < count) {
            buffer = ByteBuffer.allocate(count);
        }
        buffer.clear().limit(count);
        long position = base + offset;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw RangeErrors.fileShrank(where);
            }
            position += n;
        }
        return buffer.flip();
    }

    @Override
    public boolean randomAccess() {
        return true;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
