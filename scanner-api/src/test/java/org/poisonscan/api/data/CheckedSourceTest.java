package org.poisonscan.api.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.JavaComputeBackend;
import org.poisonscan.api.detect.Detector;
import org.poisonscan.api.detect.FittedDetector;
import org.poisonscan.api.scan.Scanner;

class CheckedSourceTest {
    private static final int ROWS = 3000;
    private static final int DIM = 4;

    private static InMemorySource valid() {
        float[] x = new float[ROWS * DIM];
        int[] y = new int[ROWS];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i * 7919 % 1000) / 1000f;
        }
        for (int i = 0; i < ROWS; i++) {
            y[i] = i % 3;
        }
        return new InMemorySource(x, DIM, y, null, "mem");
    }

    /** {@code valid()} as a custom source whose batches {@code change} alters, claiming {@code rowCount} rows. */
    private static ActivationSource custom(long rowCount, Consumer<Batch> change) {
        return custom(rowCount, change, false);
    }

    /** As above, saying whether it checks its own values ({@link ActivationSource#valuesChecked()}). */
    private static ActivationSource custom(long rowCount, Consumer<Batch> change, boolean checksItsValues) {
        return custom(rowCount, checksItsValues, -1, b -> {
            change.accept(b);
            return b;
        });
    }

    /**
     * {@code valid()} as a custom source claiming {@code rowCount} rows, whose batches of pass number {@code pass}
     * (0-based; -1: every pass) are copied and handed to {@code replace}.
     */
    private static ActivationSource custom(long rowCount, boolean checksItsValues, int pass,
            java.util.function.UnaryOperator<Batch> replace) {
        InMemorySource inner = valid();
        int[] opened = {0};
        return new ActivationSource() {
            @Override
            public int dimension() {
                return DIM;
            }

            @Override
            public long rowCount() {
                return rowCount;
            }

            @Override
            public boolean hasGroundTruth() {
                return false;
            }

            @Override
            public String description() {
                return "custom";
            }

            @Override
            public boolean valuesChecked() {
                return checksItsValues;
            }

            @Override
            public BatchReader open(int maxBatchRows) throws IOException {
                BatchReader r = inner.open(maxBatchRows);
                boolean change = pass < 0 || opened[0] == pass;
                opened[0]++;
                return new BatchReader() {
                    @Override
                    public Batch next() throws IOException {
                        Batch b = r.next();
                        return b == null || !change ? b : replace.apply(new Batch(b.features().clone(), b.rows(),
                                b.dim(), b.labels().clone(), b.rowIndex().clone(), null));
                    }

                    @Override
                    public void close() throws IOException {
                        r.close();
                    }
                };
            }
        };
    }

    private static String readAll(ActivationSource source) {
        return assertThrows(InvalidInputException.class, () -> {
            try (BatchReader r = CheckedSource.of(source).open(1024)) {
                while (r.next() != null) {
                    // reading is the check
                }
            }
        }).getMessage();
    }

    @Test
    void aValueTheScanCannotTakeIsNamedByRowAndColumn() {
        ActivationSource nan = custom(ROWS, b -> {
            if (b.rowIndex()[0] == 0) {
                b.features()[10 * DIM + 3] = Float.NaN;
            }
        });
        assertEquals("custom: row 10, column 3 is NaN (activations must be finite)", readAll(nan));
        ActivationSource huge = custom(ROWS, b -> {
            if (b.rowIndex()[0] == 0) {
                b.features()[5 * DIM] = 1e30f;
            }
        });
        String m = readAll(huge);
        assertTrue(m.startsWith("custom: row 5, column 0 is ") && m.contains("beyond +-1e15"), m);
    }

    @Test
    void aNegativeLabelIsNamedByRow() {
        ActivationSource negative = custom(ROWS, b -> {
            if (b.rowIndex()[0] == 0) {
                b.labels()[7] = -1;
            }
        });
        assertEquals("custom: row 7 has label -1; class labels must be non-negative integers", readAll(negative));
        int[] labels = new int[ROWS];
        labels[ROWS - 1] = -3;
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new InMemorySource(new float[ROWS * DIM], DIM, labels, null, "mem"));
        assertEquals("mem: row 2999 has label -3; class labels must be non-negative integers", e.getMessage());
    }

    @Test
    void aRowCountOrOrderOtherThanDeclaredIsRefused() {
        assertEquals("custom: the source says it has 3500 rows but its reader returned 3000",
                readAll(custom(ROWS + 500, b -> { })));
        assertEquals("custom: the source says it has 2500 rows but its reader returned more",
                readAll(custom(ROWS - 500, b -> { })));
        ActivationSource shifted = custom(ROWS, b -> {
            for (int r = 0; r < b.rows(); r++) {
                b.rowIndex()[r] += 1000;
            }
        });
        String m = readAll(shifted);
        assertTrue(m.startsWith("custom: the reader returned row index 1000 where 0 was due"), m);
    }

    @Test
    void everythingButTheReaderIsTheSourcesOwn() {
        ActivationSource named = new ActivationSource() {
            @Override
            public int dimension() {
                return 3;
            }

            @Override
            public long rowCount() {
                return 7;
            }

            @Override
            public boolean hasGroundTruth() {
                return true;
            }

            @Override
            public String description() {
                return "named";
            }

            @Override
            public java.util.Optional<String> className(int label) {
                return java.util.Optional.of("class-" + label);
            }

            @Override
            public BatchReader open(int maxBatchRows) {
                throw new AssertionError("answering the source's questions must not read it");
            }
        };
        ActivationSource checked = CheckedSource.of(named);
        assertEquals(java.util.Optional.of("class-4"), checked.className(4));
        assertEquals(3, checked.dimension());
        assertEquals(7, checked.rowCount());
        assertTrue(checked.hasGroundTruth());
        assertEquals("named", checked.description());
        assertTrue(CheckedSource.of(checked) == checked, "not wrapped twice");
        assertTrue(checked.valuesChecked(), "its readers check the values");
        assertTrue(valid().valuesChecked(), "an in-memory source checked them when it was built");
    }

    @Test
    void aSourceThatChecksItsOwnValuesIsNotCheckedAgainButItsRowsAre() throws IOException {
        ActivationSource trusted = custom(ROWS + 1, b -> {
            if (b.rowIndex()[0] == 0) {
                b.features()[0] = Float.NaN;
            }
        }, true);
        // The value is the source's word; the count is still checked.
        assertEquals("custom: the source says it has 3001 rows but its reader returned 3000", readAll(trusted));
    }

    @Test
    void theScannerReadsEverySourceThroughTheCheck() {
        ActivationSource inf = custom(ROWS, b -> {
            if (b.rowIndex()[0] == 0) {
                b.features()[2] = Float.POSITIVE_INFINITY;
            }
        });
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Scanner.run(inf, List.<Detector>of(new ReadsEverything()), new JavaComputeBackend(), List.of()));
        assertEquals("custom: row 0, column 2 is Infinity (activations must be finite)", e.getMessage());
    }

    private static void readPass(ActivationSource checked) throws IOException {
        try (BatchReader r = checked.open(1024)) {
            while (r.next() != null) {
                // reading is the check
            }
        }
    }

    @Test
    void aBatchOfAnotherDimensionIsRefusedAtItsFirstRow() {
        ActivationSource narrow = custom(ROWS, false, 0, b -> new Batch(b.features(), b.rows(), DIM - 1, b.labels(),
                b.rowIndex(), null));
        assertEquals("custom: the reader returned a batch of dimension 3 at row 0, but the source's dimension() is 4",
                readAll(narrow));
    }

    @Test
    void aLaterPassWithOtherLabelsIsRefused() throws IOException {
        ActivationSource checked = CheckedSource.of(custom(ROWS, false, 1, b -> {
            if (b.rowIndex()[0] == 0) {
                b.labels()[5] = 9;
            }
            return b;
        }));
        readPass(checked);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> readPass(checked));
        assertEquals("custom: row 5 has label 9, which an earlier pass over the source did not have (every pass must"
                + " return the same rows, in the same order)", e.getMessage());

        // Known labels in another order: only the pass's checksum can tell.
        ActivationSource swapped = CheckedSource.of(custom(ROWS, false, 2, b -> {
            if (b.rowIndex()[0] == 0) {
                int first = b.labels()[0];
                b.labels()[0] = b.labels()[1];
                b.labels()[1] = first;
            }
            return b;
        }));
        readPass(swapped);
        readPass(swapped);
        e = assertThrows(InvalidInputException.class, () -> readPass(swapped));
        assertEquals("custom: the labels differ between passes over the source (every pass must return the same rows,"
                + " in the same order)", e.getMessage());
    }

    @Test
    void anInterruptedThreadStopsReadingAtTheNextBatch() throws IOException {
        ActivationSource checked = CheckedSource.of(valid());
        try (BatchReader r = checked.open(1024)) {
            assertTrue(r.next() != null);
            Thread.currentThread().interrupt();
            java.io.InterruptedIOException e = assertThrows(java.io.InterruptedIOException.class, r::next);
            assertEquals("mem: the scan was interrupted after row 1024 of a pass", e.getMessage());
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status is left for the caller");
        } finally {
            Thread.interrupted();
        }
        Thread.currentThread().interrupt();
        try {
            assertThrows(java.io.InterruptedIOException.class, () -> Scanner.run(valid(),
                    List.<Detector>of(new ReadsEverything()), new JavaComputeBackend(), List.of()));
        } finally {
            Thread.interrupted();
        }
    }

    /** A detector whose fit reads the whole source and must not get past it. */
    private static final class ReadsEverything implements Detector {
        @Override
        public String name() {
            return "reader";
        }

        @Override
        public FittedDetector fit(ActivationSource source, ComputeBackend backend) throws IOException {
            try (BatchReader r = source.open(512)) {
                while (r.next() != null) {
                    // reading is the point
                }
            }
            throw new AssertionError("the bad value was not refused");
        }
    }
}
