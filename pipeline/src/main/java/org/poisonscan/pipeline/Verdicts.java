package org.poisonscan.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.poisonscan.api.scan.InMemoryRows;

/**
 * The final flag of every scanned row, by row index, and filters of a caller's own records by them. Records are
 * matched to rows by position: the i-th record is row i, and there must be exactly as many records as rows (a
 * mismatch is an {@link IllegalArgumentException}, raised when the stream or iterable runs past or ends short of the
 * scanned rows). Use {@link #byId(List)} to match records by an id instead.
 */
public final class Verdicts {
    private final boolean[] flags;

    private Verdicts(boolean[] flags) {
        this.flags = flags;
    }

    /** The flags an {@link InMemoryRows} sink recorded during a scan. */
    public static Verdicts of(InMemoryRows rows) {
        return new Verdicts(rows.flags());
    }

    /** Flags given per row (copied). */
    public static Verdicts of(boolean[] flags) {
        return new Verdicts(flags.clone());
    }

    /** Rows scanned. */
    public int rows() {
        return flags.length;
    }

    /** Whether row {@code row} was flagged. */
    public boolean flagged(int row) {
        if (row < 0 || row >= flags.length) {
            throw new IndexOutOfBoundsException("row " + row + " of " + flags.length);
        }
        return flags[row];
    }

    /** Rows flagged. */
    public int flaggedCount() {
        int n = 0;
        for (boolean f : flags) {
            n += f ? 1 : 0;
        }
        return n;
    }

    /** The indices of the flagged rows, ascending. */
    public int[] flaggedRows() {
        return java.util.stream.IntStream.range(0, flags.length).filter(i -> flags[i]).toArray();
    }

    /** Every row's flag, by row index (a copy). */
    public boolean[] flags() {
        return flags.clone();
    }

    @Override
    public String toString() {
        return "Verdicts[rows=" + flags.length + ", flagged=" + flaggedCount() + "]";
    }

    /** The records of rows not flagged, lazily, in order; {@code records} must yield one record per row. */
    public <T> Stream<T> clean(Stream<T> records) {
        return PositionalFilter.keep(records, flags, false);
    }

    /** The records of flagged rows, lazily, in order; {@code records} must yield one record per row. */
    public <T> Stream<T> quarantined(Stream<T> records) {
        return PositionalFilter.keep(records, flags, true);
    }

    /** Both groups at once; {@code records} must hold one record per row. */
    public <T> Split<T> split(Iterable<T> records) {
        List<T> clean = new ArrayList<>();
        List<T> quarantined = new ArrayList<>();
        Iterator<T> it = records.iterator();
        int i = 0;
        for (; it.hasNext(); i++) {
            T record = it.next();
            if (i >= flags.length) {
                throw PositionalFilter.tooMany(flags.length);
            }
            (flags[i] ? quarantined : clean).add(record);
        }
        if (i != flags.length) {
            throw PositionalFilter.tooFew(i, flags.length);
        }
        return new Split<>(clean, quarantined);
    }

    /**
     * Verdicts keyed by the records' ids: {@code ids.get(row)} is the id of row {@code row}.
     *
     * @throws IllegalArgumentException when the list's size is not the number of rows, or an id repeats or is null
     */
    public <K> IdVerdicts<K> byId(List<? extends K> ids) {
        if (ids.size() != flags.length) {
            throw new IllegalArgumentException(ids.size() + " ids for " + flags.length + " scanned rows");
        }
        Map<K, Boolean> byId = new HashMap<>();
        for (int row = 0; row < flags.length; row++) {
            K id = ids.get(row);
            if (id == null) {
                throw new IllegalArgumentException("the id of row " + row + " is null");
            }
            if (byId.put(id, flags[row]) != null) {
                throw new IllegalArgumentException("id " + id + " of row " + row + " repeats an earlier row's id");
            }
        }
        return new IdVerdicts<>(byId);
    }
}
