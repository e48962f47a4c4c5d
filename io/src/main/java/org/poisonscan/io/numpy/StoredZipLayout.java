package org.poisonscan.io.numpy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The layout of a zip archive of stored (uncompressed) entries whose sizes are known before their data is written.
 * Because every offset follows from the sizes, the entries' data can be written in any order, even interleaved, and
 * the local headers (which hold each entry's CRC-32) and the central directory are written last. ZIP64 records are
 * added where a size or offset reaches 4 GiB, or everywhere when forced (to test them on small files).
 */
final class StoredZipLayout {
    private static final long MAGIC32 = 0xFFFFFFFFL;
    /** 1980-01-01 00:00, the earliest DOS date: fixed, so equal inputs give byte-identical archives. */
    private static final short DOS_DATE = 0x21;
    private static final short DOS_TIME = 0;

    private final List<String> names;
    private final long[] sizes;
    private final long[] localOffsets;
    private final boolean[] zip64;
    private final long centralOffset;
    private final boolean forceZip64;

    /**
     * @param names entry names (ASCII)
     * @param sizes bytes of each entry's data
     */
    StoredZipLayout(List<String> names, long[] sizes, boolean forceZip64) {
        this.names = List.copyOf(names);
        this.sizes = sizes.clone();
        this.forceZip64 = forceZip64;
        int n = names.size();
        localOffsets = new long[n];
        zip64 = new boolean[n];
        long pos = 0;
        for (int i = 0; i < n; i++) {
            zip64[i] = forceZip64 || sizes[i] >= MAGIC32;
            localOffsets[i] = pos;
            pos += localHeaderSize(i) + sizes[i];
        }
        centralOffset = pos;
    }

    /** File offset of entry {@code i}'s first data byte. */
    long dataOffset(int i) {
        return localOffsets[i] + localHeaderSize(i);
    }

    private int localHeaderSize(int i) {
        return 30 + names.get(i).length() + (zip64[i] ? 20 : 0);
    }

    /** Writes the local headers, the central directory and the end records, given each entry's CRC-32. */
    void finish(FileChannel out, long[] crcs) throws IOException {
        for (int i = 0; i < names.size(); i++) {
            write(out, localHeader(i, crcs[i]), localOffsets[i]);
        }
        long pos = centralOffset;
        for (int i = 0; i < names.size(); i++) {
            ByteBuffer cen = centralHeader(i, crcs[i]);
            write(out, cen, pos);
            pos += cen.capacity();
        }
        long centralSize = pos - centralOffset;
        boolean end64 = forceZip64 || centralOffset >= MAGIC32 || centralSize >= MAGIC32;
        if (end64) {
            ByteBuffer rec = le(56 + 20);
            rec.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0).putInt(0)
                    .putLong(names.size()).putLong(names.size()).putLong(centralSize).putLong(centralOffset);
            rec.putInt(0x07064b50).putInt(0).putLong(pos).putInt(1);
            write(out, rec.flip(), pos);
            pos += 76;
        }
        ByteBuffer end = le(22);
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0)
                .putShort((short) names.size()).putShort((short) names.size())
                .putInt((int) (end64 ? MAGIC32 : centralSize)).putInt((int) (end64 ? MAGIC32 : centralOffset))
                .putShort((short) 0);
        write(out, end.flip(), pos);
        out.truncate(pos + 22);
    }

    private ByteBuffer localHeader(int i, long crc) {
        byte[] name = names.get(i).getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = le(localHeaderSize(i));
        b.putInt(0x04034b50).putShort((short) (zip64[i] ? 45 : 20)).putShort((short) 0).putShort((short) 0)
                .putShort(DOS_TIME).putShort(DOS_DATE).putInt((int) crc);
        int size32 = (int) (zip64[i] ? MAGIC32 : sizes[i]);
        b.putInt(size32).putInt(size32).putShort((short) name.length).putShort((short) (zip64[i] ? 20 : 0)).put(name);
        if (zip64[i]) {
            b.putShort((short) 1).putShort((short) 16).putLong(sizes[i]).putLong(sizes[i]);
        }
        return b.flip();
    }

    private ByteBuffer centralHeader(int i, long crc) {
        byte[] name = names.get(i).getBytes(StandardCharsets.US_ASCII);
        boolean bigSize = forceZip64 || sizes[i] >= MAGIC32;
        boolean bigOffset = forceZip64 || localOffsets[i] >= MAGIC32;
        int extra = (bigSize ? 16 : 0) + (bigOffset ? 8 : 0);
        int extraField = extra == 0 ? 0 : 4 + extra;
        ByteBuffer b = le(46 + name.length + extraField);
        b.putInt(0x02014b50).putShort((short) 45).putShort((short) (extra == 0 ? 20 : 45)).putShort((short) 0)
                .putShort((short) 0).putShort(DOS_TIME).putShort(DOS_DATE).putInt((int) crc);
        int size32 = (int) (bigSize ? MAGIC32 : sizes[i]);
        b.putInt(size32).putInt(size32).putShort((short) name.length).putShort((short) extraField)
                .putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0)
                .putInt((int) (bigOffset ? MAGIC32 : localOffsets[i])).put(name);
        if (extra > 0) {
            b.putShort((short) 1).putShort((short) extra);
            if (bigSize) {
                b.putLong(sizes[i]).putLong(sizes[i]);
            }
            if (bigOffset) {
                b.putLong(localOffsets[i]);
            }
        }
        return b.flip();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    static void write(FileChannel out, ByteBuffer bytes, long position) throws IOException {
        long pos = position;
        while (bytes.hasRemaining()) {
            pos += out.write(bytes, pos);
        }
    }
}
