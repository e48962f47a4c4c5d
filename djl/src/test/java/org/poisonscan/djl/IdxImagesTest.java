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
    void rejectsWrongMagicMismatchedCountsAndMissingFiles() throws IOException {
        write(dir.resolve("i.gz"), 2049, new int[] {1, 1, 1}, new byte[] {0});
        write(dir.resolve("l.gz"), 2049, new int[] {2}, new byte[] {0, 1});
        IOException e = assertThrows(IOException.class,
                () -> IdxImages.read(dir.resolve("i.gz"), dir.resolve("l.gz")));
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
        write(dir.resolve("i.gz"), 2051, new int[] {1, 1, 1}, new byte[] {0});
        e = assertThrows(IOException.class, () -> IdxImages.read(dir.resolve("i.gz"), dir.resolve("l.gz")));
        assertTrue(e.getMessage().contains("2 labels for 1 images"), e.getMessage());
        NoSuchFileException missing = assertThrows(NoSuchFileException.class, () -> IdxImages.train(dir));
        assertTrue(missing.getMessage().contains("dataset-fashion-mnist"), missing.getMessage());
    }
}
