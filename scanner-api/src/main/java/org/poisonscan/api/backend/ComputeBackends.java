package org.poisonscan.api.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/** Finds compute backends and picks one: by name, or the available one with the highest priority. */
public final class ComputeBackends {
    /** Selects automatic choice in {@link #open(String)}. */
    public static final String AUTO = "auto";

    private ComputeBackends() {
    }

    /** Every provider on the class path, highest priority first; the pure-Java one is always present. */
    public static List<ComputeBackendProvider> providers() {
        List<ComputeBackendProvider> all = new ArrayList<>();
        all.add(new JavaComputeBackend.Provider());
        for (ComputeBackendProvider p : ServiceLoader.load(ComputeBackendProvider.class)) {
            if (!p.name().equals(JavaComputeBackend.NAME)) {
                all.add(p);
            }
        }
        all.sort(Comparator.comparingInt(ComputeBackendProvider::priority).reversed());
        return all;
    }

    /**
     * Opens the named backend, or with {@code null} or {@code auto} the available backend of highest priority.
     *
     * @throws IllegalArgumentException when the named backend is unknown or cannot run here (the message says why)
     */
    public static ComputeBackend open(String name) {
        List<ComputeBackendProvider> all = providers();
        if (name == null || name.equalsIgnoreCase(AUTO)) {
            for (ComputeBackendProvider p : all) {
                if (p.probe().available()) {
                    try {
                        return p.open();
                    } catch (RuntimeException | LinkageError e) {
                        // A native backend that probes fine but fails to open falls back to the next one.
                        continue;
                    }
                }
            }
            return new JavaComputeBackend();
        }
        String wanted = name.toLowerCase(Locale.ROOT);
        for (ComputeBackendProvider p : all) {
            if (p.name().equals(wanted)) {
                ComputeBackendProvider.Probe probe = p.probe();
                if (!probe.available()) {
                    throw new IllegalArgumentException("backend '" + name + "' is not available: " + probe.detail());
                }
                return p.open();
            }
        }
        List<String> names = all.stream().map(ComputeBackendProvider::name).toList();
        throw new IllegalArgumentException("unknown backend '" + name + "'; known: " + String.join(", ", names)
                + (wanted.equals("nd4j") || wanted.equals("cuda") ? " (the " + wanted + " backend is the artifact"
                        + " org.poisonscan:kernels-" + wanted + ": put it on the class path)" : ""));
    }
}
