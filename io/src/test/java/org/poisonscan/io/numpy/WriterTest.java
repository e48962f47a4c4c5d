package org.poisonscan.io.numpy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.BatchReader;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.api.data.InvalidInputException;
import org.poisonscan.api.synthetic.SyntheticConfig;
import org.poisonscan.api.synthetic.SyntheticGenerator;

class WriterTest {
    @TempDir
    Path dir;

    private static InMemorySource small(boolean truth) {
        float[] f = new float[7 * 3];
        for (int i = 0; i < f.length; i++) {
            f[i] = i * 0.5f - 3;
        }
        int[] l = {0, 1, 2, 0, 1, 2, 9};
        boolean[] p = truth ? new boolean[] {false, true, false, false, false, true, false} : null;
        return new InMemorySource(f, 3, l, p, "small");
    }

    private static void assertSame(ActivationSource expected, ActivationSource actual) throws IOException {
        NpyBytes.Rows e = NpyBytes.readAll(expected, 1000);
        NpyBytes.Rows a = NpyBytes.readAll(actual, 3);
        assertEquals(expected.rowCount(), actual.rowCount());
        assertEquals(expected.dimension(), actual.dimension());
        assertEquals(expected.hasGroundTruth(), actual.hasGroundTruth());
        for (int r = 0; r < e.features().length; r++) {
            assertArrayEquals(e.features()[r], a.features()[r], "row " + r);
        }
        assertArrayEquals(e.labels(), a.labels());
        assertArrayEquals(e.poison(), a.poison());
    }

    @Test
    void npzRoundTripsWithAndWithoutGroundTruth() throws IOException {
        for (boolean truth : new boolean[] {true, false}) {
            Path p = dir.resolve("w" + truth + ".npz");
            NpzWriter.write(small(truth), p);
            assertSame(small(truth), NpzSource.open(p, "X", "y", null));
            try (ZipFile zip = new ZipFile(p.toFile())) {
                List<String> names = new ArrayList<>();
                zip.stream().forEach(e -> names.add(e.getName()));
                assertEquals(truth ? List.of("X.npy", "y.npy", "poison.npy") : List.of("X.npy", "y.npy"), names);
                assertEquals(ZipEntry.STORED, zip.getEntry("X.npy").getMethod());
            }
        }
    }

    @Test
    void npzEntriesHaveCorrectCrcsAndHeaders() throws IOException {
        Path p = dir.resolve("crc.npz");
        NpzWriter.write(small(true), p);
        // ZipInputStream reads the local headers and checks every stored entry's CRC-32 and size.
        List<String> headers = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(p))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                headers.add(new String(bytes, 10, bytes[8] & 0xFF, StandardCharsets.ISO_8859_1).strip());
                assertEquals(0, (10 + (bytes[8] & 0xFF)) % 64);
            }
        }
        assertEquals(List.of("{'descr': '<f4', 'fortran_order': False, 'shape': (7, 3), }",
                "{'descr': '<i4', 'fortran_order': False, 'shape': (7,), }",
                "{'descr': '|b1', 'fortran_order': False, 'shape': (7,), }"), headers);
    }

    @Test
    void npzWithZip64RecordsReadsBackEverywhere() throws IOException {
        Path p = dir.resolve("z64.npz");
        NpzWriter.write(small(true), p, true);
        assertSame(small(true), NpzSource.open(p, "X", "y", null));
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(p))) {
            int entries = 0;
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                in.readAllBytes();
                entries++;
            }
            assertEquals(3, entries);
        }
        try (ZipFile zip = new ZipFile(p.toFile())) {
            assertEquals(7 * 3 * 4 + 128, zip.getEntry("X.npy").getSize());
        }
    }

    @Test
    void streamsASyntheticSetAndWritesByteIdenticalFilesForTheSameInput() throws IOException {
        SyntheticConfig config = SyntheticConfig.defaults(3_001).withSize(3_001, 40);
        ActivationSource synthetic = new SyntheticGenerator(config).source();
        Path a = dir.resolve("a.npz");
        Path b = dir.resolve("b.npz");
        NpzWriter.write(synthetic, a);
        NpzWriter.write(synthetic, b);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertSame(synthetic, NpzSource.open(a, "X", "y", null));
    }

    @Test
    void npyRoundTripsAndLeavesNoFilesWhenTheSourceMisbehaves() throws IOException {
        Path x = dir.resolve("x.npy");
        Path l = dir.resolve("x_labels.npy");
        Path g = dir.resolve("x_poison.npy");
        NpyWriter.write(small(true), x, l, g);
        assertSame(small(true), NpySource.open(x, l, g));
        assertEquals(128 + 7 * 3 * 4, Files.size(x));
        NpyWriter.write(small(false), x, l, null);
        assertSame(small(false), NpySource.open(x, l, null));
        assertThrows(IllegalArgumentException.class, () -> NpyWriter.write(small(false), x, l, g));

        ActivationSource liar = new Liar(small(true));
        Path bx = dir.resolve("bad.npy");
        Path bl = dir.resolve("bad_labels.npy");
        String m = assertThrows(InvalidInputException.class, () -> NpyWriter.write(liar, bx, bl, null)).getMessage();
        assertTrue(m.contains("declared 8 rows but yielded 7"), m);
        assertFalse(Files.exists(bx) || Files.exists(bl));
        Path bz = dir.resolve("bad.npz");
        assertThrows(InvalidInputException.class, () -> NpzWriter.write(liar, bz));
        assertFalse(Files.exists(bz));
    }

    /** Declares one row more than it yields. */
    private static final class Liar implements ActivationSource {
        private final ActivationSource inner;

        Liar(ActivationSource inner) {
            this.inner = inner;
        }

        @Override
        public int dimension() {
            return inner.dimension();
        }

        @Override
        public long rowCount() {
            return inner.rowCount() + 1;
        }

        @Override
        public boolean hasGroundTruth() {
            return inner.hasGroundTruth();
        }

        @Override
        public String description() {
            return "liar";
        }

        @Override
        public BatchReader open(int maxBatchRows) throws IOException {
            return inner.open(maxBatchRows);
        }
    }

    @Test
    void numpyCanReadWhatWeWrite() throws IOException {
        // The headers and layout match NumPy's own: compare our bytes with the NumPy-written stored fixture's arrays.
        Path fixture = Fixtures.copy("numpy_stored.npz", dir);
        try (ZipFile zip = new ZipFile(fixture.toFile()); InputStream in = zip.getInputStream(zip.getEntry("X.npy"))) {
            byte[] numpy = in.readAllBytes();
            byte[] ours = NpyHeaderWriter.header(NpyDtype.FLOAT32, 4, 3);
            assertArrayEquals(java.util.Arrays.copyOf(numpy, ours.length), ours);
        }
    }
}
