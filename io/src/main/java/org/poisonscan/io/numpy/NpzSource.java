package org.poisonscan.io.numpy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.poisonscan.api.data.InvalidInputException;

/**
 * Activations from an {@code .npz} archive (as written by {@code np.savez} or {@code np.savez_compressed}): a 2-D
 * float32/float64 features array, a 1-D integer labels array and optionally a 1-D bool or 0/1 ground-truth array.
 *
 * <p>Stored (uncompressed) entries are memory-mapped in place: their data offset is found from the zip's central
 * directory and local header, ZIP64 included. Compressed entries are inflated as a stream on every pass (each pass
 * re-opens the archive), so no array is ever held whole in memory; a Fortran-order features array must be stored,
 * since a stream cannot be read column by column.
 */
public final class NpzSource extends NumpyArraysSource {
    /** The ground-truth array used when none is named and the archive has one. */
    public static final String DEFAULT_GROUND_TRUTH = "poison";

    private NpzSource(NpyArray features, NpyArray labels, NpyArray groundTruth, String description) {
        super(features, labels, groundTruth, description);
    }

    /**
     * Opens the named arrays and checks their headers, shapes and types; the data is read on each pass. An array
     * {@code X} is the entry {@code X.npy} (or {@code X}).
     *
     * @param npz the archive
     * @param features name of the features array, e.g. {@code X}
     * @param labels name of the labels array, e.g. {@code y}
     * @param groundTruth name of the ground-truth array, or {@code null} to use {@value #DEFAULT_GROUND_TRUTH} when
     *     the archive has it and no ground truth otherwise
     * @throws InvalidInputException when the archive or an array is missing, malformed or inconsistent
     */
    public static NpzSource open(Path npz, String features, String labels, String groundTruth) throws IOException {
        return open(npz, features, labels, groundTruth, MappedRangeReader.DEFAULT_WINDOW);
    }

    /** As {@link #open(Path, String, String, String)} with a chosen mapping window. */
    static NpzSource open(Path npz, String features, String labels, String groundTruth, long windowBytes)
            throws IOException {
        String where = npz.toString();
        if (!Files.isRegularFile(npz)) {
            throw new InvalidInputException(where + ": file not found (or not a regular file)");
        }
        if (Files.size(npz) == 0) {
            throw new InvalidInputException(where + ": file is empty (0 bytes), not an .npz archive");
        }
        try (ZipFile zip = new ZipFile(npz.toFile())) {
            ZipEntry fe = find(zip, features, where, true);
            ZipEntry le = find(zip, labels, where, true);
            ZipEntry ge = find(zip, groundTruth == null ? DEFAULT_GROUND_TRUTH : groundTruth, where,
                    groundTruth != null);
            Set<String> stored = new HashSet<>();
            for (ZipEntry e : new ZipEntry[] {fe, le, ge}) {
                if (e != null && e.getMethod() == ZipEntry.STORED) {
                    stored.add(e.getName());
                }
            }
            Map<String, Long> offsets = stored.isEmpty() ? Map.of() : ZipDataOffsets.locate(npz, stored, where);
            NpyArray f = locate(npz, zip, fe, offsets, true, windowBytes, where);
            NpyArray l = locate(npz, zip, le, offsets, false, windowBytes, where);
            NpyArray g = ge == null ? null : locate(npz, zip, ge, offsets, false, windowBytes, where);
            return new NpzSource(f, l, g, where);
        } catch (ZipException | EOFException e) {
            throw new InvalidInputException(where + ": not a readable zip archive (truncated or corrupt: "
                    + e.getMessage() + ")", e);
        }
    }

    private static ZipEntry find(ZipFile zip, String name, String where, boolean required) {
        ZipEntry e = zip.getEntry(name + ".npy");
        if (e == null) {
            e = zip.getEntry(name);
        }
        if (e == null && required) {
            List<String> names = new ArrayList<>();
            zip.stream().limit(20).forEach(x -> names.add(x.getName().replaceFirst("\\.npy$", "")));
            throw new InvalidInputException(where + ": no array named '" + name + "' (arrays: "
                    + String.join(", ", names) + ")");
        }
        return e;
    }

