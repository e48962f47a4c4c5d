package org.poisonscan.io.numpy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poisonscan.api.data.BatchReader;
import org.poisonscan.api.data.InvalidInputException;

class NpySourceTest {
    @TempDir
    Path dir;

    /** 10 x 3 features whose value encodes (row, column): 10 * row + column. */
    private static float[] grid(int n, int d) {
        float[] v = new float[n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = 10f * (i / d) + i % d + 0.25f;
        }
        return v;
    }

    private static long[] labels(int n) {
        long[] l = new long[n];
        for (int i = 0; i < n; i++) {
            l[i] = i % 4;
        }
        return l;
    }

    private Path features(String name, float[] values, int n, int d) throws IOException {
        return NpyBytes.write(dir.resolve(name), NpyBytes.npy("<f4", false, new long[] {n, d}, NpyBytes.f4(values)));
    }

    private Path labelFile(String name, long... l) throws IOException {
        return NpyBytes.write(dir.resolve(name), NpyBytes.npy("<i8", false, new long[] {l.length},
                NpyBytes.ints(8, ByteOrder.LITTLE_ENDIAN, l)));
    }

    private static void assertGrid(NpyBytes.Rows rows, int n, int d) {
        assertEquals(n, rows.features().length);
        float[] expected = grid(n, d);
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < d; c++) {
                assertEquals(expected[r * d + c], rows.features()[r][c], "row " + r + " col " + c);
            }
            assertEquals(r % 4, rows.labels()[r]);
            assertEquals(r, rows.rowIndex()[r]);
        }
    }

    @Test
    void roundTripsFloat32WithBatchesThatDoNotDivideTheRows() throws IOException {
        Path f = features("x.npy", grid(10, 3), 10, 3);
        Path g = NpyBytes.write(dir.resolve("g.npy"), NpyBytes.npy("|b1", false, new long[] {10},
                NpyBytes.b1(false, true, false, false, false, false, false, false, false, true)));
        NpySource source = NpySource.open(f, labelFile("l.npy", labels(10)), g);
        assertEquals(10, source.rowCount());
        assertEquals(3, source.dimension());
        assertTrue(source.hasGroundTruth());
        NpyBytes.Rows rows = NpyBytes.readAll(source, 3);
        assertGrid(rows, 10, 3);
        assertEquals(List.of(3, 3, 3, 1), rows.batchSizes());
        assertTrue(rows.poison()[1] && rows.poison()[9] && !rows.poison()[0]);
        NpyBytes.Rows again = NpyBytes.readAll(source, 4);
        assertEquals(List.of(4, 4, 2), again.batchSizes());
        for (int r = 0; r < 10; r++) {
            assertArrayEquals(rows.features()[r], again.features()[r]);
        }
        assertArrayEquals(rows.poison(), again.poison());
    }

    @Test
    void convertsFloat64AndBigEndianAndEveryIntegerLabelType() throws IOException {
        double[] values = {0.1, -2.5, 1e-3, 3.0, 1e12, -7.125}; // beyond 1e15 is refused (ActivationValues)
        Path f = NpyBytes.write(dir.resolve("x.npy"),
                NpyBytes.npy(">f8", false, new long[] {3, 2}, NpyBytes.f8(ByteOrder.BIG_ENDIAN, values)));
        String[] types = {"|i1", "<i2", ">i2", "<i4", "<i8", "|u1", "<u2", ">u4", "<u8"};
        for (String t : types) {
            int size = Integer.parseInt(t.substring(2));
            ByteOrder order = t.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            Path l = NpyBytes.write(dir.resolve("l.npy"),
                    NpyBytes.npy(t, false, new long[] {3}, NpyBytes.ints(size, order, 0, 127, 5)));
            NpyBytes.Rows rows = NpyBytes.readAll(NpySource.open(f, l, null), 2);
            assertArrayEquals(new int[] {0, 127, 5}, rows.labels(), t);
            for (int i = 0; i < values.length; i++) {
                assertEquals((float) values[i], rows.features()[i / 2][i % 2]);
            }
            assertNull(rows.poison());
        }
    }

    @Test
    void readsFortranOrderColumnByColumn() throws IOException {
        int n = 7;
        int d = 3;
        float[] c = grid(n, d);
        float[] fortran = new float[n * d];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < d; j++) {
                fortran[j * n + r] = c[r * d + j];
            }
        }
        Path f = NpyBytes.write(dir.resolve("x.npy"),
                NpyBytes.npy("<f4", true, new long[] {n, d}, NpyBytes.f4(fortran)));
        NpyBytes.Rows rows = NpyBytes.readAll(NpySource.open(f, labelFile("l.npy", labels(n)), null, 8), 3);
        assertGrid(rows, n, d);
    }

    @Test
    void remapsSmallWindowsAndDecodesBatchesLargerThanOneChunk() throws IOException {
        int n = 1000;
        int d = 300; // 1000 rows x 300 x 4 bytes = 1.2 MB: more than one 1 MiB chunk per batch
        Path f = features("x.npy", grid(n, d), n, d);
        Path l = labelFile("l.npy", labels(n));
        assertGrid(NpyBytes.readAll(NpySource.open(f, l, null), 1000), n, d);
        assertGrid(NpyBytes.readAll(NpySource.open(f, l, null, 1000), 7), n, d);
    }

    @Test
    void acceptsIntegerGroundTruthAndRefusesOtherValues() throws IOException {
        Path f = features("x.npy", grid(3, 2), 3, 2);
        Path l = labelFile("l.npy", 1, 2, 3);
        Path g = NpyBytes.write(dir.resolve("g.npy"), NpyBytes.npy("<i4", false, new long[] {3}, NpyBytes.i4(0, 1, 1)));
        assertArrayEquals(new boolean[] {false, true, true}, NpyBytes.readAll(NpySource.open(f, l, g), 2).poison());
        NpyBytes.write(g, NpyBytes.npy("<i4", false, new long[] {3}, NpyBytes.i4(0, 1, 2)));
        String m = failRead(NpySource.open(f, l, g));
        assertTrue(m.contains("g.npy") && m.contains("row 2") && m.contains("is 2"), m);
        NpyBytes.write(g, NpyBytes.npy("<f4", false, new long[] {3}, NpyBytes.f4(0, 1, 1)));
        assertTrue(failOpen(f, l, g).contains("ground truth must be bool or integer"));
    }

    @Test
    void reportsNonFiniteValuesWithFileRowAndColumn() throws IOException {
        float[] v = grid(5, 3);
        v[2 * 3 + 1] = Float.NaN;
        Path l = labelFile("l.npy", labels(5));
        String m = failRead(NpySource.open(features("nan.npy", v, 5, 3), l, null));
        assertTrue(m.contains("nan.npy") && m.contains("row 2, column 1") && m.contains("NaN"), m);
        v[2 * 3 + 1] = 0;
        v[4 * 3 + 2] = Float.NEGATIVE_INFINITY;
        m = failRead(NpySource.open(features("inf.npy", v, 5, 3), l, null));
        assertTrue(m.contains("inf.npy") && m.contains("row 4, column 2") && m.contains("Infinity"), m);
        Path big = NpyBytes.write(dir.resolve("big.npy"), NpyBytes.npy("<f8", false, new long[] {5, 1},
                NpyBytes.f8(ByteOrder.LITTLE_ENDIAN, 1, 2, 3, 1e300, 5)));
        m = failRead(NpySource.open(big, l, null));
        assertTrue(m.contains("big.npy") && m.contains("row 3, column 0") && m.contains("float32 range"), m);
    }

    @Test
    void reportsNonFiniteValuesInFortranOrder() throws IOException {
        float[] fortran = new float[12];
        fortran[2 * 4 + 3] = Float.NaN; // column 2, row 3 of a 4 x 3 array
        Path f = NpyBytes.write(dir.resolve("f.npy"), NpyBytes.npy("<f4", true, new long[] {4, 3},
                NpyBytes.f4(fortran)));
        String m = failRead(NpySource.open(f, labelFile("l.npy", labels(4)), null));
        assertTrue(m.contains("row 3, column 2"), m);
    }

    @Test
    void refusesBadLabels() throws IOException {
        Path f = features("x.npy", grid(3, 2), 3, 2);
        String m = failRead(NpySource.open(f, labelFile("neg.npy", 0, -1, 2), null));
        assertTrue(m.contains("neg.npy") && m.contains("row 1") && m.contains("non-negative"), m);
        m = failRead(NpySource.open(f, labelFile("wide.npy", 0, 1, 1L << 40), null));
        assertTrue(m.contains("wide.npy") && m.contains("row 2") && m.contains("32-bit int"), m);
        Path u8 = NpyBytes.write(dir.resolve("u8.npy"), NpyBytes.npy("<u8", false, new long[] {3},
                NpyBytes.ints(8, ByteOrder.LITTLE_ENDIAN, 0, -1, 1)));
        m = failRead(NpySource.open(f, u8, null));
        assertTrue(m.contains("18446744073709551615") && m.contains("32-bit int"), m);
        Path floats = NpyBytes.write(dir.resolve("fl.npy"), NpyBytes.npy("<f4", false, new long[] {3},
                NpyBytes.f4(0, 1, 2)));
        assertTrue(failOpen(f, floats, null).contains("labels must be integers"));
    }

    @Test
    void refusesShapeAndLengthMismatches() throws IOException {
        Path f = features("x.npy", grid(3, 2), 3, 2);
        String m = failOpen(f, labelFile("short.npy", 0, 1), null);
        assertTrue(m.contains("short.npy") && m.contains("2 label values for 3 rows") && m.contains("x.npy"), m);
        Path g = NpyBytes.write(dir.resolve("g.npy"), NpyBytes.npy("|b1", false, new long[] {4}, new byte[4]));
        m = failOpen(f, labelFile("l.npy", 0, 1, 2), g);
        assertTrue(m.contains("g.npy") && m.contains("4 ground-truth values for 3 rows"), m);
        Path oneD = NpyBytes.write(dir.resolve("x1.npy"), NpyBytes.npy("<f4", false, new long[] {6},
                NpyBytes.f4(grid(3, 2))));
        assertTrue(failOpen(oneD, labelFile("l.npy", 0, 1, 2), null).contains("must be a 2-D array"));
        Path threeD = NpyBytes.write(dir.resolve("x3.npy"), NpyBytes.npy("<f4", false, new long[] {3, 1, 2},
                NpyBytes.f4(grid(3, 2))));
        m = failOpen(threeD, labelFile("l.npy", 0, 1, 2), null);
        assertTrue(m.contains("x3.npy") && m.contains("3-D shape (3, 1, 2)"), m);
        Path twoDLabels = NpyBytes.write(dir.resolve("l2.npy"), NpyBytes.npy("<i4", false, new long[] {3, 1},
                NpyBytes.i4(0, 1, 2)));
        m = failOpen(f, twoDLabels, null);
        assertTrue(m.contains("l2.npy") && m.contains("label array must be 1-D"), m);
    }

    @Test
    void widensIntegerAndHalfFloatFeatures() throws IOException {
        Path l = labelFile("l.npy", 0, 1, 2);
        Path ints = NpyBytes.write(dir.resolve("xi.npy"), NpyBytes.npy("<i4", false, new long[] {3, 1},
                NpyBytes.i4(-7, 0, 1 << 20)));
        assertArrayEquals(new float[] {-7, 0, 1 << 20}, column(NpyBytes.readAll(NpySource.open(ints, l, null), 2)));
        Path bytes = NpyBytes.write(dir.resolve("xu.npy"), NpyBytes.npy("|u1", false, new long[] {3, 1},
                new byte[] {0, (byte) 200, (byte) 255}));
        assertArrayEquals(new float[] {0, 200, 255}, column(NpyBytes.readAll(NpySource.open(bytes, l, null), 2)));
        // float16: 1.0, -2.5, 65504 (largest), 2^-24 (smallest subnormal), -0.0, both byte orders.
        short[] halves = {0x3C00, (short) 0xC100, 0x7BFF, 0x0001, (short) 0x8000};
        float[] expected = {1f, -2.5f, 65504f, 0x1p-24f, -0f};
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            ByteBuffer b = ByteBuffer.allocate(10).order(order);
            for (short h : halves) {
                b.putShort(h);
            }
            String descr = order == ByteOrder.BIG_ENDIAN ? ">f2" : "<f2";
            Path f = NpyBytes.write(dir.resolve("h.npy"), NpyBytes.npy(descr, false, new long[] {5, 1}, b.array()));
            float[] got = column(NpyBytes.readAll(NpySource.open(f, labelFile("l5.npy", 0, 1, 2, 3, 4), null), 3));
            assertArrayEquals(expected, got, descr);
            assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(got[4]), "the sign of zero is kept");
        }
        ByteBuffer inf = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x3C00)
                .putShort((short) 0x7C00);
        Path bad = NpyBytes.write(dir.resolve("hinf.npy"), NpyBytes.npy("<f2", false, new long[] {2, 1},
                inf.array()));
        String m = failRead(NpySource.open(bad, labelFile("l2.npy", 0, 1), null));
        assertTrue(m.contains("hinf.npy") && m.contains("row 1") && m.contains("Infinity"), m);
    }

    private static float[] column(NpyBytes.Rows rows) {
        float[] c = new float[rows.features().length];
        for (int i = 0; i < c.length; i++) {
            c[i] = rows.features()[i][0];
        }
        return c;
    }

    @Test
    void refusesFilesThatAreMissingEmptyPickledOrNotNpy() throws IOException {
        Path l = labelFile("l.npy", 0, 1, 2);
        assertTrue(failOpen(dir.resolve("absent.npy"), l, null).contains("absent.npy: file not found"));
        assertTrue(failOpen(NpyBytes.write(dir.resolve("empty.npy"), new byte[0]), l, null)
                .contains("empty.npy: file is empty (0 bytes)"));
        byte[] pickle = {(byte) 0x80, 0x02, 'c', 'n', 'u', 'm', 'p', 'y', '.', 'c', 'o', 'r', 'e', '\n'};
        assertTrue(failOpen(NpyBytes.write(dir.resolve("p.npy"), pickle), l, null).contains("never unpickles"));
        assertTrue(failOpen(NpyBytes.write(dir.resolve("t.npy"), "a,b\n1,2\n".getBytes()), l, null)
                .contains("t.npy: not an NPY file (bad magic"));
        Path object = NpyBytes.write(dir.resolve("o.npy"), NpyBytes.npy("|O", false, new long[] {3, 1},
                new byte[] {(byte) 0x80, 2, 0, 0}));
        assertTrue(failOpen(object, l, null).contains("o.npy: dtype '|O': object/pickled arrays are refused"));
    }

    @Test
    void refusesAHugeDeclaredShapeInATinyFileBeforeAllocating() throws IOException {
        Path f = NpyBytes.write(dir.resolve("huge.npy"),
                NpyBytes.npy("<f4", false, new long[] {1_000_000_000L, 512}, new byte[1024 - 128]));
        Path l = NpyBytes.write(dir.resolve("hl.npy"),
                NpyBytes.npy("<i8", false, new long[] {1_000_000_000L}, new byte[64]));
        String m = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> failOpen(f, l, null));
        assertTrue(m.contains("huge.npy") && m.contains("(1000000000, 512)") && m.contains("truncated"), m);
        m = failOpen(features("x.npy", grid(1_000, 1), 1_000, 1), NpyBytes.write(dir.resolve("hl2.npy"),
                NpyBytes.npy("<i8", false, new long[] {1_000}, new byte[64])), null);
        assertTrue(m.contains("hl2.npy") && m.contains("8000 bytes of data"), m);
    }

    @Test
    void refusesAHeaderThatDeclaresFewerRowsThanTheFileHolds() throws IOException {
        // 4 rows x 2 float32 values follow a header that declares 2 rows: the last 2 would be left out silently.
        Path f = NpyBytes.write(dir.resolve("fewer.npy"), NpyBytes.npy("<f4", false, new long[] {2, 2},
                new byte[4 * 2 * 4]));
        Path l = NpyBytes.write(dir.resolve("fl.npy"), NpyBytes.npy("<i8", false, new long[] {2}, new byte[16]));
        String m = failOpen(f, l, null);
        assertTrue(m.contains("fewer.npy: header declares shape (2, 2) of <f4 (16 bytes of data) but 32 bytes follow"
                + " the header; its header is wrong"), m);
    }

    @Test
    void readsRealNumpyOutputInFortranOrderAndBigEndian() throws IOException {
        Path f = Fixtures.copy("numpy_fortran_f8be.npy", dir);
        Path l = Fixtures.copy("numpy_fortran_f8be_labels.npy", dir);
        NpyBytes.Rows rows = NpyBytes.readAll(NpySource.open(f, l, null), 2);
        // np.arange(12.0).reshape(4, 3) * 0.5, saved Fortran-ordered as >f8; labels 3, 1, 0, 2 as uint8.
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 3; c++) {
                assertEquals((r * 3 + c) * 0.5f, rows.features()[r][c]);
            }
        }
        assertArrayEquals(new int[] {3, 1, 0, 2}, rows.labels());
    }

    @Test
    void readersStopAfterCloseAndRefuseZeroBatchRows() throws IOException {
        NpySource s = NpySource.open(features("x.npy", grid(3, 2), 3, 2), labelFile("l.npy", 0, 1, 2), null);
        assertThrows(IllegalArgumentException.class, () -> s.open(0));
        BatchReader r = s.open(1);
        r.close();
        assertNull(r.next());
        r.close();
        try (BatchReader r2 = s.open(100)) {
            assertEquals(3, r2.next().rows());
            assertNull(r2.next());
        }
        assertFalse(s.hasGroundTruth());
    }

    private static String failOpen(Path f, Path l, Path g) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> NpySource.open(f, l, g));
        return e.getMessage();
    }

    private static String failRead(NpySource source) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> NpyBytes.readAll(source, 2));
        return e.getMessage();
    }
}
