package org.poisonscan.api.detect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only copies of the values a report carries (a class's details, a detector's parameters): maps keep their
 * insertion order and lists their order, and nested maps and lists are copied too, so that a report handed to a caller
 * cannot be changed through them (a change would otherwise reach its JSON).
 */
public final class ReportValues {
    private ReportValues() {
    }

    /** A read-only copy of {@code values}, nested maps and lists included. */
    public static <V> Map<String, V> frozenMap(Map<String, ? extends V> values) {
        Map<String, V> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, frozenValue(v)));
        return Collections.unmodifiableMap(copy);
    }

    @SuppressWarnings("unchecked")
    private static <V> V frozenValue(V value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, frozenValue(v)));
            return (V) Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(frozenValue(v)));
            return (V) Collections.unmodifiableList(copy);
        }
        return value;
    }
}
