package org.poisonscan.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.api.data.InvalidInputException;
import org.poisonscan.io.csv.CsvSource;
import org.poisonscan.io.numpy.NpyBytes;
import org.poisonscan.io.numpy.NpySource;
import org.poisonscan.io.numpy.NpyWriter;
import org.poisonscan.io.numpy.NpzSource;
import org.poisonscan.io.numpy.NpzWriter;

class ActivationSourcesTest {
    @TempDir
    Path dir;

    private static InMemorySource data() {
        return new InMemorySource(new float[] {1, 2, 3, 4, 5, 6}, 2, new int[] {0, 1, 1}, new boolean[] {true, false,
            false}, "mem");
    }

    @Test
    void picksTheReaderByExtensionWhateverTheCase() throws IOException {
        Path npz = dir.resolve("DATA.NPZ");
        NpzWriter.write(data(), npz);
        ActivationSource s = ActivationSources.open(npz, InputOptions.defaults());
        assertInstanceOf(NpzSource.class, s);
        assertTrue(s.hasGroundTruth());
        assertArrayEquals(new int[] {0, 1, 1}, NpyBytes.readAll(s, 2).labels());

        Path csv = Files.writeString(dir.resolve("d.csv"), "a,b,cls\n1,2,0\n3,4,1\n");
        ActivationSource c = ActivationSources.open(csv, InputOptions.defaults().withNames(null, "cls", null));
        assertInstanceOf(CsvSource.class, c);
        assertEquals(2, c.dimension());
        Path prefixed = Files.writeString(dir.resolve("p.csv"), "id,f1,f2,label\n7,1,2,0\n");
        assertEquals(2, ActivationSources.open(prefixed, InputOptions.defaults().withNames("f", null, null))
                .dimension());

        String m = assertThrows(InvalidInputException.class,
                () -> ActivationSources.open(dir.resolve("x.arrow"), InputOptions.defaults())).getMessage();
        assertTrue(m.contains("x.arrow: unsupported input type"), m);

        // A file named .npy that is no NPY array says what it is before any question about its labels file.
        Path renamed = Files.copy(csv, dir.resolve("renamed.npy"));
        m = assertThrows(InvalidInputException.class,
                () -> ActivationSources.open(renamed, InputOptions.defaults())).getMessage();
        assertTrue(m.contains("renamed.npy: not an NPY file (bad magic"), m);
    }

    @Test
    void findsNpyCompanionFilesByConvention() throws IOException {
        Path x = dir.resolve("acts.npy");
        NpyWriter.write(data(), x, dir.resolve("acts_labels.npy"), dir.resolve("acts_poison.npy"));
        ActivationSource s = ActivationSources.open(x, InputOptions.defaults());
        assertInstanceOf(NpySource.class, s);
        assertTrue(s.hasGroundTruth());

        Path other = dir.resolve("other");
        Files.createDirectory(other);
        Path y = other.resolve("features.npy");
        NpyWriter.write(data(), y, other.resolve("labels.npy"), null);
        ActivationSource shared = ActivationSources.open(y, InputOptions.defaults());
        assertFalse(shared.hasGroundTruth());
        assertEquals(3, shared.rowCount());
        assertEquals(other.resolve("labels.npy"), ActivationSources.defaultLabels(y));

        ActivationSource explicit = ActivationSources.open(y, InputOptions.defaults()
                .withPaths(dir.resolve("acts_labels.npy"), dir.resolve("acts_poison.npy")));
        assertTrue(explicit.hasGroundTruth());

        Files.delete(other.resolve("labels.npy"));
        String m = assertThrows(InvalidInputException.class,
                () -> ActivationSources.open(y, InputOptions.defaults())).getMessage();
        assertEquals(y + ": no labels file: neither features_labels.npy nor labels.npy beside it; name one with"
                + " --labels FILE.npy (an .npy holds one array, so the class labels come from a second file)", m);
    }

    @Test
    void namesAreConfigurableForNpz() throws IOException {
        Path npz = Files.write(dir.resolve("n.npz"), NpyBytes.zip(true, NpyBytes.entries(
                "acts.npy", NpyBytes.npy("<f4", false, new long[] {2, 1}, NpyBytes.f4(1, 2)),
                "cls.npy", NpyBytes.npy("<i4", false, new long[] {2}, NpyBytes.i4(3, 4)),
                "is_bad.npy", NpyBytes.npy("|b1", false, new long[] {2}, NpyBytes.b1(true, false)))));
        ActivationSource s = ActivationSources.open(npz, InputOptions.defaults().withNames("acts", "cls", "is_bad"));
        NpyBytes.Rows rows = NpyBytes.readAll(s, 1);
        assertArrayEquals(new int[] {3, 4}, rows.labels());
        assertArrayEquals(new boolean[] {true, false}, rows.poison());
        String m = assertThrows(InvalidInputException.class,
                () -> ActivationSources.open(npz, InputOptions.defaults())).getMessage();
        assertTrue(m.contains("n.npz: no array named 'X' (arrays: acts, cls, is_bad)"), m);
    }
}
