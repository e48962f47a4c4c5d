package org.poisonscan.djl;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads MNIST-style IDX files (gzip-compressed): {@code idx3-ubyte} images (magic 2051) scaled to [0, 1] and
 * {@code idx1-ubyte} labels (magic 2049), as in Fashion-MNIST (Xiao et al. 2017) and Debian's
 * {@code dataset-fashion-mnist} package.
 */
public final class IdxImages {
    /** Where Debian's {@code dataset-fashion-mnist} package installs the files. */
    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    private IdxImages() {
    }

    /** Fashion-MNIST's training split ({@code train-*}), 60,000 images of 1 x 28 x 28. */
    public static LabelledTensors train(Path dir) throws IOException {
        return read(dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz"));
    }

    /** Fashion-MNIST's test split ({@code t10k-*}), 10,000 images of 1 x 28 x 28. */
    public static LabelledTensors test(Path dir) throws IOException {
        return read(dir.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte.gz"));
    }

    /** Reads an image file and its label file into samples of shape 1 x rows x cols. */
    public static LabelledTensors read(Path images, Path labels) throws IOException {
        for (Path p : new Path[] {images, labels}) {
            if (!Files.isRegularFile(p)) {
                throw new NoSuchFileException(p.toString(), null,
                        "IDX file missing (on Debian: apt-get install dataset-fashion-mnist)");
            }
        }
        int n;
        int rows;
        int cols;
        float[] values;
        try (DataInputStream in = open(images)) {
            checkMagic(in.readInt(), 2051, images);
            n = in.readInt();
            rows = in.readInt();
            cols = in.readInt();
            byte[] raw = in.readNBytes(Math.multiplyExact(Math.multiplyExact(n, rows), cols));
            if (raw.length != n * rows * cols) {
                throw new IOException(images + ": truncated after " + raw.length + " pixel bytes");
            }
            values = new float[raw.length];
            for (int i = 0; i < raw.length; i++) {
                values[i] = (raw[i] & 0xff) / 255f;
            }
        }
        int[] y;
        try (DataInputStream in = open(labels)) {
            checkMagic(in.readInt(), 2049, labels);
            int m = in.readInt();
            if (m != n) {
                throw new IOException(labels + ": " + m + " labels for " + n + " images in " + images);
            }
            byte[] raw = in.readNBytes(m);
            if (raw.length != m) {
                throw new IOException(labels + ": truncated after " + raw.length + " labels");
            }
            y = new int[m];
            for (int i = 0; i < m; i++) {
                y[i] = raw[i] & 0xff;
            }
        }
        return LabelledTensors.wrap(values, new long[] {1, rows, cols}, y);
    }

    private static DataInputStream open(Path p) throws IOException {
        InputStream in = Files.newInputStream(p);
        if (p.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
    }

    private static void checkMagic(int magic, int expected, Path p) throws IOException {
        if (magic != expected) {
            throw new IOException(p + ": IDX magic " + magic + ", expected " + expected);
        }
    }
}
