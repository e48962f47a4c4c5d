package org.poisonscan.io.numpy;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.poisonscan.api.data.InvalidInputException;

/**
 * Reads a whole {@code .npy} array, or one array of an {@code .npz} archive, of any shape and numeric type into
 * memory as float32 ({@link DenseArray}), and writes float32 arrays of any shape as {@code .npy}.
 *
 * <p>For inputs that are not activations: images ({@code n x H x W} or {@code n x H x W x C}, often uint8) and
 * masks. The scan readers ({@link NpySource}, {@link NpzSource}) stream 2-D activations instead and never hold them
 * whole. Integer and bool values are converted exactly (up to 2^24); float64 values beyond the float32 range and
 * non-finite values are refused with the element's index. Fortran-order arrays with more than one dimension longer
 * than 1 are refused (save them with {@code np.ascontiguousarray}).
 */
public final class DenseArrays {
    /** Largest number of elements read into one Java array. */
    public static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private DenseArrays() {
    }

    /**
     * Reads {@code file}: an {@code .npy} file (then {@code name} is ignored) or the array {@code name} of an
     * {@code .npz} archive.
     *
     * @throws InvalidInputException when the file or array is missing, malformed, of an unsupported type, or holds a
     *     value that is not finite; the message names the file and array
     */
    public static DenseArray read(Path file, String name) throws IOException {
        String lower = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": file not found (or not a regular file)");
        }
        if (lower.endsWith(".npy")) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                return read(in, Files.size(file), file.toString());
            }
        }
        if (!lower.endsWith(".npz")) {
            throw new InvalidInputException(file + ": expected a .npy or .npz file");
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry entry = zip.getEntry(name + ".npy");
            if (entry == null) {
                entry = zip.getEntry(name);
            }
            if (entry == null) {
                List<String> names = new ArrayList<>();
                zip.stream().limit(20).forEach(e -> names.add(e.getName().replaceFirst("\\.npy$", "")));
                throw new InvalidInputException(file + ": no array named '" + name + "' (arrays: "
                        + String.join(", ", names) + ")");
            }
            String where = file + " (array '" + name + "')";
            // ZipFile checks no CRC-32 (neither of stored nor of deflated entries); numpy.load does.
            CheckedInputStream checked = new CheckedInputStream(zip.getInputStream(entry), new CRC32());
            try (InputStream in = new BufferedInputStream(checked, 1 << 16)) {
                DenseArray array;
                try {
                    array = read(in, entry.getSize(), where);
                } catch (InvalidInputException e) {
                    // A value error in a damaged archive is the archive's fault: say so.
                    requireChecksum(in, checked, entry.getCrc(), where);
                    throw e;
                }
                requireChecksum(in, checked, entry.getCrc(), where);
                return array;
            }
        } catch (ZipException e) {
            throw new InvalidInputException(file + ": not a readable zip archive (" + e.getMessage() + ")", e);
        }
    }

    /** Reads the entry's remaining bytes and compares the CRC-32 of all of them with the archive's. */
    private static void requireChecksum(InputStream in, CheckedInputStream checked, long expected, String where)
            throws IOException {
        try {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (ZipException | java.io.EOFException e) {
            throw new InvalidInputException(where + ": the archive is corrupt: the entry cannot be inflated ("
                    + e.getMessage() + ")", e);
        }
        if (expected >= 0 && checked.getChecksum().getValue() != expected) {
            throw EntryChecksum.mismatch(where);
        }
    }

    private static DenseArray read(InputStream in, long totalBytes, String where) throws IOException {
        NpyHeader header = NpyHeaderReader.read(in, where);
        if (totalBytes >= 0) {
            header.requireData(totalBytes, where);
        }
        long count = header.dataBytes(where) / header.dtype().itemSize();
        if (count > MAX_ELEMENTS) {
            throw new InvalidInputException(where + ": shape " + header.shapeText() + " has " + count
                    + " elements, more than one array in memory can hold (" + MAX_ELEMENTS + ")");
        }
        int longer = 0;
        for (long s : header.shape()) {
            longer += s > 1 ? 1 : 0;
        }
        if (header.fortranOrder() && longer > 1) {
            throw new InvalidInputException(where + ": Fortran-order (column-major) arrays are not supported here;"
                    + " save it in C order (np.ascontiguousarray)");
        }
        float[] out = new float[(int) count];
        NpyDtype type = header.dtype();
        int item = type.itemSize();
        byte[] chunk = new byte[item * 65_536];
        int done = 0;
        while (done < out.length) {
            int n = Math.min(65_536, out.length - done);
            int got = in.readNBytes(chunk, 0, n * item);
            if (got < n * item) {
                throw new InvalidInputException(where + ": data ends after " + (done + got / item) + " of "
                        + out.length + " elements (truncated)");
            }
            decode(ByteBuffer.wrap(chunk, 0, n * item).order(type.order()), type, out, done, n, where);
            done += n;
        }
        return new DenseArray(where, header.shape(), out);
    }

    private static void decode(ByteBuffer b, NpyDtype type, float[] out, int off, int n, String where) {
        for (int i = 0; i < n; i++) {
            double d = ElementDecoder.number(b, type, i * type.itemSize());
            float v = (float) d;
            if (!Float.isFinite(v)) {
                throw new InvalidInputException(where + ": element " + (off + i) + " is " + d
                        + " (values must be finite float32)");
            }
            out[off + i] = v;
        }
    }

    /**
     * Writes {@code values} as a C-order little-endian float32 {@code .npy} file of {@code shape}, under a temporary
     * name renamed when complete.
     *
     * @throws IllegalArgumentException when the shape does not hold exactly {@code values.length} elements
     */
    public static void writeFloat32(Path file, float[] values, long... shape) throws IOException {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        if (n != values.length) {
            throw new IllegalArgumentException(file + ": " + values.length + " values for shape "
                    + java.util.Arrays.toString(shape));
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".partial");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer header = ByteBuffer.wrap(NpyHeaderWriter.header(NpyDtype.FLOAT32, shape));
            while (header.hasRemaining()) {
                out.write(header);
            }
            ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            data.asFloatBuffer().put(values);
            while (data.hasRemaining()) {
                out.write(data);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Writes the arrays as a compressed {@code .npz} archive (as {@code np.savez_compressed} does): one float32
     * C-order entry {@code NAME.npy} per array, in the map's order; written under a temporary name and renamed.
     */
    public static void writeNpz(Path file, java.util.Map<String, DenseArray> arrays) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".partial");
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(
                new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
            for (java.util.Map.Entry<String, DenseArray> e : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                zip.write(NpyHeaderWriter.header(NpyDtype.FLOAT32, e.getValue().shape()));
                float[] v = e.getValue().values();
                ByteBuffer data = ByteBuffer.allocate(v.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                data.asFloatBuffer().put(v);
                zip.write(data.array());
                zip.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
