package org.poisonscan.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.storage.StorageLevel;

/**
 * The scan's input on the cluster: the selected columns decoded into {@link RowBlock}s, checked and cached once, so
 * that the detectors' several passes read memory rather than the source. Building it is the first job of a fit: a
 * null or wrong-length activation array or a bad label fails it, with the column, the row and the problem in the
 * message, before anything is fitted or written.
 *
 * <p><b>Row numbers.</b> Samples are chosen by a hash of each row's global index, so both must number rows alike.
 * With an id column, a row's index is its id (ids must be distinct). Without one, rows are numbered in input order:
 * partition by partition, in order within each partition (the order of {@code zipWithIndex}); for a Parquet file read
 * by Spark that is the file's row order, the numbering of the single-machine scanner.
 */
final class SparkInput {
    /** Rows per cached block. */
    static final int BLOCK_ROWS = 4096;

    private final JavaRDD<RowBlock> blocks;
    private final long[] offsets;
    private final long rows;
    private final boolean ordered;
    private final int dim;

    private SparkInput(JavaRDD<RowBlock> blocks, long[] offsets, long rows, boolean ordered, int dim) {
        this.blocks = blocks;
        this.offsets = offsets;
        this.rows = rows;
        this.ordered = ordered;
        this.dim = dim;
    }

    /** What one partition holds: its rows and, with ids, their range and whether they ascend. */
    record PartitionStats(int partition, long rows, long first, long last, boolean ascending) implements Serializable {
    }

    /**
     * Decodes, checks and caches the input. The dimension is the first row's activation length.
     *
     * @throws org.poisonscan.api.data.InvalidInputException when the data holds no row or a row cannot be scanned
     *     (possibly wrapped in Spark's job failure; see {@link SparkFailures})
     */
    static SparkInput load(Dataset<Row> dataset, InputColumns cols) {
        Dataset<Row> selected = dataset.select(cols.names().stream().map(dataset::col)
                .toArray(org.apache.spark.sql.Column[]::new));
        RowDecoder probe = RowDecoder.of(selected.schema(), cols, 0);
        List<Row> first = selected.limit(1).collectAsList();
        if (first.isEmpty()) {
            throw new org.poisonscan.api.data.InvalidInputException("the data has no rows to scan");
        }
        int dim = probe.length(first.get(0), () -> "the first row");
        if (dim < 1) {
            throw new org.poisonscan.api.data.InvalidInputException("activation column '" + cols.featuresCol()
                    + "' is empty in the first row");
        }
        RowDecoder decoder = RowDecoder.of(selected.schema(), cols, dim);
        // Catalyst's internal rows: the activations are read straight from Spark's binary arrays, without boxing.
        JavaRDD<RowBlock> blocks = selected.queryExecution().toRdd().toJavaRDD()
                .mapPartitionsWithIndex((p, it) -> new Blocks(p, it, decoder), true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            return summarise(blocks, decoder, cols, dim);
        } catch (RuntimeException e) {
            blocks.unpersist(false); // a failed fit must not leave the blocks it cached so far in the session
            throw e;
        }
    }

    /** Collects the partitions' row counts and id order (refusing repeated ids) into the loaded input. */
    private static SparkInput summarise(JavaRDD<RowBlock> blocks, RowDecoder decoder, InputColumns cols, int dim) {
        List<PartitionStats> stats = SparkFailures.unwrap(() -> blocks.mapPartitionsWithIndex(
                (p, it) -> List.of(stats(p, it)).iterator(), true).collect());
        long[] offsets = new long[stats.size()];
        long total = 0;
        boolean ordered = true;
        long previous = Long.MIN_VALUE;
        for (PartitionStats s : stats) {
            offsets[s.partition()] = decoder.hasId() ? 0 : total;
            total += s.rows();
            if (s.rows() > 0) {
                ordered &= s.ascending() && (previous == Long.MIN_VALUE || s.first() > previous);
                previous = s.last();
            }
        }
        if (decoder.hasId() && !ordered) {
            requireDistinctIds(blocks, cols.idCol());
        }
        return new SparkInput(blocks, offsets, total, ordered, dim);
    }

    /**
     * Refuses repeated ids: they number the rows, so a repeated one would give two rows the same sample hash and
     * index. Ids ascending across the partitions are distinct already; otherwise one shuffle of the ids decides.
     */
    private static void requireDistinctIds(JavaRDD<RowBlock> blocks, String idCol) {
        List<scala.Tuple2<Long, Integer>> repeated = SparkFailures.unwrap(() -> blocks
                .flatMapToPair(b -> {
                    List<scala.Tuple2<Long, Integer>> ids = new ArrayList<>(b.rows());
                    for (int r = 0; r < b.rows(); r++) {
                        ids.add(new scala.Tuple2<>(b.number(r), 1));
                    }
                    return ids.iterator();
                })
                .reduceByKey(Integer::sum)
                .filter(t -> t._2() > 1)
                .take(1));
        if (!repeated.isEmpty()) {
            throw new org.poisonscan.api.data.InvalidInputException("id column '" + idCol + "': id "
                    + repeated.get(0)._1() + " appears on " + repeated.get(0)._2() + " rows; ids must be distinct"
                    + " (they number the rows for sampling): fix the ids or leave out the id column to number rows in"
                    + " input order");
        }
    }

