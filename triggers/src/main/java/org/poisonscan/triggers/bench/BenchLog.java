package org.poisonscan.triggers.bench;

import java.io.IOException;
import java.util.List;
import org.poisonscan.api.data.InMemorySource;

/** Small helpers shared by the benchmark runs: a log echoed to stderr, and activations as one flat array. */
final class BenchLog {
    private BenchLog() {
    }

    /** Formats a line (root locale), prints it to stderr and adds it to {@code log}. */
    static void note(List<String> log, String format, Object... args) {
        String line = String.format(java.util.Locale.ROOT, format, args);
        System.err.println(line);
        log.add(line);
    }

    /** Every row of an in-memory source, row-major. */
    static float[] flat(InMemorySource acts) throws IOException {
        float[] out = new float[(int) acts.rowCount() * acts.dimension()];
        try (var r = acts.open(Integer.MAX_VALUE)) {
            var b = r.next();
            if (b != null) {
                System.arraycopy(b.features(), 0, out, 0, out.length);
            }
        }
        return out;
    }
}
