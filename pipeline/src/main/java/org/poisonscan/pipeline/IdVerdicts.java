package org.poisonscan.pipeline;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A scan's verdicts keyed by record id, for filtering records in any order. Every record's id must be one of the
 * scanned ids ({@link IllegalArgumentException} otherwise). {@link #split} also refuses a repeated id, so each
 * record lands in exactly one group.
 *
 * @param <K> the id type
 */
public final class IdVerdicts<K> {
    private final Map<K, Boolean> flags;

    IdVerdicts(Map<K, Boolean> flags) {
        this.flags = Map.copyOf(flags);
    }

    /** Whether the row with this id was flagged. */
    public boolean flagged(K id) {
        Boolean f = flags.get(id);
        if (f == null) {
            throw new IllegalArgumentException("id " + id + " was not scanned");
        }
        return f;
    }

    /** The records whose row was not flagged, lazily, in order. */
    public <T> Stream<T> clean(Stream<T> records, Function<? super T, ? extends K> idOf) {
        return records.filter(r -> !flagged(idOf.apply(r)));
    }

    /** The records whose row was flagged, lazily, in order. */
    public <T> Stream<T> quarantined(Stream<T> records, Function<? super T, ? extends K> idOf) {
        return records.filter(r -> flagged(idOf.apply(r)));
    }

    /** Both groups at once; an id that repeats among the records is refused. */
    public <T> Split<T> split(Iterable<T> records, Function<? super T, ? extends K> idOf) {
        List<T> clean = new ArrayList<>();
        List<T> quarantined = new ArrayList<>();
        Set<K> seen = new HashSet<>();
        for (T record : records) {
            K id = idOf.apply(record);
            if (!seen.add(id)) {
                throw new IllegalArgumentException("id " + id + " appears more than once among the records");
            }
            (flagged(id) ? quarantined : clean).add(record);
        }
        return new Split<>(clean, quarantined);
    }
}