    private static NpyArray locate(Path npz, ZipFile zip, ZipEntry entry, Map<String, Long> offsets, boolean mapped,
            long windowBytes, String zipWhere) throws IOException {
        String where = zipWhere + " (array '" + entry.getName().replaceFirst("\\.npy$", "") + "')";
        if (entry.getMethod() != ZipEntry.STORED && entry.getMethod() != ZipEntry.DEFLATED) {
            throw new InvalidInputException(where + ": unsupported zip compression method " + entry.getMethod());
        }
        NpyHeader header;
        try (InputStream in = zip.getInputStream(entry)) {
            header = NpyHeaderReader.read(in, where);
        } catch (ZipException | EOFException e) {
            throw new InvalidInputException(where + ": entry data is corrupt or truncated (" + e.getMessage() + ")", e);
        }
        if (entry.getSize() >= 0) {
            header.requireData(entry.getSize(), where);
        }
        long length = header.dataBytes(where);
        EntryChecksum checksum = checksum(zip, entry, header, length, where);
        NpyArray.Integrity integrity = checksum == null ? null : () -> {
            try (ZipFile again = new ZipFile(npz.toFile()); InputStream in = again.getInputStream(entry)) {
                checksum.verify(in);
            }
        };
        if (entry.getMethod() == ZipEntry.STORED) {
            Long entryStart = offsets.get(entry.getName());
            if (entryStart == null) {
                throw new InvalidInputException(where + ": entry missing from the zip central directory");
            }
            long start = entryStart + header.dataOffset();
            if (start + length > Files.size(npz)) {
                throw new InvalidInputException(where + ": entry data runs past the end of the archive (truncated)");
            }
            NpyArray.Opener raw = mapped
                    ? () -> new MappedRangeReader(npz, start, length, windowBytes, where)
                    : () -> new PositionedRangeReader(npz, start, length, where);
            NpyArray.Opener opener = checksum == null ? raw : () -> checksum.watch(raw.open());
            NpyArray array = new NpyArray(where, header, true, opener, integrity);
            if (integrity != null && !array.rowMajor()) {
                // Column-major data is read out of order, so no pass checks it on the way: check it once here.
                integrity.verify();
            }
            return array;
        }
        String name = entry.getName();
        long skip = header.dataOffset();
        NpyArray.Opener raw = () -> openStream(npz, name, skip, length, where);
        return new NpyArray(where, header, false, checksum == null ? raw : () -> checksum.watch(raw.open()),
                integrity);
    }

    /** The entry's recorded CRC-32 with its header bytes, or null when the archive records none. */
    private static EntryChecksum checksum(ZipFile zip, ZipEntry entry, NpyHeader header, long length, String where)
            throws IOException {
        if (entry.getCrc() < 0) {
            return null;
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] headerBytes = in.readNBytes((int) header.dataOffset());
            return new EntryChecksum(where, entry.getCrc(), headerBytes, length);
        } catch (ZipException | EOFException e) {
            throw new InvalidInputException(where + ": entry data is corrupt or truncated (" + e.getMessage() + ")", e);
        }
    }

    /** Re-opens the archive and inflates the entry from its first data byte. */
    private static ByteRangeReader openStream(Path npz, String name, long skip, long length, String where)
            throws IOException {
        ZipFile zip = new ZipFile(npz.toFile());
        try {
            ZipEntry entry = zip.getEntry(name);
            if (entry == null) {
                throw new InvalidInputException(where + ": entry disappeared; was the archive replaced?");
            }
            InputStream in = zip.getInputStream(entry);
            try {
                in.skipNBytes(skip);
            } catch (EOFException e) {
                throw new InvalidInputException(where + ": entry ends inside its NPY header (truncated)", e);
            }
            return new StreamRangeReader(in, zip, length, where);
        } catch (IOException | RuntimeException e) {
            zip.close();
            throw e;
        }
    }
}
