package org.poisonscan.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Output files that are deleted if the JVM is stopped (a Ctrl-C, a SIGTERM from a pipeline's timeout) before
 * {@link #close()}: temporary files (written under a {@code .partial} name, renamed when complete), and final names
 * that must not survive alone when the outputs are committed one by one. The failure paths of the writers already
 * delete their files; this covers the stop that runs no failure path. Close it once every file is committed.
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
