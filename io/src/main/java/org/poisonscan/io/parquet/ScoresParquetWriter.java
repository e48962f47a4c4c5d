package org.poisonscan.io.parquet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.scan.RowSink;

/**
 * Writes {@code scores.parquet} as the scan's last pass streams through the rows, one record per input row in input
 * order: {@code row} (int64, the 0-based row index), {@code id} (only when the input is a Parquet file scanned with an
 * id column: that column's values with its physical and logical type, read from the input in step with the scan),
 * {@code label} (int32 class id), {@code label_name} (string, only for string labels), {@code flagged} (boolean) and
 * {@code score_<detector>} (double, null where the detector did not score the row). Higher scores are more
 * suspicious. The footer's key-value metadata records the id column's name in the input under
 * {@value #ID_SOURCE_KEY}.
 *
 * <p>The file is written under a temporary name and renamed when the scan completes; call {@link #abort()} on failure
 * to remove the temporary file.
 */
public final class ScoresParquetWriter implements RowSink, AutoCloseable {
    /** Name of the id column in scores.parquet. */
    public static final String ID = "id";
    /** Metadata key holding the id column's name in the scanned input. */
    public static final String ID_SOURCE_KEY = "poisonscan.id_column";

    private final Path target;
    private final Path temporary;
    private final ParquetSource ids;
    private final List<String> classNames;
    private ParquetWriter<Group> out;
    private IdReader idReader;
    private IdTally idTally;
    private String idWarning;
    private SimpleGroupFactory records;
    private int detectors;
    private long nextRow;

    private ScoresParquetWriter(Path target, ParquetSource ids, List<String> classNames) {
        this.target = target;
        this.temporary = ParquetFiles.partial(target);
        this.ids = ids;
        this.classNames = List.copyOf(classNames);
    }

    /**
     * A writer for the scores of {@code source}: with an {@code id} column when the source is a Parquet file opened
     * with an id column, and a {@code label_name} column when it has string labels.
     */
    public static ScoresParquetWriter forSource(Path target, ActivationSource source) {
        if (source instanceof ParquetSource p) {
            return new ScoresParquetWriter(target, p.layout().id() == null ? null : p, p.classNames());
        }
        return new ScoresParquetWriter(target, null, List.of());
    }

    /** The schema written for the given detectors. */
    public MessageType schema(List<String> detectorNames) {
        List<Type> fields = new ArrayList<>();
        fields.add(Types.required(PrimitiveTypeName.INT64).named("row"));
        if (ids != null) {
            PrimitiveType t = ids.layout().id().type();
            fields.add(new PrimitiveType(Type.Repetition.OPTIONAL, t.getPrimitiveTypeName(), t.getTypeLength(), ID)
                    .withLogicalTypeAnnotation(t.getLogicalTypeAnnotation()));
        }
        fields.add(Types.required(PrimitiveTypeName.INT32).named("label"));
        if (!classNames.isEmpty()) {
            fields.add(Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                    .named("label_name"));
        }
        fields.add(Types.required(PrimitiveTypeName.BOOLEAN).named("flagged"));
        for (String d : detectorNames) {
            fields.add(Types.optional(PrimitiveTypeName.DOUBLE).named("score_" + d));
        }
        return new MessageType("scores", fields);
    }

    @Override
    public void begin(List<String> detectorNames) throws IOException {
        MessageType schema = schema(detectorNames);
        Map<String, String> meta = new LinkedHashMap<>();
        if (ids != null) {
            meta.put(ID_SOURCE_KEY, ids.layout().id().name());
            idReader = new IdReader(ids.parts(), ids.layout());
        }
        idTally = ids == null ? null : new IdTally();
        idWarning = null;
        records = new SimpleGroupFactory(schema);
        detectors = detectorNames.size();
        nextRow = 0;
        Files.deleteIfExists(temporary);
        out = ParquetFiles.groupWriter(temporary, schema, meta, CompressionCodecName.SNAPPY);
    }

    @Override
    public void accept(Batch batch, double[][] scores, boolean[] flags) throws IOException {
        for (int r = 0; r < batch.rows(); r++) {
            long row = batch.rowIndex()[r];
            if (row != nextRow) {
                throw new IllegalStateException("scores.parquet expects rows in input order: got row " + row
                        + ", expected " + nextRow);
            }
            nextRow++;
            Group g = records.newGroup();
            int field = 0;
            g.add(field++, row);
            if (idReader != null) {
                Object id = idReader.next(row);
                idTally.add(row, id);
                if (id != null) {
                    PrimitiveValues.add(g, field, id);
                }
                field++;
            }
            int label = batch.labels()[r];
            g.add(field++, label);
            if (!classNames.isEmpty()) {
                if (label < classNames.size()) {
                    g.add(field, classNames.get(label));
                }
                field++;
            }
            g.add(field++, flags[r]);
            for (int d = 0; d < detectors; d++, field++) {
                if (!Double.isNaN(scores[d][r])) {
                    g.add(field, scores[d][r]);
                }
            }
            out.write(g);
        }
    }

    @Override
    public void end() throws IOException {
        closeStreams();
        ParquetFiles.commit(temporary, target);
        if (idTally != null) {
            idWarning = idTally.summary().warning(ids.layout().id().name()).orElse(null);
            idTally = null;
        }
    }

    /**
     * After {@link #end()}: a one-line warning when the scanned id column had null or repeated ids (which
     * {@code split --id} refuses), else empty.
     */
    public Optional<String> idWarning() {
        return Optional.ofNullable(idWarning);
    }

    private void closeStreams() throws IOException {
        try {
            if (out != null) {
                out.close();
            }
        } finally {
            out = null;
            if (idReader != null) {
                idReader.close();
                idReader = null;
            }
        }
    }

    /** Removes the temporary file of an unfinished scan. */
    @Override
    public void abort() {
        try {
            closeStreams();
        } catch (IOException | RuntimeException ignored) {
            // The scan failed already; the temporary file is removed below regardless.
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
            // Nothing more can be done about a temporary file that cannot be removed.
        }
    }

    @Override
    public void close() {
        abort();
    }
}
