package org.poisonscan.io.numpy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.poisonscan.api.data.InvalidInputException;

/**
 * Activations from {@code .npy} files: a 2-D numeric features array (float16, float32, float64 or integers, read as
 * float32; C order, or Fortran order read column by column), a 1-D integer labels array and optionally a 1-D bool or
 * 0/1 integer ground-truth array, each in its own file.
 *
 * <p>Features are memory-mapped in windows below 2 GB, so files far larger than the heap work; labels and ground truth
 * are read a batch at a time with positioned reads. Headers are checked against the file lengths before anything is
 * mapped or allocated, and every value is checked as it is read.
 */
public final class NpySource extends NumpyArraysSource {

    private NpySource(NpyArray features, NpyArray labels, NpyArray groundTruth, String description) {
        super(features, labels, groundTruth, description);
    }

    /** Reads only the file's NPY header: refuses, naming the file, what is not an NPY array (an .npz, a CSV). */
    public static void requireNpy(java.nio.file.Path input) throws IOException {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(input)) {
            NpyHeaderReader.read(in, input.toString());
        }
    }

    /**
     * Opens the arrays and checks their headers, shapes and types; the data is read on each pass.
     *
     * @param features the 2-D features file
     * @param labels the 1-D labels file
     * @param groundTruth the 1-D ground-truth file, or {@code null}
     * @throws InvalidInputException when a file is missing, malformed or inconsistent with the others
     */
    public static NpySource open(Path features, Path labels, Path groundTruth) throws IOException {
        return open(features, labels, groundTruth, MappedRangeReader.DEFAULT_WINDOW);
    }

    /** As {@link #open(Path, Path, Path)} with a chosen mapping window (small windows exercise remapping in tests). */
    static NpySource open(Path features, Path labels, Path groundTruth, long windowBytes) throws IOException {
        NpyArray f = locate(features, true, windowBytes);
        NpyArray l = locate(labels, false, windowBytes);
        NpyArray g = groundTruth == null ? null : locate(groundTruth, false, windowBytes);
        return new NpySource(f, l, g, features.toString());
    }

    private static NpyArray locate(Path file, boolean mapped, long windowBytes) throws IOException {
        String where = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(where + ": file not found (or not a regular file)");
        }
        long size = Files.size(file);
        NpyHeader header;
        try (InputStream in = Files.newInputStream(file)) {
            header = NpyHeaderReader.read(in, where);
        }
        header.requireData(size, where);
        long offset = header.dataOffset();
        long length = header.dataBytes(where);
        NpyArray.Opener opener = mapped
                ? () -> new MappedRangeReader(file, offset, length, windowBytes, where)
                : () -> new PositionedRangeReader(file, offset, length, where);
        return new NpyArray(where, header, true, opener, null);
    }
}
