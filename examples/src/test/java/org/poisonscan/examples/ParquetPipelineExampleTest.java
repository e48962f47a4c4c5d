package org.poisonscan.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.api.synthetic.SyntheticConfig;
import org.poisonscan.api.synthetic.SyntheticGenerator;
import org.poisonscan.io.parquet.ParquetActivationsWriter;
import org.poisonscan.io.parquet.ParquetFiles;
import org.poisonscan.io.parquet.ParquetOptions;

class ParquetPipelineExampleTest {
    @TempDir
    Path dir;

    @Test
    void mainSplitsATinyParquetFileIntoCleanAndQuarantine() throws IOException {
        int n = 3000;
        InMemorySource data = new SyntheticGenerator(SyntheticConfig.defaults(n).withSize(n, 16).withSeed(5))
                .toMemory();
        Path input = dir.resolve("embeddings.parquet");
        ParquetActivationsWriter.write(data, input, new ParquetOptions("emb", "cls", "key", "poisoned"),
                CompressionCodecName.SNAPPY);
        Path out = dir.resolve("out");

        String printed = capture(() -> ParquetPipelineExample.main(new String[] {input.toString(), out.toString(),
            "emb", "cls", "key"}));

        long clean = rows(out.resolve("clean.parquet"));
        long quarantined = rows(out.resolve("quarantine.parquet"));
        assertEquals(n, clean + quarantined);
        long planted = 0;
        for (boolean p : data.poison()) {
            planted += p ? 1 : 0;
        }
        assertTrue(quarantined >= 0.9 * planted && quarantined <= 1.5 * planted, quarantined + " vs " + planted);
        assertEquals(n, rows(out.resolve("scores.parquet")));
        assertTrue(printed.contains("poisoned classes: [0]"), printed);
        assertThrows(IllegalArgumentException.class, () -> ParquetPipelineExample.main(new String[] {"x"}));
    }

    private static long rows(Path file) throws IOException {
        try (ParquetFileReader r = ParquetFiles.open(file)) {
            return r.getRecordCount();
        }
    }

    interface Body {
        void run() throws IOException;
    }

    private static String capture(Body body) throws IOException {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setOut(old);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
