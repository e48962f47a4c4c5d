package org.poisonscan.io.numpy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.poisonscan.api.data.ActivationSource;

/**
 * Writes a source as {@code .npy} files that NumPy and {@link NpySource} read: a float32 features array (n x d), an
 * int32 labels array (n) and optionally a bool ground-truth array (n). The source is read once, batch by batch, so
 * any number of rows can be written; on failure the partial files are deleted.
 */
public final class NpyWriter {
    private NpyWriter() {
    }

    /**
     * Writes {@code source}'s features, labels and (when {@code groundTruth} is not null) ground truth, replacing the
     * files.
     *
     * @throws IllegalArgumentException when a ground-truth file is asked for but the source has none
     * @throws org.poisonscan.api.data.InvalidInputException when the source yields rows other than it declares
     */
    public static void write(ActivationSource source, Path features, Path labels, Path groundTruth)
            throws IOException {
        if (groundTruth != null && !source.hasGroundTruth()) {
            throw new IllegalArgumentException(source.description() + " has no ground truth to write to "
                    + groundTruth);
        }
        long n = source.rowCount();
        boolean done = false;
        try (FileChannel f = create(features); FileChannel l = create(labels);
                FileChannel g = groundTruth == null ? null : create(groundTruth)) {
            write(f, ByteBuffer.wrap(NpyHeaderWriter.header(NpyDtype.FLOAT32, n, source.dimension())));
            write(l, ByteBuffer.wrap(NpyHeaderWriter.header(NpyDtype.INT32, n)));
            if (g != null) {
                write(g, ByteBuffer.wrap(NpyHeaderWriter.header(NpyDtype.BOOL, n)));
            }
            SourceCopier.copy(source, g != null, new SourceCopier.Sink() {
                @Override
                public void features(ByteBuffer bytes) throws IOException {
                    write(f, bytes);
                }

                @Override
                public void labels(ByteBuffer bytes) throws IOException {
                    write(l, bytes);
                }

                @Override
                public void marks(ByteBuffer bytes) throws IOException {
                    write(g, bytes);
                }
            });
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(features);
                Files.deleteIfExists(labels);
                if (groundTruth != null) {
                    Files.deleteIfExists(groundTruth);
                }
            }
        }
    }

    private static FileChannel create(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static void write(FileChannel out, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }
}
