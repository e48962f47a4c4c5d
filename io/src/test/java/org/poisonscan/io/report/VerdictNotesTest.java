package org.poisonscan.io.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.backend.JavaComputeBackend;
import org.poisonscan.api.scan.ScanReport;
import org.poisonscan.api.scan.Scanner;
import org.poisonscan.api.synthetic.SyntheticConfig;
import org.poisonscan.api.synthetic.SyntheticGenerator;
import org.poisonscan.spectral.SpectreDetector;

/** A scan whose classes are all poisoned says that its verdicts cannot see it; a clean or one-target scan does not. */
class VerdictNotesTest {
    private static ScanReport scan(SyntheticConfig config) throws IOException {
        return Scanner.run(new SyntheticGenerator(config).toMemory(), List.of(new SpectreDetector()),
                new JavaComputeBackend(), List.of());
    }

    @Test
    void mostClassesPoisonedIsNamedInsteadOfPassingSilently() throws IOException {
        SyntheticConfig base = SyntheticConfig.defaults(20_000).withSize(20_000, 32).withPoison(0.05, 16);
        ScanReport everyClass = scan(base.withTargets(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), 1));
        assertEquals(List.of(), everyClass.poisonedClasses(), "no class stands out among poisoned classes");
        List<String> notes = VerdictNotes.of(everyClass);
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).startsWith("SPECTRE finds a group of rows in 10 of the 10 classes it scanned"),
                notes.get(0));
        assertEquals(notes, ((java.util.Map<?, ?>) ReportJson.toTree(everyClass).get("summary")).get("notes"));

        ScanReport oneClass = scan(base);
        assertEquals(List.of(0), oneClass.poisonedClasses());
        assertEquals(List.of(), VerdictNotes.of(oneClass));
        assertEquals(List.of(), VerdictNotes.of(scan(base.withPoison(0, 16))));
    }
}
