package org.poisonscan.io.numpy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.poisonscan.api.data.ActivationSource;

/**
 * Writes a source as an {@code .npz} that NumPy and {@link NpzSource} read: float32 {@code X} (n x d), int32
 * {@code y} (n) and, when the source has ground truth, bool {@code poison} (n), as stored (uncompressed) entries so
 * readers can memory-map them.
 *
 * <p>The source is read once. Entry sizes follow from the declared row count and dimension, so each array's data is
 * written straight to its final place in the file while the CRC-32s accumulate; the local headers and the central
 * directory (ZIP64 where sizes or offsets exceed 4 GiB) are written at the end. Memory stays at a few buffers whatever
 * the size. On any failure the partial file is deleted.
 */
public final class NpzWriter {
    private NpzWriter() {
    }

    /**
     * Writes {@code source} to {@code npz}, replacing it.
     *
     * @throws org.poisonscan.api.data.InvalidInputException when the source yields rows other than it declares
     */
    public static void write(ActivationSource source, Path npz) throws IOException {
        write(source, npz, false);
    }

    /** As {@link #write(ActivationSource, Path)}, optionally with ZIP64 records on every entry. */
    static void write(ActivationSource source, Path npz, boolean forceZip64) throws IOException {
        long n = source.rowCount();
        boolean marks = source.hasGroundTruth();
        List<String> names = new ArrayList<>(List.of("X.npy", "y.npy"));
        List<byte[]> headers = new ArrayList<>(List.of(
                NpyHeaderWriter.header(NpyDtype.FLOAT32, n, source.dimension()),
                NpyHeaderWriter.header(NpyDtype.INT32, n)));
        List<Long> dataBytes = new ArrayList<>(List.of(Math.multiplyExact(n, 4L * source.dimension()), 4 * n));
        if (marks) {
            names.add("poison.npy");
            headers.add(NpyHeaderWriter.header(NpyDtype.BOOL, n));
            dataBytes.add(n);
        }
        int k = names.size();
        long[] sizes = new long[k];
        for (int i = 0; i < k; i++) {
            sizes[i] = headers.get(i).length + dataBytes.get(i);
        }
        StoredZipLayout layout = new StoredZipLayout(names, sizes, forceZip64);
        boolean done = false;
        try (FileChannel out = FileChannel.open(npz, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            EntryWriter[] entries = new EntryWriter[k];
            for (int i = 0; i < k; i++) {
                entries[i] = new EntryWriter(out, layout.dataOffset(i));
                entries[i].write(ByteBuffer.wrap(headers.get(i)));
            }
            SourceCopier.copy(source, marks, new SourceCopier.Sink() {
                @Override
                public void features(ByteBuffer bytes) throws IOException {
                    entries[0].write(bytes);
                }

                @Override
                public void labels(ByteBuffer bytes) throws IOException {
                    entries[1].write(bytes);
                }

                @Override
                public void marks(ByteBuffer bytes) throws IOException {
                    entries[2].write(bytes);
                }
            });
            long[] crcs = new long[k];
            for (int i = 0; i < k; i++) {
                crcs[i] = entries[i].crc.getValue();
            }
            layout.finish(out, crcs);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(npz);
            }
        }
    }

    /** Appends to one entry's data region at its own position, keeping the entry's CRC-32. */
    private static final class EntryWriter {
        private final FileChannel out;
        private final CRC32 crc = new CRC32();
        private long position;

        EntryWriter(FileChannel out, long position) {
            this.out = out;
            this.position = position;
        }

        void write(ByteBuffer bytes) throws IOException {
            crc.update(bytes.duplicate());
            int n = bytes.remaining();
            StoredZipLayout.write(out, bytes, position);
            position += n;
        }
    }
}