    private static PartitionStats stats(int p, Iterator<RowBlock> it) {
        long n = 0;
        long first = 0;
        long last = 0;
        boolean ascending = true;
        while (it.hasNext()) {
            RowBlock b = it.next();
            for (int r = 0; r < b.rows(); r++) {
                long x = b.number(r);
                if (n == 0) {
                    first = x;
                } else if (x <= last) {
                    ascending = false;
                }
                last = x;
                n++;
            }
        }
        return new PartitionStats(p, n, first, last, ascending);
    }

    /** The cached blocks. */
    JavaRDD<RowBlock> blocks() {
        return blocks;
    }

    /** Per partition, the offset added to its rows' numbers to make global row indices. */
    long[] offsets() {
        return offsets.clone();
    }

    /** Total rows. */
    long rows() {
        return rows;
    }

    /** Activation dimension. */
    int dim() {
        return dim;
    }

    /** Whether partitions and blocks already hold the rows in ascending global index order. */
    boolean ordered() {
        return ordered;
    }

    /** Releases the cache. */
    void release() {
        blocks.unpersist(false);
    }

    /** Turns a partition's rows into checked blocks of at most {@link #BLOCK_ROWS} rows. */
    private static final class Blocks implements Iterator<RowBlock> {
        private final int partition;
        private final Iterator<InternalRow> rows;
        private final RowDecoder decoder;
        private long position;

        Blocks(int partition, Iterator<InternalRow> rows, RowDecoder decoder) {
            this.partition = partition;
            this.rows = rows;
            this.decoder = decoder;
        }

        @Override
        public boolean hasNext() {
            return rows.hasNext();
        }

        @Override
        public RowBlock next() {
            if (!rows.hasNext()) {
                throw new NoSuchElementException();
            }
            int dim = decoder.dim();
            float[] features = new float[BLOCK_ROWS * dim];
            int[] labels = new int[BLOCK_ROWS];
            long[] numbers = new long[BLOCK_ROWS];
            int n = 0;
            while (n < BLOCK_ROWS && rows.hasNext()) {
                InternalRow r = rows.next();
                long local = position++;
                Supplier<String> where = decoder.hasId() && !r.isNullAt(2)
                        ? idWhere(decoder.id(r, () -> ""), local) : () -> "row " + local + " of input partition "
                                + partition;
                decoder.features(r, features, n * dim, where);
                labels[n] = decoder.label(r, where);
                numbers[n] = decoder.hasId() ? decoder.id(r, () -> "row " + local + " of input partition "
                        + partition) : local;
                n++;
            }
            if (n < BLOCK_ROWS) {
                features = java.util.Arrays.copyOf(features, n * dim);
                labels = java.util.Arrays.copyOf(labels, n);
                numbers = java.util.Arrays.copyOf(numbers, n);
            }
            return new RowBlock(features, labels, numbers, n, dim);
        }

        private Supplier<String> idWhere(long id, long local) {
            return () -> "the row with id " + id + " (row " + local + " of input partition " + partition + ")";
        }
    }

    /** The blocks' rows in ascending global index order, for passes that need it (a shuffle when not ordered). */
    JavaRDD<RowBlock> inIndexOrder() {
        if (ordered) {
            return blocks;
        }
        int d = dim;
        return blocks.flatMap(b -> explode(b).iterator())
                .sortBy(r -> r.index, true, blocks.getNumPartitions())
                .mapPartitions(it -> regroup(it, d));
    }

    /** One row with its global index, for the sort. */
    private record IndexedRow(long index, int label, float[] features) implements Serializable {
    }

    private static List<IndexedRow> explode(RowBlock b) {
        List<IndexedRow> out = new ArrayList<>(b.rows());
        var batch = b.toBatch(0);
        int d = batch.dim();
        for (int r = 0; r < b.rows(); r++) {
            out.add(new IndexedRow(batch.rowIndex()[r], batch.labels()[r],
                    java.util.Arrays.copyOfRange(batch.features(), r * d, (r + 1) * d)));
        }
        return out;
    }

    private static Iterator<RowBlock> regroup(Iterator<IndexedRow> it, int dim) {
        List<RowBlock> out = new ArrayList<>();
        while (it.hasNext()) {
            float[] f = new float[BLOCK_ROWS * dim];
            int[] l = new int[BLOCK_ROWS];
            long[] idx = new long[BLOCK_ROWS];
            int n = 0;
            while (n < BLOCK_ROWS && it.hasNext()) {
                IndexedRow r = it.next();
                System.arraycopy(r.features(), 0, f, n * dim, dim);
                l[n] = r.label();
                idx[n] = r.index();
                n++;
            }
            out.add(new RowBlock(java.util.Arrays.copyOf(f, n * dim), java.util.Arrays.copyOf(l, n),
                    java.util.Arrays.copyOf(idx, n), n, dim));
        }
        return out.iterator();
    }
}
