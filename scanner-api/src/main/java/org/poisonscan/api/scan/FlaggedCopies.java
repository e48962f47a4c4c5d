package org.poisonscan.api.scan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.poisonscan.api.data.Batch;

/**
 * A sink that counts, per class, the flagged rows whose activations are identical to another flagged row's. Duplicated
 * samples (the same image or sentence several times, common in scraped data) give identical activations, which every
 * detector sees as a tight group far from the class's spread, as a poison cluster is: a probe's clean class holding one
 * row 50 times was judged poisoned and the 50 copies flagged. Activations cannot tell the two apart; this says which
 * flagged groups are copies, so that a user checks them before dropping them. Rows are compared by a 64-bit hash of
 * their values (a collision would merge two rows into one group, at odds of about 1 in 10^19 per pair).
 */
public final class FlaggedCopies implements RowSink {
    /** Flagged rows tracked at most (8 bytes and a map entry each); beyond it the counts cover the first ones. */
    static final int MAX_TRACKED = 2_000_000;

    private final Map<Integer, Map<Long, Integer>> byClass = new TreeMap<>();
    private int tracked;

    /**
     * Copies among one class's flagged rows.
     *
     * @param label the class
     * @param flagged flagged rows of the class that were compared
     * @param copies flagged rows identical to at least one other flagged row of the class
     * @param distinct distinct activation vectors among those copies
     * @param largest rows in the largest group of identical rows
     */
    public record Copies(int label, long flagged, long copies, long distinct, long largest) {
    }

    @Override
    public void begin(List<String> detectorNames) {
        byClass.clear();
        tracked = 0;
    }

    @Override
    public void accept(Batch batch, double[][] scores, boolean[] flags) {
        float[] f = batch.features();
        for (int r = 0; r < batch.rows(); r++) {
            if (!flags[r] || tracked >= MAX_TRACKED) {
                continue;
            }
            tracked++;
            long h = 0x9E3779B97F4A7C15L;
            int off = batch.offset(r);
            for (int k = 0; k < batch.dim(); k++) {
                // +0.0 and -0.0 are the same activation.
                h = (h ^ Float.floatToIntBits(f[off + k] + 0.0f)) * 0xBF58476D1CE4E5B9L;
                h ^= h >>> 31;
            }
            byClass.computeIfAbsent(batch.labels()[r], k -> new HashMap<>()).merge(h, 1, Integer::sum);
        }
    }

    /** Per class with at least two identical flagged rows, its copies; ascending label. */
    public List<Copies> copies() {
        List<Copies> out = new ArrayList<>();
        byClass.forEach((label, counts) -> {
            long flagged = 0;
            long copies = 0;
            long distinct = 0;
            long largest = 0;
            for (int c : counts.values()) {
                flagged += c;
                if (c > 1) {
                    copies += c;
                    distinct++;
                    largest = Math.max(largest, c);
                }
            }
            if (copies > 0) {
                out.add(new Copies(label, flagged, copies, distinct, largest));
            }
        });
        return out;
    }
}
