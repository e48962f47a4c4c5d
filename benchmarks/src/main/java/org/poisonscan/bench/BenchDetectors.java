package org.poisonscan.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.poisonscan.ac.ActivationClusteringDetector;
import org.poisonscan.api.detect.Detector;
import org.poisonscan.spectral.SpectralSignatureDetector;
import org.poisonscan.spectral.SpectreDetector;

/** The detector sets the benchmark suites compare, by the names users give to {@code --detector}. */
final class BenchDetectors {
    private BenchDetectors() {
    }

    /** Every detector alone, then {@code all} (every detector in one scan, flags and verdicts combined). */
    static Map<String, Supplier<List<Detector>>> all() {
        Map<String, Supplier<List<Detector>>> m = new LinkedHashMap<>();
        m.put(SpectralSignatureDetector.NAME, () -> List.of(new SpectralSignatureDetector()));
        m.put(SpectreDetector.NAME, () -> List.of(new SpectreDetector()));
        m.put(ActivationClusteringDetector.NAME, () -> List.of(new ActivationClusteringDetector()));
        m.put("all", () -> List.of(new SpectralSignatureDetector(), new SpectreDetector(),
                new ActivationClusteringDetector()));
        return m;
    }
}
