package org.poisonscan.io.numpy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.BatchReader;
import org.poisonscan.api.data.InvalidInputException;

/**
 * Streams a source once and hands each batch to a sink as little-endian float32 features, int32 labels and one-byte
 * bools, through buffers of about {@value #BUFFER_BYTES} bytes that are reused, so any number of rows can be copied.
 * Checks that the source yields exactly the rows it declared, since writers size their output from that count.
 */
final class SourceCopier {
    private static final int BUFFER_BYTES = 4 << 20;

    /** Receives each batch's encoded bytes; the buffers are reused after the call returns. */
    interface Sink {
        void features(ByteBuffer bytes) throws IOException;

        void labels(ByteBuffer bytes) throws IOException;

        void marks(ByteBuffer bytes) throws IOException;
    }

    private SourceCopier() {
    }

    static void copy(ActivationSource source, boolean withMarks, Sink sink) throws IOException {
        int d = source.dimension();
        int batchRows = (int) Math.max(1, Math.min(BUFFER_BYTES / (4L * d), 1 << 16));
        ByteBuffer fb = ByteBuffer.allocate(Math.multiplyExact(batchRows * d, 4)).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer lb = ByteBuffer.allocate(batchRows * 4).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer mb = ByteBuffer.allocate(batchRows);
        long rows = 0;
        try (BatchReader reader = source.open(batchRows)) {
            for (Batch b = reader.next(); b != null; b = reader.next()) {
                if (b.dim() != d) {
                    throw new InvalidInputException(source.description() + ": batch dimension " + b.dim()
                            + " differs from the declared " + d);
                }
                int n = b.rows();
                if (rows + n > source.rowCount()) {
                    throw new InvalidInputException(source.description() + ": yielded more than the "
                            + source.rowCount() + " rows it declared");
                }
                fb.clear();
                fb.asFloatBuffer().put(b.features(), 0, n * d);
                sink.features(fb.limit(n * d * 4));
                lb.clear();
                for (int i = 0; i < n; i++) {
                    if (b.labels()[i] < 0) {
                        throw new InvalidInputException(source.description() + ": label at row " + (rows + i)
                                + " is " + b.labels()[i] + "; class labels must be non-negative integers");
                    }
                    lb.putInt(b.labels()[i]);
                }
                sink.labels(lb.flip());
                if (withMarks) {
                    mb.clear();
                    for (int i = 0; i < n; i++) {
                        mb.put((byte) (b.poison()[i] ? 1 : 0));
                    }
                    sink.marks(mb.flip());
                }
                rows += n;
            }
        }
        if (rows != source.rowCount()) {
            throw new InvalidInputException(source.description() + ": declared " + source.rowCount()
                    + " rows but yielded " + rows);
        }
    }
}
