package org.poisonscan.io.numpy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads array data by memory-mapping a window of the file at a time. A window is at most {@code windowBytes} (below
 * 2 GB, the limit of one {@link MappedByteBuffer}), so files of any size work; a new window is mapped when a read
 * leaves the current one. Mapped pages live outside the Java heap and are paged in by the operating system on demand.
 */
final class MappedRangeReader implements ByteRangeReader {
    /** Default window: large enough that remapping is rare, small enough to stay well below 2 GB. */
    static final long DEFAULT_WINDOW = 256L << 20;

    private final FileChannel channel;
    private final long base;
    private final long length;
    private final long windowBytes;
    private final String where;
    private MappedByteBuffer window;
    private long windowStart;

    /**
     * @param base file offset of the first data byte
     * @param length bytes of data (checked against the file length by the caller)
     */
    MappedRangeReader(Path file, long base, long length, long windowBytes, String where) throws IOException {
        if (windowBytes < 1 || windowBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("window must be in [1, 2^31), got " + windowBytes);
        }
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.base = base;
        this.length = length;
        this.windowBytes = windowBytes;
        this.where = where;
    }

    @Override
    public ByteBuffer read(long offset, int count) throws IOException {
        if (offset < 0 || offset + count > length) {
            throw RangeErrors.beyondData(where, offset, count, length);
        }
        if (window == null || offset < windowStart || offset + count > windowStart + window.capacity()) {
            long size = Math.min(Math.max(windowBytes, count), length - offset);
            if (base + offset + size > channel.size()) {
                throw RangeErrors.fileShrank(where);
            }
            window = channel.map(FileChannel.MapMode.READ_ONLY, base + offset, size);
            windowStart = offset;
        }
        int at = (int) (offset - windowStart);
        return window.slice(at, count);
    }

    @Override
    public boolean randomAccess() {
        return true;
    }

    @Override
    public void close() throws IOException {
        window = null;
        channel.close();
    }
}
