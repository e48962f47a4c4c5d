package org.poisonscan.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.poisonscan.ac.ActivationClusteringConfig;
import org.poisonscan.ac.ActivationClusteringDetector;
import org.poisonscan.api.detect.DistributableDetector;
import org.poisonscan.spectral.SpectralConfig;
import org.poisonscan.spectral.SpectralSignatureDetector;
import org.poisonscan.spectral.SpectreConfig;
import org.poisonscan.spectral.SpectreDetector;

/**
 * Builds the detectors a scan's {@code detectors} parameter names, with the defaults of the single-machine scanner
 * (the CLI's) and the scan's seed, so that the same names and seed give the same detectors on both.
 */
final class DetectorFactory {
    /** Detector names accepted, in the order the CLI lists them. */
    static final List<String> NAMES = List.of(SpectralSignatureDetector.NAME, SpectreDetector.NAME,
            ActivationClusteringDetector.NAME);

    private DetectorFactory() {
    }

    /** Checks the names: known, distinct, at least one. */
    static void check(String[] names) {
        if (names == null || names.length == 0) {
            throw new IllegalArgumentException("no detector given; known: " + String.join(", ", NAMES));
        }
        List<String> seen = new ArrayList<>();
        for (String raw : names) {
            String n = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
            if (!NAMES.contains(n)) {
                throw new IllegalArgumentException("unknown detector '" + raw + "'; known: " + String.join(", ", NAMES));
            }
            if (seen.contains(n)) {
                throw new IllegalArgumentException("detector '" + n + "' is named twice");
            }
            seen.add(n);
        }
    }

    /**
     * @param names detector names ({@link #check}ed)
     * @param seed seed of every detector's sampling
     * @param expectedPoisonRate the spectral detector's expected poison rate, or {@code NaN} for automatic thresholds
     */
    static List<DistributableDetector> of(String[] names, long seed, double expectedPoisonRate) {
        check(names);
        List<DistributableDetector> out = new ArrayList<>();
        for (String raw : names) {
            String n = raw.trim().toLowerCase(Locale.ROOT);
            if (n.equals(SpectralSignatureDetector.NAME)) {
                out.add(new SpectralSignatureDetector(
                        SpectralConfig.defaults().withExpectedPoisonRate(expectedPoisonRate).withSeed(seed)));
            } else if (n.equals(SpectreDetector.NAME)) {
                out.add(new SpectreDetector(SpectreConfig.defaults().withSeed(seed)));
            } else {
                out.add(new ActivationClusteringDetector(ActivationClusteringConfig.defaults().withSeed(seed)));
            }
        }
        return out;
    }
}
