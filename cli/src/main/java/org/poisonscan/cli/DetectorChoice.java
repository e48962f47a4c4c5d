package org.poisonscan.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.poisonscan.api.detect.Detector;
import org.poisonscan.spectral.SpectralConfig;
import org.poisonscan.spectral.SpectralSignatureDetector;
import org.poisonscan.spectral.SpectreDetector;

/** Maps the names given to {@code --detector} to configured detectors. */
final class DetectorChoice {
    /** Names accepted by {@code --detector}. */
    static final List<String> NAMES = List.of(SpectralSignatureDetector.NAME, SpectreDetector.NAME);

    private DetectorChoice() {
    }

    /**
     * @param names detector names (each may be a comma-separated list)
     * @param expectedPoisonRate the expected poison rate, or {@code NaN} for automatic thresholds
     */
    static List<Detector> of(List<String> names, double expectedPoisonRate) {
        List<Detector> out = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (String group : names) {
            for (String raw : group.split(",")) {
                String name = raw.trim().toLowerCase(Locale.ROOT);
                if (name.isEmpty() || seen.contains(name)) {
                    continue;
                }
                seen.add(name);
                if (name.equals(SpectralSignatureDetector.NAME)) {
                    out.add(new SpectralSignatureDetector(
                            SpectralConfig.defaults().withExpectedPoisonRate(expectedPoisonRate)));
                } else if (name.equals(SpectreDetector.NAME)) {
                    out.add(new SpectreDetector());
                } else {
                    throw new IllegalArgumentException("unknown detector '" + raw.trim() + "'; known: "
                            + String.join(", ", NAMES));
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no detector given; known: " + String.join(", ", NAMES));
        }
        return out;
    }
}
