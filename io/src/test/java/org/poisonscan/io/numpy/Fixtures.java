package org.poisonscan.io.numpy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files written by NumPy itself (see src/test/resources/numpy/make_fixtures.py), copied out of the classpath. */
public final class Fixtures {
    private Fixtures() {
    }

    public static Path copy(String name, Path dir) throws IOException {
        try (InputStream in = Fixtures.class.getResourceAsStream("/numpy/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource /numpy/" + name);
            }
            Path out = dir.resolve(name);
            Files.copy(in, out);
            return out;
        }
    }
}
