package org.poisonscan.io.parquet;

import java.io.IOException;
import java.util.List;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.BatchReader;
import org.poisonscan.api.scan.RowSink;

/**
 * Drives row sinks the way the scanner's last pass does, with a fixed rule instead of a detector (the io module does
 * not depend on any detector): the score is the row's first activation, and rows whose index is 1 modulo 4 are
 * flagged.
 */
final class FakeScan {
    private FakeScan() {
    }

    static boolean flagged(long row) {
        return row % 4 == 1;
    }

    static void run(ActivationSource source, RowSink... sinks) throws IOException {
        for (RowSink s : sinks) {
            s.begin(List.of("fake"));
        }
        try (BatchReader reader = source.open(64)) {
            for (Batch b = reader.next(); b != null; b = reader.next()) {
                double[][] scores = new double[1][b.rows()];
                boolean[] flags = new boolean[b.rows()];
                for (int r = 0; r < b.rows(); r++) {
                    scores[0][r] = b.features()[b.offset(r)];
                    flags[r] = flagged(b.rowIndex()[r]);
                }
                for (RowSink s : sinks) {
                    s.accept(b, scores, flags);
                }
            }
        }
        for (RowSink s : sinks) {
            s.end();
        }
    }
}
