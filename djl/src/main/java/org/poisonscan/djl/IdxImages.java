package org.poisonscan.djl;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads MNIST-style IDX files (gzip-compressed, or plain when the name does not end in {@code .gz}): {@code idx3-ubyte}
 * images (magic 2051) scaled to [0, 1] and {@code idx1-ubyte} labels (magic 2049), as in Fashion-MNIST (Xiao et al.
 * 2017) and Debian's {@code dataset-fashion-mnist} package.
 */
public final class IdxImages {
    /** Where Debian's {@code dataset-fashion-mnist} package installs the files. */
    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    private IdxImages() {
    }

    /** Fashion-MNIST's training split ({@code train-*}), 60,000 images of 1 x 28 x 28. */
    public static LabelledTensors train(Path dir) throws IOException {
        return read(file(dir, "train-images-idx3-ubyte"), file(dir, "train-labels-idx1-ubyte"));
    }

    /** Fashion-MNIST's test split ({@code t10k-*}), 10,000 images of 1 x 28 x 28. */
    public static LabelledTensors test(Path dir) throws IOException {
        return read(file(dir, "t10k-images-idx3-ubyte"), file(dir, "t10k-labels-idx1-ubyte"));
    }

    /** {@code name.gz} in {@code dir}, or the uncompressed {@code name} when only that is there. */
    private static Path file(Path dir, String name) {
        Path gz = dir.resolve(name + ".gz");
        Path plain = dir.resolve(name);
        return !Files.isRegularFile(gz) && Files.isRegularFile(plain) ? plain : gz;
    }

    /**
     * Reads an image file and its label file into samples of shape 1 x rows x cols.
     *
     * @throws org.poisonscan.api.data.InvalidInputException when a file is damaged (truncated, not gzip, a wrong magic
     *     number, a header that does not fit); the message names the file
     */
    public static LabelledTensors read(Path images, Path labels) throws IOException {
        for (Path p : new Path[] {images, labels}) {
            if (!Files.isRegularFile(p)) {
                throw new NoSuchFileException(p.toString(), null,
                        "IDX file missing (on Debian: apt-get install dataset-fashion-mnist)");
            }
        }
        float[] values;
        int[] shape;
        try (DataInputStream in = open(images)) {
            checkMagic(in.readInt(), 2051);
            shape = new int[] {in.readInt(), in.readInt(), in.readInt()};
            long pixels = (long) shape[0] * shape[1] * shape[2];
            if (shape[0] < 0 || shape[1] < 1 || shape[2] < 1 || pixels > Integer.MAX_VALUE - 8) {
                throw new IOException("the header's " + shape[0] + " x " + shape[1] + " x " + shape[2]
                        + " images are not a size this reader takes");
            }
            byte[] raw = in.readNBytes((int) pixels);
            if (raw.length != pixels) {
                throw new IOException("truncated after " + raw.length + " of " + pixels + " pixel bytes");
            }
            values = new float[raw.length];
            for (int i = 0; i < raw.length; i++) {
                values[i] = (raw[i] & 0xff) / 255f;
            }
        } catch (IOException e) {
            throw damaged(images, e);
        }
        int[] y;
        try (DataInputStream in = open(labels)) {
            checkMagic(in.readInt(), 2049);
            int m = in.readInt();
            if (m != shape[0]) {
                throw new IOException(m + " labels for " + shape[0] + " images in " + images);
            }
            byte[] raw = in.readNBytes(m);
            if (raw.length != m) {
                throw new IOException("truncated after " + raw.length + " of " + m + " labels");
            }
            y = new int[m];
            for (int i = 0; i < m; i++) {
                y[i] = raw[i] & 0xff;
            }
        } catch (IOException e) {
            throw damaged(labels, e);
        }
        return LabelledTensors.wrap(values, new long[] {1, shape[1], shape[2]}, y);
    }

    /** A damaged file as bad input, named, with the reason (an end of file inside the header is a truncation). */
    private static org.poisonscan.api.data.InvalidInputException damaged(Path file, IOException e) {
        String reason = e instanceof java.io.EOFException ? "truncated" : e.getMessage();
        return new org.poisonscan.api.data.InvalidInputException(file + ": not a readable IDX file: " + reason, e);
    }

    private static DataInputStream open(Path p) throws IOException {
        InputStream in = Files.newInputStream(p);
        if (p.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
    }

    private static void checkMagic(int magic, int expected) throws IOException {
        if (magic != expected) {
            throw new IOException("magic number " + magic + ", expected " + expected + " (" + (expected == 2051
                    ? "idx3-ubyte images" : "idx1-ubyte labels") + ")");
        }
    }
}
