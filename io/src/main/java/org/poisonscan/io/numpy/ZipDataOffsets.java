package org.poisonscan.io.numpy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.poisonscan.api.data.InvalidInputException;

/**
 * Finds where the data of named zip entries starts in the file, which {@link java.util.zip.ZipFile} does not expose:
 * the central directory gives each entry's local header offset (from a ZIP64 extra field when it is above 4 GB), and
 * the local header's name and extra lengths give the data offset. The directory is streamed entry by entry; only the
 * named entries are kept.
 */
final class ZipDataOffsets {
    private static final int EOCD_SIG = 0x06054b50;
    private static final int ZIP64_LOCATOR_SIG = 0x07064b50;
    private static final int ZIP64_EOCD_SIG = 0x06064b50;
    private static final int CEN_SIG = 0x02014b50;
    private static final int LOC_SIG = 0x04034b50;
    private static final long MAGIC32 = 0xFFFFFFFFL;

    private final FileChannel channel;
    private final long size;
    private final String where;

    private ZipDataOffsets(FileChannel channel, String where) throws IOException {
        this.channel = channel;
        this.size = channel.size();
        this.where = where;
    }

    /**
     * Returns the file offset of the first data byte of each named entry that exists.
     *
     * @throws InvalidInputException when the zip structures are malformed
     */
    static Map<String, Long> locate(Path zip, Set<String> names, String where) throws IOException {
        try (FileChannel channel = FileChannel.open(zip, StandardOpenOption.READ)) {
            return new ZipDataOffsets(channel, where).locate(names);
        }
    }

    private Map<String, Long> locate(Set<String> names) throws IOException {
        long eocd = findEndRecord();
        ByteBuffer end = readAt(eocd, 22);
        long entries = end.getShort(10) & 0xFFFFL;
        long cdSize = end.getInt(12) & MAGIC32;
        long cdOffset = end.getInt(16) & MAGIC32;
        if (entries == 0xFFFF || cdSize == MAGIC32 || cdOffset == MAGIC32) {
            ByteBuffer locator = readAt(eocd - 20, 20);
            if (locator.getInt(0) != ZIP64_LOCATOR_SIG) {
                throw corrupt("ZIP64 end locator missing");
            }
            ByteBuffer end64 = readAt(locator.getLong(8), 56);
            if (end64.getInt(0) != ZIP64_EOCD_SIG) {
                throw corrupt("ZIP64 end record missing");
            }
            entries = end64.getLong(32);
            cdSize = end64.getLong(40);
            cdOffset = end64.getLong(48);
        }
        if (cdOffset < 0 || cdSize < 0 || cdOffset + cdSize > size) {
            throw corrupt("central directory lies outside the file");
        }
        Map<String, Long> found = new HashMap<>();
        long pos = cdOffset;
        for (long i = 0; i < entries && found.size() < names.size(); i++) {
            ByteBuffer cen = readAt(pos, 46);
            if (cen.getInt(0) != CEN_SIG) {
                throw corrupt("bad central directory entry at offset " + pos);
            }
            int flags = cen.getShort(8) & 0xFFFF;
            long compressed = cen.getInt(20) & MAGIC32;
            long uncompressed = cen.getInt(24) & MAGIC32;
            int nameLen = cen.getShort(28) & 0xFFFF;
            int extraLen = cen.getShort(30) & 0xFFFF;
            int commentLen = cen.getShort(32) & 0xFFFF;
            long local = cen.getInt(42) & MAGIC32;
            ByteBuffer tail = readAt(pos + 46, nameLen + extraLen);
            byte[] nameBytes = new byte[nameLen];
            tail.get(0, nameBytes);
            String name = new String(nameBytes,
                    (flags & 0x800) != 0 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            if (names.contains(name)) {
                if (local == MAGIC32) {
                    local = zip64Offset(tail.slice(nameLen, extraLen).order(ByteOrder.LITTLE_ENDIAN),
                            uncompressed == MAGIC32, compressed == MAGIC32);
                }
                found.put(name, dataStart(local, name));
            }
            pos += 46L + nameLen + extraLen + commentLen;
        }
        return found;
    }

    /** The local header offset from a ZIP64 extra field, after the sizes that precede it when they overflowed. */
    private long zip64Offset(ByteBuffer extra, boolean hasUncompressed, boolean hasCompressed) {
        int p = 0;
        while (p + 4 <= extra.limit()) {
            int id = extra.getShort(p) & 0xFFFF;
            int len = extra.getShort(p + 2) & 0xFFFF;
            if (id == 0x0001) {
                int at = p + 4 + (hasUncompressed ? 8 : 0) + (hasCompressed ? 8 : 0);
                if (at + 8 > p + 4 + len || at + 8 > extra.limit()) {
                    throw corrupt("ZIP64 extra field too short");
                }
                return extra.getLong(at);
            }
            p += 4 + len;
        }
        throw corrupt("entry offset needs a ZIP64 extra field, which is missing");
    }

    private long dataStart(long local, String name) throws IOException {
        ByteBuffer loc = readAt(local, 30);
        if (loc.getInt(0) != LOC_SIG) {
            throw corrupt("bad local header for entry '" + name + "' at offset " + local);
        }
        return local + 30 + (loc.getShort(26) & 0xFFFF) + (loc.getShort(28) & 0xFFFF);
    }

    /** The end-of-central-directory record: the last 22 bytes unless a comment (up to 64 KiB) follows it. */
    private long findEndRecord() throws IOException {
        int tail = (int) Math.min(size, 22 + 0xFFFF);
        if (tail < 22) {
            throw corrupt("too short to be a zip archive");
        }
        ByteBuffer buf = readAt(size - tail, tail);
        for (int i = tail - 22; i >= 0; i--) {
            if (buf.getInt(i) == EOCD_SIG && i + 22 + (buf.getShort(i + 20) & 0xFFFF) == tail) {
                return size - tail + i;
            }
        }
        throw corrupt("no end of central directory record (truncated?)");
    }

    private ByteBuffer readAt(long position, int length) throws IOException {
        if (position < 0 || position + length > size) {
            throw corrupt("structure at offset " + position + " runs past the end of the file");
        }
        ByteBuffer buf = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buf.hasRemaining()) {
            if (channel.read(buf, position + buf.position()) < 0) {
                throw corrupt("unexpected end of file");
            }
        }
        return buf.flip();
    }

    private InvalidInputException corrupt(String reason) {
        return new InvalidInputException(where + ": corrupt zip archive: " + reason);
    }
}
