package org.poisonscan.cli;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.scan.RowSink;

/**
 * Names the output file in a failed write. A full disk or a quota gives a bare {@link IOException} ("No space left on
 * device") that names no file and would be reported as an internal error; it becomes a {@link FileSystemException}
 * naming the output, which {@link ErrorReporter} reports as an error of the environment (exit 2).
 */
final class OutputWrites {
    private OutputWrites() {
    }

    /**
     * {@code e} as an error writing {@code file}: "FILE: cannot write: reason". A {@link FileSystemException} already
     * names its file and is kept; so is a JSON generation error, which is a bug of this program, not of the disk.
     */
    static IOException cannotWrite(Path file, IOException e) {
        if (e instanceof FileSystemException || e instanceof com.fasterxml.jackson.core.JsonProcessingException) {
            return e;
        }
        FileSystemException named = new FileSystemException(file.toString(), null,
                "cannot write: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        named.initCause(e);
        return named;
    }

    /** {@code sink}, which writes {@code file}, with its write errors naming {@code file}. */
    static RowSink naming(Path file, RowSink sink) {
        return new RowSink() {
            @Override
            public void begin(List<String> detectorNames) throws IOException {
                try {
                    sink.begin(detectorNames);
                } catch (IOException e) {
                    throw cannotWrite(file, e);
                }
            }

            @Override
            public void accept(Batch batch, double[][] scores, boolean[] flags) throws IOException {
                try {
                    sink.accept(batch, scores, flags);
                } catch (IOException e) {
                    throw cannotWrite(file, e);
                }
            }

            @Override
            public void end() throws IOException {
                try {
                    sink.end();
                } catch (IOException e) {
                    throw cannotWrite(file, e);
                }
            }

            @Override
            public void abort() {
                sink.abort();
            }
        };
    }
}
