package org.poisonscan.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.poisonscan.api.detect.Detector;
import org.poisonscan.pipeline.Detectors;

/** The detector sets the benchmark suites compare, by the names users give to {@code --detector}. */
final class BenchDetectors {
    private BenchDetectors() {
    }

    /** Every detector alone, then {@code all} (every detector in one scan, flags and verdicts combined). */
    static Map<String, Supplier<List<Detector>>> all() {
        Map<String, Supplier<List<Detector>>> m = new LinkedHashMap<>();
        for (String name : Detectors.NAMES) {
            m.put(name, () -> Detectors.of(List.of(name), Double.NaN));
        }
        return m;
    }
}
