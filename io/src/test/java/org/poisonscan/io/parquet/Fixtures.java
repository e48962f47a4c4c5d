package org.poisonscan.io.parquet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.BatchReader;

/** Parquet files for tests, written through the Group API with any schema, and helpers to read sources back. */
final class Fixtures {
    private Fixtures() {
    }

    /** Writes {@code rows} records of {@code schema} (parsed), filled by {@code fill(record, row)}. */
    static Path write(Path file, String schema, int rows, int rowGroupRows, BiConsumer<Group, Integer> fill)
            throws IOException {
        return write(file, schema, rows, rowGroupRows, ParquetProperties.WriterVersion.PARQUET_1_0, fill);
    }

    /** As {@link #write(Path, String, int, int, BiConsumer)} with data pages of the given version. */
    static Path write(Path file, String schema, int rows, int rowGroupRows, ParquetProperties.WriterVersion version,
            BiConsumer<Group, Integer> fill) throws IOException {
        MessageType type = MessageTypeParser.parseMessageType(schema);
        SimpleGroupFactory factory = new SimpleGroupFactory(type);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration()).withType(type)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withRowGroupRowCountLimit(rowGroupRows).withPageRowCountLimit(Math.max(1, rowGroupRows / 2))
                .withWriterVersion(version).withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build()) {
            for (int r = 0; r < rows; r++) {
                Group g = factory.newGroup();
                fill.accept(g, r);
                w.write(g);
            }
        }
        return file;
    }

    /** Everything a source yields, concatenated. */
    record Read(float[] features, int[] labels, long[] rows, boolean[] poison, int batches) {
    }

    static Read readAll(ActivationSource s, int batchRows) throws IOException {
        int n = (int) s.rowCount();
        int d = s.dimension();
        float[] f = new float[n * d];
        int[] l = new int[n];
        long[] idx = new long[n];
        boolean[] p = s.hasGroundTruth() ? new boolean[n] : null;
        int at = 0;
        int batches = 0;
        try (BatchReader r = s.open(batchRows)) {
            for (Batch b = r.next(); b != null; b = r.next()) {
                System.arraycopy(b.features(), 0, f, at * d, b.rows() * d);
                System.arraycopy(b.labels(), 0, l, at, b.rows());
                System.arraycopy(b.rowIndex(), 0, idx, at, b.rows());
                if (p != null) {
                    System.arraycopy(b.poison(), 0, p, at, b.rows());
                }
                at += b.rows();
                batches++;
            }
        }
        if (at != n) {
            throw new AssertionError("read " + at + " rows of " + n);
        }
        return new Read(f, l, idx, p, batches);
    }

    /** The value of activation element {@code k} of row {@code r} in the generated fixtures. */
    static float value(int r, int k) {
        return r * 0.5f + k * 0.25f - 3f;
    }

    /** Adds a float list in the standard three-level layout under field {@code name}. */
    static void addList(Group g, String name, int r, int d) {
        Group list = g.addGroup(name);
        for (int k = 0; k < d; k++) {
            list.addGroup("list").add("element", value(r, k));
        }
    }

    static List<Float> expectedRow(int r, int d) {
        List<Float> out = new ArrayList<>();
        for (int k = 0; k < d; k++) {
            out.add(value(r, k));
        }
        return out;
    }
}
