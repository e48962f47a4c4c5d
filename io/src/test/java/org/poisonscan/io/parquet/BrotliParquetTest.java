package org.poisonscan.io.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Brotli-compressed file written by pyarrow 25 ({@code compression='brotli'}, 300 rows in row groups of 128: id,
 * label = id % 3, activation = [id / 2 + k for k in 0..3] as float, note = "row <id>"); parquet-java alone cannot
 * decompress it.
 */
class BrotliParquetTest {
    @TempDir
    Path dir;

    private static Path fixture() throws URISyntaxException {
        return Path.of(BrotliParquetTest.class.getResource("/parquet/brotli.parquet").toURI());
    }

    @Test
    void readsEveryValueOfABrotliFile() throws IOException, URISyntaxException {
        try (ParquetFileReader r = ParquetFiles.open(fixture())) {
            assertEquals(CompressionCodecName.BROTLI, r.getRowGroups().get(0).getColumns().get(0).getCodec());
        }
        ParquetSource s = ParquetSource.open(fixture(), ParquetOptions.defaults().withIdColumn("id"));
        Fixtures.Read read = Fixtures.readAll(s, 50);
        assertEquals(300, s.rowCount());
        for (int i = 0; i < 300; i++) {
            assertEquals(i % 3, read.labels()[i]);
            for (int k = 0; k < 4; k++) {
                assertEquals(i * 0.5f + k, read.features()[i * 4 + k], "row " + i + " element " + k);
            }
        }
    }

    @Test
    void splitsABrotliFileIntoSnappyOutputsKeepingEveryRow() throws IOException, URISyntaxException {
        StringBuilder csv = new StringBuilder("row,label,flagged\n");
        for (int i = 0; i < 300; i++) {
            csv.append(i).append(',').append(i % 3).append(',').append(i % 10 == 0 ? 1 : 0).append('\n');
        }
        Path scores = Files.writeString(dir.resolve("scores.csv"), csv);
        SplitResult r = ParquetSplitter.split(fixture(), ScoreFlagsReader.read(scores), null, dir.resolve("c.parquet"),
                dir.resolve("q.parquet"));
        assertEquals(270, r.cleanRows());
        assertEquals(30, r.quarantinedRows());
        try (ParquetFileReader q = ParquetFiles.open(dir.resolve("q.parquet"))) {
            assertEquals(30, q.getRecordCount());
            assertEquals(CompressionCodecName.SNAPPY, q.getRowGroups().get(0).getColumns().get(0).getCodec());
        }
        ParquetSource quarantined = ParquetSource.open(dir.resolve("q.parquet"), ParquetOptions.defaults());
        Fixtures.Read read = Fixtures.readAll(quarantined, 7);
        assertEquals(10 * 0.5f, read.features()[4], "the second quarantined row is id 10");
    }
}
