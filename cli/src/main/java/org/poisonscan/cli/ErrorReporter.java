package org.poisonscan.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.poisonscan.api.data.InvalidInputException;
import picocli.CommandLine;

/** Turns exceptions into one-line messages and exit codes: the CLI never shows a bare stack trace. */
final class ErrorReporter {
    private ErrorReporter() {
    }

    static int exitCode(Throwable t) {
        return isBadInput(t) ? PoisonScanCommand.BAD_INPUT : PoisonScanCommand.INTERNAL_ERROR;
    }

    static boolean isBadInput(Throwable t) {
        return t instanceof InvalidInputException || t instanceof IllegalArgumentException
                || t instanceof FileSystemException || t instanceof java.io.FileNotFoundException || t instanceof CommandLine.ParameterException
                || (t instanceof UncheckedIOException u && isBadInput(u.getCause()));
    }

    static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        Throwable t = e;
        if (t instanceof UncheckedIOException u) {
            t = u.getCause();
        }
        String message = message(t);
        if (isBadInput(t)) {
            cli.getErr().println("poisonscan: error: " + message);
        } else {
            cli.getErr().println("poisonscan: internal error: " + message);
            cli.getErr().println("Set POISONSCAN_DEBUG=1 to see the stack trace, and please report it.");
        }
        if ("1".equals(System.getenv("POISONSCAN_DEBUG"))) {
            e.printStackTrace(cli.getErr());
        }
        cli.getErr().flush();
        return exitCode(t);
    }

    /** The line for a run that ran out of memory: what failed, the JVM's limit and how to raise it. */
    static String outOfMemory(OutOfMemoryError e, long maxMemoryBytes) {
        String limit = maxMemoryBytes >= 1L << 30
                ? String.format(java.util.Locale.ROOT, "%.1f GiB", maxMemoryBytes / (double) (1L << 30))
                : String.format(java.util.Locale.ROOT, "%d MiB", maxMemoryBytes >> 20);
        return String.format(java.util.Locale.ROOT, "poisonscan: error: out of memory (%s): the input needs more than"
                + " this JVM may use (%s); give it more with POISONSCAN_JAVA_OPTS=-Xmx<size>, or use a smaller"
                + " input (fewer rows or dimensions to scan, smaller rows or row groups to split)",
                e.getMessage() == null ? "no detail" : e.getMessage(), limit);
    }

    static String message(Throwable t) {
        // A path the user gave (or one under it) cannot be used: say which and why, without Java's class names.
        if (t instanceof NoSuchFileException n) {
            return n.getFile() + ": no such file or directory";
        }
        if (t instanceof AccessDeniedException a) {
            return a.getFile() + ": permission denied";
        }
        if (t instanceof FileAlreadyExistsException f) {
            return f.getFile() + ": already exists and is not a directory (an output directory is needed there)";
        }
        if (t instanceof NotDirectoryException d) {
            return d.getFile() + ": not a directory";
        }
        if (t instanceof FileSystemException f && f.getFile() != null) {
            return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : "cannot be used");
        }
        if (t instanceof IOException && t.getMessage() != null) {
            return t.getMessage();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }
}
