package org.poisonscan.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Temporary output files (written under a {@code .partial} name, renamed when complete) that are deleted if the JVM
 * is stopped before they are committed: a Ctrl-C, a SIGTERM from a pipeline's timeout. The failure paths of the
 * writers already delete them; this covers the stop that runs no failure path. Close it once the files are committed
 * or deleted.
 */
public final class PartialOutputs implements AutoCloseable {
    private final List<Path> files;
    private final Thread hook;

    /** The temporary name every writer of this project uses for {@code target} until it is complete. */
    public static Path partialOf(Path target) {
        return target.resolveSibling(target.getFileName() + ".partial");
    }

    /** Guards {@code files} until {@link #close()}. */
    public PartialOutputs(Path... files) {
        this.files = List.of(files);
        this.hook = new Thread(this::deleteAll, "poisonscan-partial-outputs");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private void deleteAll() {
        for (Path f : files) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                // Shutting down: nothing left to report to.
            }
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already stopping: the hook runs and deletes what was not committed.
        }
    }
}
