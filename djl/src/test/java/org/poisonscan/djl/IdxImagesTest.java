package org.poisonscan.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poisonscan.api.data.InvalidInputException;

class IdxImagesTest {
    @TempDir
    Path dir;

    private static void write(Path p, int magic, int[] dims, byte[] data) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(p)))) {
            out.writeInt(magic);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
        }
    }

    @Test
    void readsImagesScaledToUnitRangeAndLabels() throws IOException {
        write(dir.resolve("i.gz"), 2051, new int[] {2, 2, 3}, new byte[] {0, 51, (byte) 255, 0, 0, 0, 1, 2, 3, 4, 5, 6});
        write(dir.resolve("l.gz"), 2049, new int[] {2}, new byte[] {9, 3});
        LabelledTensors t = IdxImages.read(dir.resolve("i.gz"), dir.resolve("l.gz"));
        assertEquals(2, t.size());
        assertArrayEquals(new long[] {1, 2, 3}, t.sampleShape());
        assertArrayEquals(new int[] {9, 3}, t.labels());
        assertEquals(0.2f, t.values()[1], 1e-7f);
        assertEquals(1f, t.values()[2]);
    }

    @Test
    void rejectsWrongMagicMismatchedCountsAndMissingFilesNamingTheFile() throws IOException {
        write(dir.resolve("i.gz"), 2049, new int[] {1, 1, 1}, new byte[] {0});
        write(dir.resolve("l.gz"), 2049, new int[] {2}, new byte[] {0, 1});
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> IdxImages.read(dir.resolve("i.gz"), dir.resolve("l.gz")));
        assertTrue(e.getMessage().startsWith(dir.resolve("i.gz") + ": not a readable IDX file: magic number 2049"),
                e.getMessage());
        write(dir.resolve("i.gz"), 2051, new int[] {1, 1, 1}, new byte[] {0});
        e = assertThrows(InvalidInputException.class, () -> IdxImages.read(dir.resolve("i.gz"), dir.resolve("l.gz")));
        assertTrue(e.getMessage().contains("l.gz: not a readable IDX file: 2 labels for 1 images"), e.getMessage());
        NoSuchFileException missing = assertThrows(NoSuchFileException.class, () -> IdxImages.train(dir));
        assertTrue(missing.getMessage().contains("dataset-fashion-mnist"), missing.getMessage());
    }

    @Test
    void damagedFilesAreBadInputNamedWithTheirReason() throws IOException {
        write(dir.resolve("l.gz"), 2049, new int[] {1}, new byte[] {0});
        // A header promising 2000 x 100000 x 100000 pixels: refused before reading, not an overflow.
        write(dir.resolve("huge.gz"), 2051, new int[] {2000, 100_000, 100_000}, new byte[0]);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> IdxImages.read(dir.resolve("huge.gz"), dir.resolve("l.gz")));
        assertTrue(e.getMessage().contains("huge.gz: not a readable IDX file: the header's 2000 x 100000 x 100000"),
                e.getMessage());
        // Half of a gzip stream, and a file that is not gzip at all.
        write(dir.resolve("whole.gz"), 2051, new int[] {4, 28, 28}, new byte[4 * 28 * 28]);
        byte[] whole = Files.readAllBytes(dir.resolve("whole.gz"));
        Files.write(dir.resolve("half.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));
        e = assertThrows(InvalidInputException.class, () -> IdxImages.read(dir.resolve("half.gz"), dir.resolve("l.gz")));
        assertTrue(e.getMessage().startsWith(dir.resolve("half.gz") + ": not a readable IDX file"), e.getMessage());
        Files.writeString(dir.resolve("text.gz"), "not gzip");
        e = assertThrows(InvalidInputException.class, () -> IdxImages.read(dir.resolve("text.gz"), dir.resolve("l.gz")));
        assertTrue(e.getMessage().startsWith(dir.resolve("text.gz") + ": not a readable IDX file"), e.getMessage());
    }

    @Test
    void uncompressedFilesAreReadWhenTheGzipOnesAreAbsent() throws IOException {
        for (String split : new String[] {"train", "t10k"}) {
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve(split
                    + "-images-idx3-ubyte")))) {
                out.writeInt(2051);
                out.writeInt(1);
                out.writeInt(2);
                out.writeInt(2);
                out.write(new byte[] {0, (byte) 255, 0, 0});
            }
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve(split
                    + "-labels-idx1-ubyte")))) {
                out.writeInt(2049);
                out.writeInt(1);
                out.write(7);
            }
        }
        LabelledTensors t = IdxImages.train(dir);
        assertArrayEquals(new int[] {7}, t.labels());
        assertEquals(1f, t.values()[1]);
        assertEquals(1, IdxImages.test(dir).size());
    }
}
