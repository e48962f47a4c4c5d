package org.poisonscan.spark;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.pass.Accumulator;
import org.poisonscan.api.pass.Aggregation;
import org.poisonscan.api.pass.OrderedPass;
import org.poisonscan.api.pass.Passes;

/**
 * {@link Passes} over a cached {@link SparkInput}: an aggregation is broadcast, run per partition (one accumulator
 * per partition, computing through the executor's backend, native where available) and combined with Spark's tree
 * aggregation ({@code treeReduce}, which is {@code treeAggregate}), so the driver receives a handful of per-class
 * results, never rows. An ordered pass maps the blocks on the executors and streams the small results to the driver
 * in global row order ({@code toLocalIterator}, one partition at a time).
 */
final class SparkPasses implements Passes {
    private final SparkInput input;
    private final String backend;
    private final String description;
    private final int depth;

    /**
     * @param backend name of the backend the executors open ({@code auto}, {@code java}, {@code nd4j})
     * @param depth depth of the aggregation tree
     */
    SparkPasses(SparkInput input, String backend, String description, int depth) {
        this.input = input;
        this.backend = backend;
        this.description = description;
        this.depth = depth;
    }

    @Override
    public int dimension() {
        return input.dim();
    }

    @Override
    public long rowCount() {
        return input.rows();
    }

    @Override
    public String description() {
        return description;
    }

    /** Partitions: every partition has its own accumulator. */
    @Override
    public boolean singleStream() {
        return false;
    }

    @Override
    public <R extends Serializable> R aggregate(Aggregation<R> aggregation) throws IOException {
        JavaRDD<RowBlock> blocks = input.blocks();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(blocks.context());
        Broadcast<Aggregation<R>> shipped = sc.broadcast(aggregation);
        long[] offsets = input.offsets();
        int dim = input.dim();
        String name = backend;
        try {
            JavaRDD<R> partials = blocks.mapPartitionsWithIndex((p, it) -> {
                ComputeBackend b = ExecutorBackends.get(name);
                try (Accumulator<R> acc = shipped.value().start(b, dim)) {
                    while (it.hasNext()) {
                        acc.add(it.next().toBatch(offsets[p]));
                    }
                    List<R> one = new ArrayList<>(1);
                    one.add(acc.finish());
                    return one.iterator();
                }
            }, true);
            return SparkFailures.unwrap(() -> partials.treeReduce((a, b) -> shipped.value().merge(a, b), depth));
        } finally {
            shipped.destroy();
        }
    }

    @Override
    public <T extends Serializable> void inOrder(OrderedPass<T> pass, Consumer<? super T> consumer)
            throws IOException {
        JavaRDD<RowBlock> blocks = input.inIndexOrder();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(blocks.context());
        Broadcast<OrderedPass<T>> shipped = sc.broadcast(pass);
        long[] offsets = input.ordered() ? input.offsets() : new long[blocks.getNumPartitions()];
        int dim = input.dim();
        String name = backend;
        try {
            JavaRDD<T> mapped = blocks.mapPartitionsWithIndex((p, it) -> {
                Function<Batch, T> mapper = shipped.value().start(ExecutorBackends.get(name), dim);
                List<T> out = new ArrayList<>();
                while (it.hasNext()) {
                    out.add(mapper.apply(it.next().toBatch(offsets[p])));
                }
                return out.iterator();
            }, true);
            SparkFailures.unwrap(() -> {
                Iterator<T> it = mapped.toLocalIterator();
                while (it.hasNext()) {
                    consumer.accept(it.next());
                }
                return null;
            });
        } finally {
            shipped.destroy();
        }
    }
}
