package org.poisonscan.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.poisonscan.ac.ActivationClusteringConfig;
import org.poisonscan.ac.ActivationClusteringDetector;
import org.poisonscan.api.detect.Detector;
import org.poisonscan.spectral.SpectralConfig;
import org.poisonscan.spectral.SpectralSignatureDetector;
import org.poisonscan.spectral.SpectreConfig;
import org.poisonscan.spectral.SpectreDetector;

/**
 * The detectors by the names users give them ({@code --detector} on the command line, {@link ScanJob} in Java): one
 * registry for the CLI, the pipeline API and the benchmarks, so the default is the same everywhere. Several detectors'
 * flags and verdicts combine as {@link org.poisonscan.api.scan.CombinationRule} says.
 */
public final class Detectors {
    /** Every detector in one scan. */
    public static final String ALL = "all";
    /**
     * The default: spectral signatures, SPECTRE and activation clustering together. On the synthetic quality grid
     * (benchmarks/RESULTS-quality.md) SPECTRE finds low-rate and multi-direction poisons that spectral signatures
     * miss, and activation clustering adds nothing there; on real post-ReLU activations (Fashion-MNIST BadNets,
     * benchmarks/RESULTS-fashion-mnist.md) activation clustering's verdict finds the target class at 5% and 10%,
     * SPECTRE's only at 10% and spectral signatures' never (their Gaussian models fit less there), while SPECTRE ranks
     * the class's rows best. None of them judged a class poisoned on the clean synthetic sets or the clean real model.
     */
    public static final String DEFAULT = "spectral,spectre,ac";
    /** Names accepted, {@link #ALL} last. */
    public static final List<String> NAMES = List.of(SpectralSignatureDetector.NAME, SpectreDetector.NAME,
            ActivationClusteringDetector.NAME, ALL);
    /** The seed of every detector's default configuration. */
    public static final long DEFAULT_SEED = 1L;

    private Detectors() {
    }

    /** The default detectors with their default configurations. */
    public static List<Detector> defaults() {
        return of(List.of(DEFAULT), Double.NaN);
    }

    /**
     * @param names detector names (each may be a comma-separated list; {@code all} expands to every detector;
     *     duplicates are dropped, order is kept)
     * @param expectedPoisonRate the expected poison rate for spectral signatures' rate policy, or {@code NaN} for the
     *     automatic policy
     * @throws IllegalArgumentException on an unknown name or an empty list, naming the known ones
     */
    public static List<Detector> of(List<String> names, double expectedPoisonRate) {
        return of(names, expectedPoisonRate, DEFAULT_SEED);
    }

    /**
     * As {@link #of(List, double)}, every detector seeded with {@code seed} (its samples, splits and clustering
     * starts): the same seed gives the same result, and another seed shows how much a verdict depends on them.
     */
    public static List<Detector> of(List<String> names, double expectedPoisonRate, long seed) {
        List<Detector> out = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (String name : expand(names)) {
            if (name.isEmpty() || seen.contains(name)) {
                continue;
            }
            seen.add(name);
            out.add(create(name, expectedPoisonRate, seed));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no detector given; known: " + String.join(", ", NAMES));
        }
        return out;
    }

    private static List<String> expand(List<String> names) {
        List<String> expanded = new ArrayList<>();
        for (String group : names) {
            for (String raw : group.split(",")) {
                String name = raw.trim().toLowerCase(Locale.ROOT);
                if (name.equals(ALL)) {
                    expanded.addAll(NAMES.subList(0, NAMES.size() - 1));
                } else {
                    expanded.add(name);
                }
            }
        }
        return expanded;
    }

    private static Detector create(String name, double expectedPoisonRate, long seed) {
        if (name.equals(SpectralSignatureDetector.NAME)) {
            return new SpectralSignatureDetector(SpectralConfig.defaults().withExpectedPoisonRate(expectedPoisonRate)
                    .withSeed(seed));
        }
        if (name.equals(SpectreDetector.NAME)) {
            return new SpectreDetector(SpectreConfig.defaults().withSeed(seed));
        }
        if (name.equals(ActivationClusteringDetector.NAME)) {
            return new ActivationClusteringDetector(ActivationClusteringConfig.defaults().withSeed(seed));
        }
        throw new IllegalArgumentException("unknown detector '" + name + "'; known: " + String.join(", ", NAMES));
    }
}
