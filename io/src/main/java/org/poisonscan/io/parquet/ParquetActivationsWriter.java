package org.poisonscan.io.parquet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.BatchReader;
import org.poisonscan.api.data.InvalidInputException;

/**
 * Writes an activation source as Parquet in the layout Spark, pyarrow and DuckDB use: an optional int64 id column
 * (the row index), an int32 label column, the activations as a standard LIST of float
 * ({@code required group activation (LIST) { repeated group list { required float element; } }}) and, when asked
 * for, a boolean ground-truth column. Column names come from {@link ParquetOptions}. The file is written under a
 * temporary name and renamed when complete.
 */
public final class ParquetActivationsWriter {
    /** Rows per batch read from the source. */
    private static final int BATCH_ROWS = 4096;

    private ParquetActivationsWriter() {
    }

    /** The schema written. */
    public static MessageType schema(ParquetOptions names) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        if (names.idColumn() != null) {
            b.required(PrimitiveTypeName.INT64).named(names.idColumn());
        }
        b.required(PrimitiveTypeName.INT32).named(names.labelColumn());
        b.addField(Types.requiredList().requiredElement(PrimitiveTypeName.FLOAT).named(names.activationColumn()));
        if (names.groundTruthColumn() != null) {
            b.required(PrimitiveTypeName.BOOLEAN).named(names.groundTruthColumn());
        }
        return b.named("activations");
    }

    /**
     * Writes {@code source} to {@code file}, replacing it.
     *
     * @param names column names; the id column is written when named, the ground-truth column when named (the source
     *     must then have ground truth)
     * @throws IllegalArgumentException when a ground-truth column is named but the source has none
     */
    public static void write(ActivationSource source, Path file, ParquetOptions names, CompressionCodecName codec)
            throws IOException {
        if (names.groundTruthColumn() != null && !source.hasGroundTruth()) {
            throw new IllegalArgumentException(source.description() + " has no ground truth to write as column '"
                    + names.groundTruthColumn() + "'");
        }
        MessageType schema = schema(names);
        ActivationWriteSupport support = new ActivationWriteSupport(schema, names, names.groundTruthColumn() != null);
        Path partial = ParquetFiles.partial(file);
        long written = 0;
        try {
            try (ParquetWriter<Integer> out = new Builder(new LocalOutputFile(partial), support)
                    .withConf(new PlainParquetConfiguration()).withCompressionCodec(codec).withDictionaryEncoding(false)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build();
                    BatchReader reader = source.open(BATCH_ROWS)) {
                for (Batch b = reader.next(); b != null; b = reader.next()) {
                    support.batch(b);
                    for (int r = 0; r < b.rows(); r++) {
                        out.write(r);
                    }
                    written += b.rows();
                }
            }
            if (written != source.rowCount()) {
                throw new InvalidInputException(source.description() + " yielded " + written + " rows but declares "
                        + source.rowCount());
            }
            ParquetFiles.commit(partial, file);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static final class Builder extends ParquetWriter.Builder<Integer, Builder> {
        private final ActivationWriteSupport support;

        Builder(OutputFile file, ActivationWriteSupport support) {
            super(file);
            this.support = support;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Integer> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return support;
        }

        @Override
        protected WriteSupport<Integer> getWriteSupport(ParquetConfiguration conf) {
            return support;
        }
    }
}
