package org.poisonscan.io.numpy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poisonscan.api.data.InvalidInputException;

/** Whole arrays of any shape and type: uint8 images in .npz, big-endian floats, writers read back. */
class DenseArraysTest {
    @TempDir
    Path dir;

    @Test
    void anImageChangedAfterTheArchiveWasWrittenFailsItsChecksum() throws IOException {
        byte[] pixels = new byte[4 * 5 * 5];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7);
        }
        Map<String, byte[]> entries = NpyBytes.entries("images.npy",
                NpyBytes.npy("|u1", false, new long[] {4, 5, 5}, pixels));
        byte[] stored = NpyBytes.zip(false, entries);
        int at = NpyBytes.indexOf(stored, java.util.Arrays.copyOfRange(pixels, 30, 40)) + 3;
        assertTrue(at > 3);
        stored[at] ^= 0x10; // a pixel value changed, still a valid uint8: only the CRC-32 tells
        Path changed = NpyBytes.write(dir.resolve("changed.npz"), stored);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> DenseArrays.read(changed, "images"));
        assertTrue(e.getMessage().contains("changed.npz (array 'images')") && e.getMessage().contains("CRC-32"),
                e.getMessage());
        // The intact archive, stored and deflated, reads.
        assertEquals(pixels.length, DenseArrays.read(NpyBytes.write(dir.resolve("intact.npz"),
                NpyBytes.zip(false, entries)), "images").values().length);
        assertEquals(pixels.length, DenseArrays.read(NpyBytes.write(dir.resolve("deflated.npz"),
                NpyBytes.zip(true, entries)), "images").values().length);
    }

    @Test
    void readsUint8ImagesFromAnNpzEntryAndBigEndianFloatsFromNpy() throws IOException {
        byte[] pixels = new byte[2 * 2 * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (250 + i);
        }
        Path npz = NpyBytes.write(dir.resolve("raw.npz"), NpyBytes.zip(true, NpyBytes.entries(
                "images.npy", NpyBytes.npy("|u1", false, new long[] {2, 2, 3}, pixels),
                "labels.npy", NpyBytes.npy("<i4", false, new long[] {2}, NpyBytes.i4(0, 1)))));
        DenseArray a = DenseArrays.read(npz, "images");
        assertArrayEquals(new long[] {2, 2, 3}, a.shape());
        assertEquals(250f, a.values()[0]);
        assertEquals(261f - 256f, a.values()[11]);
        assertTrue(a.where().contains("images"));

        Path npy = NpyBytes.write(dir.resolve("f.npy"), NpyBytes.npy(">f8", false, new long[] {3},
                NpyBytes.f8(ByteOrder.BIG_ENDIAN, 1.5, -2, 3e-3)));
        assertArrayEquals(new float[] {1.5f, -2f, 3e-3f}, DenseArrays.read(npy, null).values());
    }

    @Test
    void writersRoundTrip() throws IOException {
        float[] v = {0, 0.5f, 1, 2, 3, 4};
        DenseArrays.writeFloat32(dir.resolve("m.npy"), v, 2, 3);
        DenseArray back = DenseArrays.read(dir.resolve("m.npy"), null);
        assertArrayEquals(new long[] {2, 3}, back.shape());
        assertArrayEquals(v, back.values());
        Map<String, DenseArray> arrays = new LinkedHashMap<>();
        arrays.put("images", new DenseArray("x", new long[] {1, 2, 3}, v));
        arrays.put("other", new DenseArray("y", new long[] {6}, v));
        DenseArrays.writeNpz(dir.resolve("a.npz"), arrays);
        assertArrayEquals(v, DenseArrays.read(dir.resolve("a.npz"), "other").values());
        assertArrayEquals(new long[] {1, 2, 3}, DenseArrays.read(dir.resolve("a.npz"), "images").shape());
        assertThrows(IllegalArgumentException.class, () -> DenseArrays.writeFloat32(dir.resolve("bad.npy"), v, 4));
    }

    @Test
    void refusesWhatItCannotReadNamingTheFileAndArray() throws IOException {
        DenseArrays.writeNpz(dir.resolve("a.npz"), Map.of("images", new DenseArray("x", new long[] {2}, new float[2])));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> DenseArrays.read(dir.resolve("a.npz"), "pixels"));
        assertTrue(e.getMessage().contains("a.npz: no array named 'pixels' (arrays: images)"), e.getMessage());
        Path nan = NpyBytes.write(dir.resolve("nan.npy"), NpyBytes.npy("<f4", false, new long[] {2},
                NpyBytes.f4(1, Float.NaN)));
        e = assertThrows(InvalidInputException.class, () -> DenseArrays.read(nan, null));
        assertTrue(e.getMessage().contains("element 1 is NaN"), e.getMessage());
        Path obj = NpyBytes.write(dir.resolve("obj.npy"), NpyBytes.npy("|O", false, new long[] {1}, new byte[8]));
        assertThrows(InvalidInputException.class, () -> DenseArrays.read(obj, null));
        Path fortran = NpyBytes.write(dir.resolve("f.npy"), NpyBytes.npy("<f4", true, new long[] {2, 2},
                NpyBytes.f4(1, 2, 3, 4)));
        e = assertThrows(InvalidInputException.class, () -> DenseArrays.read(fortran, null));
        assertTrue(e.getMessage().contains("Fortran-order"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> DenseArrays.read(dir.resolve("missing.npy"), null));
        assertTrue(e.getMessage().contains("missing.npy: file not found"), e.getMessage());
    }
}
