package org.poisonscan.djl;

import ai.djl.engine.Engine;

/**
 * Offline, reproducible set-up of DJL's PyTorch engine. DJL reads its switches from system properties when the engine
 * first loads, so {@link #configure} must run before any other DJL call; later calls only reseed.
 *
 * <p>On a shared machine one intra-op and one inter-op thread are often faster than PyTorch's default of one thread
 * per core: the default oversubscribes when other processes compete for the cores.
 *
 * @param seed seed for the engine's random generator (weight initialisation, dropout)
 * @param threads PyTorch intra-op threads ({@code ai.djl.pytorch.num_threads}), at least 1
 * @param interopThreads PyTorch inter-op threads ({@code ai.djl.pytorch.num_interop_threads}), at least 1
 */
public record DjlRuntime(int seed, int threads, int interopThreads) {
    public DjlRuntime {
        if (threads < 1 || interopThreads < 1) {
            throw new IllegalArgumentException("thread counts must be >= 1, got " + threads + " and " + interopThreads);
        }
    }

    /** Seed 42, one intra-op and one inter-op thread unless the system properties already name others. */
    public static DjlRuntime defaults() {
        return new DjlRuntime(42, Integer.getInteger("ai.djl.pytorch.num_threads", 1),
                Integer.getInteger("ai.djl.pytorch.num_interop_threads", 1));
    }

    /** A copy with another seed. */
    public DjlRuntime withSeed(int newSeed) {
        return new DjlRuntime(newSeed, threads, interopThreads);
    }

    /**
     * Sets {@code ai.djl.offline=true} and the thread counts (unless already set), points DJL's caches at
     * {@code $POISONSCAN_CACHE_DIR/djl} and {@code /engine} when that variable is set and DJL's own
     * ({@code DJL_CACHE_DIR}, {@code ENGINE_CACHE_DIR}) are not, and JNA's unpacked library ({@code jna.tmpdir}) under
     * DJL's cache, loads the PyTorch engine and seeds it. Call it first: PyTorch fixes its thread counts when the
     * engine loads, so a call after any other DJL call (building a model) sets the properties but not the threads.
     *
     * @return the engine, seeded
     * @throws IllegalStateException when the PyTorch engine cannot load (the native jar is missing)
     */
    public Engine configure() {
        System.setProperty("ai.djl.offline", "true");
        // DJL unpacks its native library (about 430 MB) under ~/.djl.ai unless told otherwise.
        String cache = System.getenv("POISONSCAN_CACHE_DIR");
        if (cache != null && !cache.isBlank() && System.getenv("DJL_CACHE_DIR") == null
                && System.getenv("ENGINE_CACHE_DIR") == null) {
            setIfAbsent("DJL_CACHE_DIR", java.nio.file.Path.of(cache, "djl").toString());
            setIfAbsent("ENGINE_CACHE_DIR", java.nio.file.Path.of(cache, "engine").toString());
        }
        // DJL's CUDA probe loads JNA, which unpacks its native library under ~/.cache/JNA unless told otherwise.
        String djlCache = System.getProperty("DJL_CACHE_DIR", System.getenv("DJL_CACHE_DIR"));
        if (djlCache != null && !djlCache.isBlank()) {
            setIfAbsent("jna.tmpdir", java.nio.file.Path.of(djlCache, "jna").toString());
        }
        setIfAbsent("ai.djl.pytorch.num_threads", Integer.toString(threads));
        setIfAbsent("ai.djl.pytorch.num_interop_threads", Integer.toString(interopThreads));
        Engine engine;
        try {
            engine = Engine.getEngine("PyTorch");
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot load DJL's PyTorch engine offline: put "
                    + "ai.djl.pytorch:pytorch-native-cpu (classifier linux-x86_64) and pytorch-jni on the class path", e);
        }
        engine.setRandomSeed(seed);
        return engine;
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
