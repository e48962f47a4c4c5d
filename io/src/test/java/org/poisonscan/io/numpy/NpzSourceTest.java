package org.poisonscan.io.numpy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.poisonscan.api.data.InvalidInputException;

class NpzSourceTest {
    @TempDir
    Path dir;

    private static final int N = 11;
    private static final int D = 4;

    private static double[] values() {
        double[] v = new double[N * D];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i / D) + (i % D) * 0.1;
        }
        return v;
    }

    private static long[] labels() {
        long[] l = new long[N];
        for (int i = 0; i < N; i++) {
            l[i] = (i * 7) % 3;
        }
        return l;
    }

    private static boolean[] marks() {
        boolean[] p = new boolean[N];
        p[3] = true;
        p[10] = true;
        return p;
    }

    private static Map<String, byte[]> standard() {
        return NpyBytes.entries(
                "X.npy", NpyBytes.npy("<f8", false, new long[] {N, D}, NpyBytes.f8(ByteOrder.LITTLE_ENDIAN, values())),
                "y.npy", NpyBytes.npy("<i8", false, new long[] {N}, NpyBytes.ints(8, ByteOrder.LITTLE_ENDIAN,
                        labels())),
                "poison.npy", NpyBytes.npy("|b1", false, new long[] {N}, NpyBytes.b1(marks())));
    }

    private Path npz(String name, boolean deflate, Map<String, byte[]> entries) throws IOException {
        return NpyBytes.write(dir.resolve(name), NpyBytes.zip(deflate, entries));
    }

    private static void assertStandard(NpyBytes.Rows rows) {
        double[] v = values();
        for (int i = 0; i < v.length; i++) {
            assertEquals((float) v[i], rows.features()[i / D][i % D]);
        }
        assertArrayEquals(Arrays.stream(labels()).mapToInt(x -> (int) x).toArray(), rows.labels());
        assertArrayEquals(marks(), rows.poison());
        for (int r = 0; r < N; r++) {
            assertEquals(r, rows.rowIndex()[r]);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void roundTripsStoredAndDeflatedArchivesOverSeveralPasses(boolean deflate) throws IOException {
        NpzSource source = NpzSource.open(npz("a.npz", deflate, standard()), "X", "y", null, 16);
        assertEquals(N, source.rowCount());
        assertEquals(D, source.dimension());
        assertTrue(source.hasGroundTruth());
        NpyBytes.Rows first = NpyBytes.readAll(source, 4);
        assertEquals(List.of(4, 4, 3), first.batchSizes());
        assertStandard(first);
        assertStandard(NpyBytes.readAll(source, 4));
        assertStandard(NpyBytes.readAll(source, 100));
    }

    @Test
    void usesConfiguredNamesAndTreatsGroundTruthAsOptional() throws IOException {
        Map<String, byte[]> e = standard();
        Path renamed = npz("r.npz", false, NpyBytes.entries("acts.npy", e.get("X.npy"), "cls", e.get("y.npy"),
                "bad.npy", NpyBytes.npy("<u1", false, new long[] {N}, NpyBytes.b1(marks()))));
        NpzSource s = NpzSource.open(renamed, "acts", "cls", "bad");
        assertArrayEquals(marks(), NpyBytes.readAll(s, 5).poison());
        NpzSource noTruth = NpzSource.open(renamed, "acts", "cls", null);
        assertFalse(noTruth.hasGroundTruth());
        assertNull(NpyBytes.readAll(noTruth, 5).poison());
        String m = fail(() -> NpzSource.open(renamed, "acts", "cls", "poison"));
        assertTrue(m.contains("r.npz") && m.contains("no array named 'poison'") && m.contains("acts, cls, bad"), m);
        m = fail(() -> NpzSource.open(renamed, "X", "cls", null));
        assertTrue(m.contains("no array named 'X'"), m);
    }

    @Test
    void readsArchivesWrittenByNumpy() throws IOException {
        for (String name : new String[] {"numpy_stored.npz", "numpy_compressed.npz"}) {
            NpyBytes.Rows rows = NpyBytes.readAll(NpzSource.open(Fixtures.copy(name, dir), "X", "y", null), 3);
            assertEquals(4, rows.features().length);
            for (int i = 0; i < 12; i++) {
                assertEquals(i, rows.features()[i / 3][i % 3]);
            }
            assertArrayEquals(new int[] {0, 1, 2, 1}, rows.labels());
            assertArrayEquals(new boolean[] {false, true, false, false}, rows.poison());
        }
    }

    @Test
    void readsStoredFortranOrderButRefusesItCompressed() throws IOException {
        float[] fortran = new float[N * D];
        double[] v = values();
        for (int r = 0; r < N; r++) {
            for (int j = 0; j < D; j++) {
                fortran[j * N + r] = (float) v[r * D + j];
            }
        }
        Map<String, byte[]> e = standard();
        e.put("X.npy", NpyBytes.npy("<f4", true, new long[] {N, D}, NpyBytes.f4(fortran)));
        assertStandard(NpyBytes.readAll(NpzSource.open(npz("f.npz", false, e), "X", "y", null), 3));
        String m = fail(() -> NpzSource.open(npz("fc.npz", true, e), "X", "y", null));
        assertTrue(m.contains("fc.npz (array 'X')") && m.contains("Fortran-order"), m);
    }

    @Test
    void refusesTruncatedAndNonZipFiles() throws IOException {
        byte[] whole = NpyBytes.zip(false, standard());
        Path cut = NpyBytes.write(dir.resolve("cut.npz"), Arrays.copyOf(whole, whole.length / 2));
        String m = fail(() -> NpzSource.open(cut, "X", "y", null));
        assertTrue(m.contains("cut.npz") && m.contains("not a readable zip archive"), m);
        Path empty = NpyBytes.write(dir.resolve("empty.npz"), new byte[0]);
        assertTrue(fail(() -> NpzSource.open(empty, "X", "y", null)).contains("empty.npz: file is empty"));
        Path text = NpyBytes.write(dir.resolve("text.npz"), "just some text".getBytes());
        assertTrue(fail(() -> NpzSource.open(text, "X", "y", null)).contains("not a readable zip archive"));
        assertTrue(fail(() -> NpzSource.open(dir.resolve("no.npz"), "X", "y", null)).contains("file not found"));
    }

    @Test
    void refusesEntriesShorterThanTheirHeadersDeclare() throws IOException {
        Map<String, byte[]> e = standard();
        e.put("X.npy", NpyBytes.npy("<f4", false, new long[] {1_000_000_000L, 512}, new byte[512]));
        for (boolean deflate : new boolean[] {false, true}) {
            Path p = npz("huge" + deflate + ".npz", deflate, e);
            String m = assertTimeoutPreemptively(Duration.ofSeconds(2),
                    () -> fail(() -> NpzSource.open(p, "X", "y", null)));
            assertTrue(m.contains("(array 'X')") && m.contains("(1000000000, 512)") && m.contains("truncated"), m);
        }
    }

    @Test
    void reportsBadValuesInCompressedEntries() throws IOException {
        Map<String, byte[]> e = standard();
        double[] v = values();
        v[5 * D + 2] = Double.POSITIVE_INFINITY;
        e.put("X.npy", NpyBytes.npy("<f8", false, new long[] {N, D}, NpyBytes.f8(ByteOrder.LITTLE_ENDIAN, v)));
        NpzSource s = NpzSource.open(npz("inf.npz", true, e), "X", "y", null);
        String m = fail(() -> NpyBytes.readAll(s, 4));
        assertTrue(m.contains("inf.npz (array 'X')") && m.contains("row 5, column 2") && m.contains("Infinity"), m);
        Map<String, byte[]> e2 = standard();
        e2.put("y.npy", NpyBytes.npy("<i2", false, new long[] {N, 1}, new byte[2 * N]));
        m = fail(() -> NpzSource.open(npz("y2.npz", true, e2), "X", "y", null));
        assertTrue(m.contains("(array 'y')") && m.contains("must be 1-D"), m);
        Map<String, byte[]> e3 = standard();
        e3.put("X.npy", NpyBytes.npy("|O", false, new long[] {N, D}, new byte[8]));
        m = fail(() -> NpzSource.open(npz("obj.npz", false, e3), "X", "y", null));
        assertTrue(m.contains("never unpickles"), m);
    }

    @Test
    void reportsCorruptCompressedDataWithTheFileName() throws IOException {
        // Overwrite 20 bytes of X's deflate stream (its local header is 30 bytes plus the 5-byte name).
        byte[] whole = NpyBytes.zip(true, standard());
        byte[] broken = whole.clone();
        int data = NpyBytes.indexOf(whole, "X.npy".getBytes()) + 5 + 10;
        for (int i = data; i < data + 20 && i < broken.length; i++) {
            broken[i] = (byte) 0xFF;
        }
        Path p = NpyBytes.write(dir.resolve("bad.npz"), broken);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> NpyBytes.readAll(NpzSource.open(p, "X", "y", null), 4));
        assertTrue(e.getMessage().contains("bad.npz"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aValueChangedAfterTheArchiveWasWrittenFailsItsChecksum(boolean fortran) throws IOException {
        // One element of a stored X overwritten, the zip's CRC-32 left as it was: numpy.load refuses such a file;
        // every value is still finite, so only the checksum can tell.
        double[] v = values();
        double[] columns = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            columns[(i % D) * N + i / D] = v[i];
        }
        byte[] data = NpyBytes.f8(ByteOrder.LITTLE_ENDIAN, fortran ? columns : v);
        Map<String, byte[]> e = new java.util.LinkedHashMap<>(standard());
        e.put("X.npy", NpyBytes.npy("<f8", fortran, new long[] {N, D}, data));
        byte[] whole = NpyBytes.zip(false, e);
        byte[] element = Arrays.copyOfRange(data, 8 * 17, 8 * 18);
        int at = NpyBytes.indexOf(whole, element);
        assertTrue(at > 0);
        whole[at + 7] ^= 0x01;
        Path p = NpyBytes.write(dir.resolve("changed.npz"), whole);
        // X is read through the mapped reader; the next test changes y, read through the positioned one.
        String m = fail(() -> NpyBytes.readAll(NpzSource.open(p, "X", "y", null), 4));
        assertTrue(m.contains("changed.npz") && m.contains("'X'") && m.contains("CRC-32"), m);
        // The intact archive reads (the check passes on every pass).
        Path intact = npz("intact.npz", false, e);
        NpzSource source = NpzSource.open(intact, "X", "y", null, 16);
        assertEquals(N, NpyBytes.readAll(source, 4).labels().length);
        assertEquals(N, NpyBytes.readAll(source, 100).labels().length);
    }

    @Test
    void aChangedLabelFailsItsChecksumToo() throws IOException {
        Map<String, byte[]> e = standard();
        byte[] whole = NpyBytes.zip(false, e);
        byte[] label = e.get("y.npy");
        int at = NpyBytes.indexOf(whole, label) + label.length - 8;
        whole[at] = (byte) (whole[at] == 0 ? 1 : 0);
        Path p = NpyBytes.write(dir.resolve("label.npz"), whole);
        String m = fail(() -> NpyBytes.readAll(NpzSource.open(p, "X", "y", null), 4));
        assertTrue(m.contains("'y'") && m.contains("CRC-32"), m);
    }

    @Test
    void corruptCompressedDataIsCalledCorruptNotOutOfRange() throws IOException {
        // Flipping bits inside a deflate stream often still inflates, to garbage: the values then look absurd, but
        // the cause is the archive, and the message says so.
        double[] v = new double[400 * D];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.sin(i) * 3;
        }
        long[] l = new long[400];
        Map<String, byte[]> e = NpyBytes.entries(
                "X.npy", NpyBytes.npy("<f8", false, new long[] {400, D}, NpyBytes.f8(ByteOrder.LITTLE_ENDIAN, v)),
                "y.npy", NpyBytes.npy("<i8", false, new long[] {400}, NpyBytes.ints(8, ByteOrder.LITTLE_ENDIAN, l)));
        byte[] whole = NpyBytes.zip(true, e);
        int start = NpyBytes.indexOf(whole, "X.npy".getBytes()) + 5 + 200;
        int corrupt = 0;
        for (int flip = 0; flip < 40; flip++) {
            byte[] broken = whole.clone();
            broken[start + flip * 37] ^= (byte) 0x5A;
            Path p = NpyBytes.write(dir.resolve("deflated" + flip + ".npz"), broken);
            InvalidInputException x = assertThrows(InvalidInputException.class,
                    () -> NpyBytes.readAll(NpzSource.open(p, "X", "y", null), 64));
            assertTrue(x.getMessage().contains("deflated" + flip + ".npz"), x.getMessage());
            assertFalse(x.getMessage().contains("1e15"), x.getMessage());
            corrupt += x.getMessage().contains("corrupt") ? 1 : 0;
        }
        assertEquals(40, corrupt, "every damaged archive called corrupt");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void refusesFloat64ColumnsThatNarrowingMakesConstant(boolean tiny) throws IOException {
        // Column 2 varies in float64 (1e10 + i / 8, or i * 1e-50) but every value rounds to one float32.
        double[] v = values();
        for (int r = 0; r < N; r++) {
            v[r * D + 2] = tiny ? r * 1e-50 : 1e10 + r / 8.0;
        }
        Map<String, byte[]> e = new java.util.LinkedHashMap<>(standard());
        e.put("X.npy", NpyBytes.npy("<f8", false, new long[] {N, D}, NpyBytes.f8(ByteOrder.LITTLE_ENDIAN, v)));
        Path p = npz("wide.npz", false, e);
        String m = fail(() -> NpyBytes.readAll(NpzSource.open(p, "X", "y", null), 4));
        assertTrue(m.contains("wide.npz") && m.contains("column 2") && m.contains("float32"), m);
    }


    private static String fail(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(InvalidInputException.class, call).getMessage();
    }

    @Test
    void aCommentAfterTheDirectoryDoesNotHideTheEntries() throws IOException {
        byte[] whole = NpyBytes.zip(false, standard());
        // Give the end record a 5-byte comment: its length field is the record's last two bytes.
        byte[] commented = Arrays.copyOf(whole, whole.length + 5);
        commented[whole.length - 2] = 5;
        System.arraycopy("hello".getBytes(), 0, commented, whole.length, 5);
        Path p = NpyBytes.write(dir.resolve("c.npz"), commented);
        assertStandard(NpyBytes.readAll(NpzSource.open(p, "X", "y", null), 4));
        assertTrue(Files.size(p) > whole.length);
    }
}
