package org.poisonscan.api.eval;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Detection quality of a scan against a ground-truth poison mask: overall and per class label.
 *
 * @param overall all rows
 * @param perClass by class label, ascending
 */
public record Evaluation(Metrics overall, Map<Integer, Metrics> perClass) {
    public Evaluation {
        perClass = Collections.unmodifiableMap(new TreeMap<>(perClass));
    }
}
