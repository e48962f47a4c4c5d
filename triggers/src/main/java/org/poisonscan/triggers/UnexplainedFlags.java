package org.poisonscan.triggers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.BatchReader;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.api.detect.Verdict;
import org.poisonscan.api.scan.ClassSummary;
import org.poisonscan.api.scan.ScanReport;

/**
 * Releases the flags a confirmed trigger explains away. A detector's flags in a poisoned class hold the poisons and
 * some clean rows of the class's tail; when a trigger is confirmed there, its carriers are the poisons it planted. The
 * activations are scanned again without the carriers of every confirmed trigger: a class then judged clean had no
 * other poison group, so only its carriers stay flagged; a class still judged poisoned (a second trigger, or a group
 * the hypothesis does not cover) keeps every flag. Other classes are left as they are.
 */
public final class UnexplainedFlags {
    /** A confirmed trigger's class and the rows (of the whole set) that carry it. */
    public record Confirmed(int target, boolean[] carriers) {
    }

    private UnexplainedFlags() {
    }

    /**
     * {@code flags} with the unexplained flags of each explained class released (a new array).
     *
     * @param activations the scanned activations, row-aligned with {@code flags}
     * @param flags the flags, carriers included
     * @param confirmed the confirmed triggers
     * @param rescan scans a source and reports its verdicts (best with the detectors the flags came from)
     * @param log receives one line per confirmed class
     */
    public static boolean[] release(ActivationSource activations, boolean[] flags, List<Confirmed> confirmed,
            Function<ActivationSource, ScanReport> rescan, Consumer<String> log) {
        boolean[] out = flags.clone();
        if (confirmed.isEmpty()) {
            return out;
        }
        boolean[] carried = new boolean[flags.length];
        for (Confirmed c : confirmed) {
            for (int i = 0; i < carried.length; i++) {
                carried[i] |= c.carriers()[i];
            }
        }
        int[] labels = new int[flags.length];
        ScanReport report = rescan.apply(without(activations, carried, labels));
        for (Confirmed c : confirmed) {
            Verdict verdict = report.classes().stream().filter(s -> s.label() == c.target())
                    .map(ClassSummary::verdict).findFirst().orElse(Verdict.NOT_SCANNED);
            if (verdict != Verdict.CLEAN) {
                log.accept("class " + c.target() + ": rescanned without the trigger's carriers, judged "
                        + verdict.name().toLowerCase(Locale.ROOT) + ": every flag kept");
                continue;
            }
            int released = 0;
            for (int i = 0; i < out.length; i++) {
                if (labels[i] == c.target() && out[i] && !c.carriers()[i]) {
                    out[i] = false;
                    released++;
                }
            }
            log.accept("class " + c.target() + ": rescanned without the trigger's carriers, judged clean: " + released
                    + " flags that do not carry the trigger released");
        }
        return out;
    }

    /** The rows of {@code source} not marked in {@code dropped}, in order; fills {@code labels} for every row. */
    private static ActivationSource without(ActivationSource source, boolean[] dropped, int[] labels) {
        if (source.rowCount() != dropped.length) {
            throw new IllegalArgumentException(dropped.length + " flags for " + source.rowCount() + " rows");
        }
        int dim = source.dimension();
        int kept = 0;
        for (boolean d : dropped) {
            kept += d ? 0 : 1;
        }
        float[] features = new float[kept * dim];
        int[] keptLabels = new int[kept];
        boolean[] poison = source.hasGroundTruth() ? new boolean[kept] : null;
        int o = 0;
        long row = 0;
        try (BatchReader reader = source.open(4096)) {
            for (Batch b = reader.next(); b != null; b = reader.next()) {
                for (int r = 0; r < b.rows(); r++, row++) {
                    labels[(int) row] = b.labels()[r];
                    if (dropped[(int) row]) {
                        continue;
                    }
                    System.arraycopy(b.features(), b.offset(r), features, o * dim, dim);
                    keptLabels[o] = b.labels()[r];
                    if (poison != null) {
                        poison[o] = b.poison()[r];
                    }
                    o++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new InMemorySource(features, dim, keptLabels, poison, source.description() + " without carriers");
    }
}
