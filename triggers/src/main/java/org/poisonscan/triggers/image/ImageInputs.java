package org.poisonscan.triggers.image;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.poisonscan.api.data.InvalidInputException;
import org.poisonscan.io.numpy.DenseArray;
import org.poisonscan.io.numpy.DenseArrays;

/**
 * Reads raw images for trigger analysis: an array of shape {@code n x H x W}, {@code n x H x W x C}, or channel-first
 * {@code n x C x H x W} (PyTorch's layout: C of 1, 3 or 4 before a last dimension over 4; transposed on reading) from an
 * {@code .npy} file or an {@code .npz} archive (any numeric type; see {@link DenseArrays}), or an IDX image file
 * ({@code idx3-ubyte}, optionally gzip-compressed, as Fashion-MNIST ships; bytes scaled to [0, 1] as
 * {@link org.poisonscan.djl.IdxImages} does). Values are kept as they are otherwise: the analysis is scale-free.
 */
public final class ImageInputs {
    /** The array name {@code --images} defaults to. */
    public static final String DEFAULT_ARRAY = "images";

    private ImageInputs() {
    }

    /** Whether {@code file} looks like an image input (.npy, .npz or IDX) rather than a table. */
    public static boolean isImageFile(Path file) {
        String name = lower(file);
        return name.endsWith(".npy") || name.endsWith(".npz") || isIdx(file);
    }

    /**
     * Reads the images.
     *
     * @param file the .npy, .npz or IDX file
     * @param array the array's name inside an .npz (ignored otherwise)
     * @throws InvalidInputException when the file or array is missing or not an image array; the message names both
     */
    public static ImageSet read(Path file, String array) throws IOException {
        if (isIdx(file)) {
            return readIdx(file);
        }
        DenseArray a = DenseArrays.read(file, array);
        if (a.ndim() != 3 && a.ndim() != 4) {
            throw new InvalidInputException(a.where() + ": images must be n x H x W or n x H x W x C, got a "
                    + a.ndim() + "-D array of shape " + java.util.Arrays.toString(a.shape()));
        }
        if (channelFirst(a)) {
            return fromChannelFirst(a);
        }
        int channels = a.ndim() == 4 ? (int) a.dim(3) : 1;
        if (a.dim(1) < 1 || a.dim(2) < 1 || channels < 1) {
            throw new InvalidInputException(a.where() + ": empty image dimension in shape "
                    + java.util.Arrays.toString(a.shape()));
        }
        return new ImageSet(a.values(), (int) a.dim(0), (int) a.dim(1), (int) a.dim(2), channels);
    }

    /**
     * Whether a 4-D array is channel-first: 1, 3 or 4 channels second and a last dimension over 4, which no
     * channel-last image has (read as n x H x W x C, a probe's n x 3 x 32 x 32 gave a 3 x 32 "image" and a wrong mask).
     */
    static boolean channelFirst(DenseArray a) {
        long second = a.dim(1);
        return a.ndim() == 4 && (second == 1 || second == 3 || second == 4) && a.dim(3) > 4;
    }

    private static ImageSet fromChannelFirst(DenseArray a) {
        int n = (int) a.dim(0);
        int c = (int) a.dim(1);
        int h = (int) a.dim(2);
        int w = (int) a.dim(3);
        float[] in = a.values();
        float[] out = new float[in.length];
        int plane = h * w;
        for (int i = 0; i < n; i++) {
            int base = i * c * plane;
            for (int ch = 0; ch < c; ch++) {
                for (int p = 0; p < plane; p++) {
                    out[base + p * c + ch] = in[base + ch * plane + p];
                }
            }
        }
        return new ImageSet(out, n, h, w, c);
    }

    private static boolean isIdx(Path file) {
        String name = lower(file);
        return name.contains("idx3") || name.endsWith(".idx");
    }

    private static String lower(Path file) {
        return file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    }

    private static ImageSet readIdx(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": file not found (or not a regular file)");
        }
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try (DataInputStream in = new DataInputStream(lower(file).endsWith(".gz") ? new GZIPInputStream(raw) : raw)) {
            int magic = in.readInt();
            if (magic != 2051) {
                throw new InvalidInputException(file + ": IDX magic " + magic
                        + ", expected 2051 (unsigned-byte images)");
            }
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (n < 0 || rows < 1 || cols < 1 || (long) n * rows * cols > DenseArrays.MAX_ELEMENTS) {
                throw new InvalidInputException(file + ": IDX header declares " + n + " x " + rows + " x " + cols);
            }
            byte[] bytes = in.readNBytes(n * rows * cols);
            if (bytes.length != n * rows * cols) {
                throw new InvalidInputException(file + ": truncated after " + bytes.length + " pixel bytes of "
                        + n * rows * cols);
            }
            float[] v = new float[bytes.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = (bytes[i] & 0xff) / 255f;
            }
            return new ImageSet(v, n, rows, cols, 1);
        } catch (java.io.EOFException e) {
            throw new InvalidInputException(file + ": truncated IDX header", e);
        }
    }
}
