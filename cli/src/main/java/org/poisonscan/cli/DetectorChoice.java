package org.poisonscan.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.poisonscan.ac.ActivationClusteringDetector;
import org.poisonscan.api.detect.Detector;
import org.poisonscan.spectral.SpectralConfig;
import org.poisonscan.spectral.SpectralSignatureDetector;
import org.poisonscan.spectral.SpectreDetector;

/**
 * Maps the names given to {@code --detector} to configured detectors. {@code all} stands for every detector; several
 * detectors' flags and verdicts combine as {@link org.poisonscan.api.scan.CombinationRule} says.
 */
final class DetectorChoice {
    /** Every detector in one scan. */
    static final String ALL = "all";
    /**
     * The default: spectral signatures and SPECTRE together. On the quality grid (benchmarks/RESULTS-quality.md) the
     * pair is the best or tied for best in every cell: SPECTRE finds low-rate and multi-direction poisons that
     * spectral signatures miss, and neither flagged a clean class.
     */
    static final String DEFAULT = "spectral,spectre";

    /** Names accepted by {@code --detector}. */
    static final List<String> NAMES = List.of(SpectralSignatureDetector.NAME, SpectreDetector.NAME,
            ActivationClusteringDetector.NAME, ALL);

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
            List<String> expanded = new ArrayList<>();
            for (String raw : group.split(",")) {
                String name = raw.trim().toLowerCase(Locale.ROOT);
                if (name.equals(ALL)) {
                    expanded.addAll(NAMES.subList(0, NAMES.size() - 1));
                } else {
                    expanded.add(raw.trim());
                }
            }
            for (String raw : expanded) {
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
                } else if (name.equals(ActivationClusteringDetector.NAME)) {
                    out.add(new ActivationClusteringDetector());
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
