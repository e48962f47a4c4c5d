package org.poisonscan.io.numpy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.BatchReader;

/**
 * Arrays larger than 4 GiB (beyond one mapping and beyond 32-bit zip fields) read with a 2 GB heap. Opt-in because
 * they write about 5 GB to disk: {@code mvn -pl io test -Dtest=LargeFileTest -Dpoisonscan.largeTests=true}.
 */
@EnabledIfSystemProperty(named = "poisonscan.largeTests", matches = "true")
class LargeFileTest {
    private static final long N = 1_200_000;
    private static final int D = 1024; // 4.9 GB of float32
    /** Rows with a marker value: first, around the 2 GiB and 4 GiB offsets, last. */
    private static final long[] MARKED = {0, (1L << 31) / (4L * D), (1L << 32) / (4L * D) + 1, N - 1};

    @TempDir
    Path dir;

    private static float marker(long row) {
        return row + 0.5f;
    }

    @Test
    void readsASparseFiveGigabyteNpyWithConstantMemory() throws IOException {
        Path x = dir.resolve("big.npy");
        byte[] header = NpyHeaderWriter.header(NpyDtype.FLOAT32, N, D);
        try (RandomAccessFile f = new RandomAccessFile(x.toFile(), "rw")) {
            f.write(header);
            f.setLength(header.length + N * D * 4); // a sparse file: the holes read as zeros
        }
        try (FileChannel ch = FileChannel.open(x, StandardOpenOption.WRITE)) {
            for (long r : MARKED) {
                ByteBuffer b = ByteBuffer.allocate(4 * D).order(ByteOrder.LITTLE_ENDIAN);
                for (int j = 0; j < D; j++) {
                    b.putFloat(marker(r) + j);
                }
                StoredZipLayout.write(ch, b.flip(), header.length + r * D * 4);
            }
        }
        Path l = dir.resolve("big_labels.npy");
        byte[] lh = NpyHeaderWriter.header(NpyDtype.INT32, N);
        try (RandomAccessFile f = new RandomAccessFile(l.toFile(), "rw")) {
            f.write(lh);
            f.setLength(lh.length + N * 4);
        }
        checkMarkers(NpySource.open(x, l, null));
    }

    @Test
    void writesAndReadsAZip64NpzAboveFourGigabytes() throws IOException {
        Path npz = dir.resolve("big.npz");
        NpzWriter.write(new MarkedZeros(), npz);
        assertTrue(Files.size(npz) > (1L << 32));
        try (ZipFile zip = new ZipFile(npz.toFile())) {
            assertEquals(N * D * 4 + 128, zip.getEntry("X.npy").getSize());
        }
        checkMarkers(NpzSource.open(npz, "X", "y", null));
    }

    private static void checkMarkers(ActivationSource source) throws IOException {
        assertEquals(N, source.rowCount());
        long seen = 0;
        int next = 0;
        try (BatchReader reader = source.open(4096)) {
            for (Batch b = reader.next(); b != null; b = reader.next()) {
                for (int r = 0; r < b.rows(); r++) {
                    long row = b.rowIndex()[r];
                    boolean marked = next < MARKED.length && row == MARKED[next];
                    float expected = marked ? marker(row) : 0f;
                    assertEquals(expected, b.features()[b.offset(r)], "row " + row);
                    assertEquals(marked ? expected + D - 1 : 0f, b.features()[b.offset(r) + D - 1], "row " + row);
                    next += marked ? 1 : 0;
                }
                seen += b.rows();
            }
        }
        assertEquals(N, seen);
        assertEquals(MARKED.length, next);
    }

    /** N x D zeros except the marked rows, generated batch by batch. */
    private static final class MarkedZeros implements ActivationSource {
        @Override
        public int dimension() {
            return D;
        }

        @Override
        public long rowCount() {
            return N;
        }

        @Override
        public boolean hasGroundTruth() {
            return false;
        }

        @Override
        public String description() {
            return "marked zeros";
        }

        @Override
        public BatchReader open(int maxBatchRows) {
            float[] f = new float[maxBatchRows * D];
            int[] labels = new int[maxBatchRows];
            long[] idx = new long[maxBatchRows];
            return new BatchReader() {
                private long next;

                @Override
                public Batch next() {
                    if (next >= N) {
                        return null;
                    }
                    int n = (int) Math.min(maxBatchRows, N - next);
                    java.util.Arrays.fill(f, 0f);
                    for (int r = 0; r < n; r++) {
                        idx[r] = next + r;
                        for (long m : MARKED) {
                            if (m == next + r) {
                                for (int j = 0; j < D; j++) {
                                    f[r * D + j] = marker(m) + j;
                                }
                            }
                        }
                    }
                    next += n;
                    return new Batch(f, n, D, labels, idx, null);
                }

                @Override
                public void close() {
                    next = N;
                }
            };
        }
    }
}
