package org.poisonscan.api.backend;

/**
 * A compute backend found through {@link java.util.ServiceLoader}. Providers are cheap to create: nothing native loads
 * until {@link #open()}.
 */
public interface ComputeBackendProvider {

    /** The name users select it by. */
    String name();

    /** Higher wins when the backend is picked automatically. The pure-Java backend has priority 0. */
    int priority();

    /** Checks whether the backend can run here. Never throws: failures come back as an unavailable probe. */
    Probe probe();

    /** Opens the backend; may load native libraries. */
    ComputeBackend open();

    /**
     * The outcome of {@link #probe()}.
     *
     * @param available whether {@link #open()} is expected to succeed
     * @param detail what was found, or why it is unavailable
     */
    record Probe(boolean available, String detail) {
    }
}
