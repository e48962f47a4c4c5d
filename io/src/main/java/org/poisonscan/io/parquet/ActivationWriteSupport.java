package org.poisonscan.io.parquet;

import java.util.Map;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.poisonscan.api.data.Batch;

/**
 * Writes rows of a {@link Batch} straight to Parquet's record consumer (no intermediate record objects): the record
 * written is row {@code r} of the batch set by {@link #batch(Batch)}. Columns: optional id (int64 row index), label
 * (int32), activation (standard LIST of required float), optional ground truth (boolean).
 */
final class ActivationWriteSupport extends WriteSupport<Integer> {
    private final MessageType schema;
    private final ParquetOptions names;
    private final boolean marks;
    private RecordConsumer out;
    private Batch batch;

    ActivationWriteSupport(MessageType schema, ParquetOptions names, boolean marks) {
        this.schema = schema;
        this.names = names;
        this.marks = marks;
    }

    /** Points the next {@code write(r)} calls at {@code batch}. */
    void batch(Batch batch) {
        this.batch = batch;
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(schema, Map.of());
    }

    @Override
    public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
        return new WriteContext(schema, Map.of());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    @Override
    public void write(Integer r) {
        out.startMessage();
        int field = 0;
        if (names.idColumn() != null) {
            out.startField(names.idColumn(), field);
            out.addLong(batch.rowIndex()[r]);
            out.endField(names.idColumn(), field++);
        }
        out.startField(names.labelColumn(), field);
        out.addInteger(batch.labels()[r]);
        out.endField(names.labelColumn(), field++);
        out.startField(names.activationColumn(), field);
        out.startGroup();
        out.startField("list", 0);
        float[] f = batch.features();
        for (int k = batch.offset(r), end = k + batch.dim(); k < end; k++) {
            out.startGroup();
            out.startField("element", 0);
            out.addFloat(f[k]);
            out.endField("element", 0);
            out.endGroup();
        }
        out.endField("list", 0);
        out.endGroup();
        out.endField(names.activationColumn(), field++);
        if (marks) {
            out.startField(names.groundTruthColumn(), field);
            out.addBoolean(batch.poison()[r]);
            out.endField(names.groundTruthColumn(), field);
        }
        out.endMessage();
    }
}
