package org.poisonscan.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.backend.JavaComputeBackend;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.api.scan.InMemoryRows;
import org.poisonscan.api.scan.ScanReport;
import org.poisonscan.api.synthetic.SyntheticConfig;
import org.poisonscan.api.synthetic.SyntheticGenerator;
import org.poisonscan.spectral.SpectralConfig;
import org.poisonscan.spectral.SpectralSignatureDetector;

class PoisonScanTest {
    private static final int N = 6000;
    static InMemorySource data;
    static ScanResult result;

    /** A user's own record type: the scan never sees it. */
    record Sample(String id, int row) {
    }

    @BeforeAll
    static void scan() throws IOException {
        data = new SyntheticGenerator(SyntheticConfig.defaults(N).withSize(N, 64).withSeed(3)).toMemory();
        result = PoisonScan.scan(data).backend("java").runWithVerdicts();
    }

    @Test
    void defaultsToTheRegistrysDefaultDetectorsAndFindsThePlantedClass() {
        ScanReport report = result.report();
        assertEquals(List.of(Detectors.DEFAULT.split(",")), report.detectors());
        assertEquals("java", report.run().backend());
        assertEquals(List.of(0), report.poisonedClasses());
        boolean[] poison = data.poison();
        int found = 0;
        int planted = 0;
        for (int i = 0; i < N; i++) {
            planted += poison[i] ? 1 : 0;
            found += poison[i] && result.verdicts().flagged(i) ? 1 : 0;
        }
        assertTrue(found >= 0.95 * planted, found + " of " + planted);
        assertEquals(report.flaggedRows(), result.verdicts().flaggedCount());

        int[] flagged = result.verdicts().flaggedRows();
        assertEquals(report.flaggedRows(), flagged.length);
        boolean[] flags = result.verdicts().flags();
        for (int i = 0, f = 0; i < N; i++) {
            assertEquals(result.verdicts().flagged(i), flags[i]);
            if (flags[i]) {
                assertEquals(i, flagged[f++], "ascending row indices");
            }
        }
        flags[flagged[0]] = false;
        assertTrue(result.verdicts().flagged(flagged[0]), "flags() is a copy");
        assertEquals("Verdicts[rows=" + N + ", flagged=" + flagged.length + "]", result.verdicts().toString());
        assertEquals(report.classes().get(0).detectors().get(1), report.result(0, "SPECTRE"));
        assertEquals(report.detectors().get(1), "spectre");
        assertThrows(IllegalArgumentException.class, () -> report.result(0, "nope"));
        assertThrows(IllegalArgumentException.class, () -> report.result(99, "spectre"));
        String summary = report.toString();
        assertTrue(summary.startsWith("ScanReport[") && summary.contains("poisoned=[0], flagged=" + flagged.length)
                && summary.length() < 300, summary);
    }

    @Test
    void fluentCopiesTakeDetectorsBackendsAndSinks() throws IOException {
        InMemoryRows rows = new InMemoryRows();
        ScanJob base = PoisonScan.scan(data);
        ScanReport report;
        List<String> steps = new java.util.ArrayList<>();
        try (JavaComputeBackend backend = new JavaComputeBackend()) {
            report = base.detectors(new SpectralSignatureDetector(SpectralConfig.defaults()
                    .withExpectedPoisonRate(0.05))).backend(backend).sink(rows).progress(steps::add).run();
        }
        assertEquals(4, steps.size(), steps.toString());
        assertTrue(steps.get(0).startsWith("fitting spectral (1 of 1) on "), steps.get(0));
        assertTrue(steps.get(3).startsWith("scored in "), steps.get(3));
        assertEquals(N, rows.size());
        assertTrue(java.util.Arrays.equals(rows.scores("spectral"), rows.scores("SPECTRAL")), "names in any case");
        assertEquals(report.flaggedRows(), Verdicts.of(rows).flaggedCount());
        assertTrue(report.flaggedRows() > result.report().flaggedRows(), "the rate rule flags every class's top");
        assertThrows(IllegalArgumentException.class, () -> base.detectors(List.of()));
    }

    @Test
    void filtersRecordsByPositionIntoExactlyOneGroup() {
        Verdicts v = result.verdicts();
        List<Sample> samples = IntStream.range(0, N).mapToObj(i -> new Sample("s" + i, i)).toList();
        List<Sample> clean = v.clean(samples.stream()).toList();
        List<Sample> quarantined = v.quarantined(samples.stream()).toList();
        assertEquals(N, clean.size() + quarantined.size());
        assertTrue(clean.stream().noneMatch(s -> v.flagged(s.row())));
        assertTrue(quarantined.stream().allMatch(s -> v.flagged(s.row())));
        Split<Sample> split = v.split(samples);
        assertEquals(clean, split.clean());
        assertEquals(quarantined, split.quarantined());

        assertThrows(IllegalArgumentException.class, () -> v.clean(samples.stream().limit(N - 1)).count());
        List<Sample> more = new ArrayList<>(samples);
        more.add(new Sample("extra", N));
        assertThrows(IllegalArgumentException.class, () -> v.quarantined(more.stream()).count());
        assertThrows(IllegalArgumentException.class, () -> v.split(more));
    }

    @Test
    void filtersRecordsByIdInAnyOrder() {
        Verdicts v = result.verdicts();
        List<String> ids = IntStream.range(0, N).mapToObj(i -> "s" + i).toList();
        IdVerdicts<String> byId = v.byId(ids);
        List<Sample> shuffled = new ArrayList<>(IntStream.range(0, N).mapToObj(i -> new Sample("s" + i, i)).toList());
        Collections.shuffle(shuffled, new Random(7));
        Split<Sample> split = byId.split(shuffled, Sample::id);
        assertEquals(N, split.clean().size() + split.quarantined().size());
        assertEquals(v.flaggedCount(), split.quarantined().size());
        assertTrue(split.quarantined().stream().allMatch(s -> v.flagged(s.row())));
        assertEquals(split.clean(), byId.clean(shuffled.stream(), Sample::id).toList());

        List<Sample> twice = new ArrayList<>(shuffled);
        twice.add(shuffled.get(0));
        assertThrows(IllegalArgumentException.class, () -> byId.split(twice, Sample::id));
        assertThrows(IllegalArgumentException.class, () -> byId.flagged("unknown"));
        assertThrows(IllegalArgumentException.class, () -> v.byId(ids.subList(1, N)));
    }
}
