package org.poisonscan.api.pass;

import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.RowsLeftOut;

/**
 * Passes without some rows: what {@link RowsLeftOut} does to a local source, for passes that run where the rows are
 * (Spark's executors). The kept rows keep their global indices, so seeded samples are those of a local fit on the
 * same rows. The row list travels with each aggregation and ordered pass (a few rows, see
 * {@link org.poisonscan.api.scan.ExtremeRows}).
 */
public final class LeftOutPasses extends TransformedPasses {
    private final int leftOut;

    /** @param rows the row indices to leave out */
    public LeftOutPasses(Passes inner, long[] rows) {
        super(inner, new Without(sorted(rows)));
        this.leftOut = rows.length;
    }

    @Override
    public long rowCount() {
        return inner().rowCount() - leftOut;
    }

    private static long[] sorted(long[] rows) {
        long[] s = rows.clone();
        Arrays.sort(s);
        return s;
    }

    private record Without(long[] rows) implements BatchTransform {
        @Override
        public UnaryOperator<Batch> start() {
            return b -> RowsLeftOut.without(b, rows);
        }
    }
}
