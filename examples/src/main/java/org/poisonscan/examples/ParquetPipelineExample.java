package org.poisonscan.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.poisonscan.api.scan.ScanReport;
import org.poisonscan.io.parquet.ParquetOptions;
import org.poisonscan.io.parquet.ParquetSource;
import org.poisonscan.io.parquet.ParquetSplitter;
import org.poisonscan.io.parquet.ScoreFlagsReader;
import org.poisonscan.io.parquet.ScoresParquetWriter;
import org.poisonscan.io.parquet.SplitResult;
import org.poisonscan.pipeline.PoisonScan;

/**
 * A data-pipeline step in three calls: read Parquet embeddings, scan them with the default detector set (spectral
 * signatures, SPECTRE and activation clustering), and write the clean and quarantined rows as two Parquet files with
 * every column of the input.
 *
 * <pre>
 * ParquetPipelineExample EMBEDDINGS.parquet OUT_DIR [ACTIVATION_COLUMN [LABEL_COLUMN [ID_COLUMN]]]
 * </pre>
 *
 * <p>Defaults: columns {@code activation} and {@code label}, no id (rows are then matched by index). Writes
 * {@code OUT_DIR/scores.parquet}, {@code OUT_DIR/clean.parquet} and {@code OUT_DIR/quarantine.parquet}.
 */
public final class ParquetPipelineExample {
    private ParquetPipelineExample() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 5) {
            throw new IllegalArgumentException("usage: ParquetPipelineExample EMBEDDINGS.parquet OUT_DIR"
                    + " [ACTIVATION_COLUMN [LABEL_COLUMN [ID_COLUMN]]]");
        }
        Path input = Path.of(args[0]);
        Path out = Files.createDirectories(Path.of(args[1]));
        ParquetOptions columns = new ParquetOptions(arg(args, 2), arg(args, 3), arg(args, 4), null);

        // 1. Read: streams the file by row group, decoding only the activation, label and id columns.
        ParquetSource embeddings = ParquetSource.open(input, columns);

        // 2. Scan, writing every row's scores and flag (and id) to scores.parquet.
        Path scores = out.resolve("scores.parquet");
        ScanReport report;
        try (ScoresParquetWriter writer = ScoresParquetWriter.forSource(scores, embeddings)) {
            report = PoisonScan.scan(embeddings).sink(writer).run();
        }

        // 3. Split the input into clean and quarantined rows, every column kept.
        SplitResult split = ParquetSplitter.split(input, ScoreFlagsReader.read(scores), columns.idColumn(),
                out.resolve("clean.parquet"), out.resolve("quarantine.parquet"));

        System.out.printf(Locale.ROOT, "Scanned %,d rows x %d dims; poisoned classes: %s%n", report.rows(),
                report.dimension(), report.poisonedClasses().isEmpty() ? "none" : report.poisonedClasses());
        System.out.printf(Locale.ROOT, "%,d clean -> %s%n%,d quarantined -> %s%n", split.cleanRows(), split.clean(),
                split.quarantinedRows(), split.quarantine());
    }

    private static String arg(String[] args, int i) {
        return args.length > i ? args[i] : null;
    }
}
