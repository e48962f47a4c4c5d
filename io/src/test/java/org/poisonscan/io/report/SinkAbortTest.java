package org.poisonscan.io.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poisonscan.api.backend.JavaComputeBackend;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.BatchReader;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.api.scan.RowSink;
import org.poisonscan.api.scan.Scanner;
import org.poisonscan.api.synthetic.SyntheticConfig;
import org.poisonscan.api.synthetic.SyntheticGenerator;
import org.poisonscan.spectral.SpectralSignatureDetector;

/** A scan that fails in its scoring pass leaves no sink's partial file behind, whoever calls the scanner. */
class SinkAbortTest {
    @TempDir
    Path dir;

    @Test
    void aFailureAfterTheSinksBeganRemovesTheirPartialFiles() throws IOException {
        InMemorySource data = new SyntheticGenerator(SyntheticConfig.defaults(2_000).withSize(2_000, 8)).toMemory();
        boolean[] failNow = {false};
        ActivationSource failing = new ActivationSource() {
            @Override
            public int dimension() {
                return data.dimension();
            }

            @Override
            public long rowCount() {
                return data.rowCount();
            }

            @Override
            public boolean hasGroundTruth() {
                return false;
            }

            @Override
            public String description() {
                return "failing";
            }

            @Override
            public BatchReader open(int maxBatchRows) throws IOException {
                BatchReader inner = data.open(maxBatchRows);
                return new BatchReader() {
                    @Override
                    public Batch next() throws IOException {
                        if (failNow[0]) {
                            throw new IOException("disk gone");
                        }
                        return inner.next();
                    }

                    @Override
                    public void close() throws IOException {
                        inner.close();
                    }
                };
            }
        };
        Path target = dir.resolve("scores.csv");
        ScoresCsvWriter scores = new ScoresCsvWriter(target);
        RowSink trigger = new RowSink() {
            @Override
            public void begin(List<String> detectorNames) {
                failNow[0] = true;
            }

            @Override
            public void accept(Batch batch, double[][] s, boolean[] flags) {
            }
        };
        IOException e = assertThrows(IOException.class, () -> Scanner.run(failing,
                List.of(new SpectralSignatureDetector()), new JavaComputeBackend(), List.of(scores, trigger)));
        assertEquals("disk gone", e.getMessage());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "no scores.csv, no scores.csv.partial");
        }
        assertFalse(Files.exists(target));
    }
}
