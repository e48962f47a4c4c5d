package org.poisonscan.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.JavaComputeBackend;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.BatchReader;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.api.pass.Accumulator;
import org.poisonscan.api.pass.Aggregation;
import org.poisonscan.api.pass.OrderedPass;
import org.poisonscan.api.pass.Passes;
import org.poisonscan.api.pass.SourcePasses;
import org.poisonscan.api.stats.ClassMoments;

/**
 * What a cluster does to an aggregation, without a cluster: the rows split into uneven parts, each part accumulated
 * on its own in small batches, the partial results merged in a scrambled order. The class moments must come out as
 * on one stream, to double-precision summation order.
 */
class PartitionedPassesTest {
    private static final ComputeBackend BACKEND = new JavaComputeBackend();

    /** Passes over parts of an in-memory source, merged in a seeded random order. */
    private record SplitPasses(InMemorySource source, int[] cuts, long seed) implements Passes {
        @Override
        public int dimension() {
            return source.dimension();
        }

        @Override
        public long rowCount() {
            return source.rowCount();
        }

        @Override
        public String description() {
            return "split " + source.description();
        }

        @Override
        public boolean singleStream() {
            return false;
        }

        @Override
        public <R extends Serializable> R aggregate(Aggregation<R> aggregation) throws IOException {
            List<R> parts = new ArrayList<>();
            for (int p = 0; p + 1 < cuts.length; p++) {
                try (Accumulator<R> acc = aggregation.start(BACKEND, source.dimension());
                        BatchReader reader = source.open(97)) {
                    for (Batch b = reader.next(); b != null; b = reader.next()) {
                        Batch part = slice(b, cuts[p], cuts[p + 1]);
                        if (part != null) {
                            acc.add(part);
                        }
                    }
                    parts.add(acc.finish());
                }
            }
            Collections.shuffle(parts, new Random(seed));
            R total = parts.get(0);
            for (int i = 1; i < parts.size(); i++) {
                total = aggregation.merge(total, parts.get(i));
            }
            return total;
        }

        @Override
        public <T extends Serializable> void inOrder(OrderedPass<T> pass, Consumer<? super T> consumer)
                throws IOException {
            new SourcePasses(source, 97, BACKEND).inOrder(pass, consumer);
        }

        /** The rows of {@code b} whose index is in [from, to), or null. */
        private static Batch slice(Batch b, long from, long to) {
            int lo = 0;
            while (lo < b.rows() && b.rowIndex()[lo] < from) {
                lo++;
            }
            int hi = lo;
            while (hi < b.rows() && b.rowIndex()[hi] < to) {
                hi++;
            }
            if (hi == lo) {
                return null;
            }
            int d = b.dim();
            return new Batch(java.util.Arrays.copyOfRange(b.features(), lo * d, hi * d), hi - lo, d,
                    java.util.Arrays.copyOfRange(b.labels(), lo, hi), java.util.Arrays.copyOfRange(b.rowIndex(), lo, hi),
                    null);
        }
    }

    private static InMemorySource data(int n, int d) {
        Random r = new Random(5);
        float[] x = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(3);
            for (int j = 0; j < d; j++) {
                // A large mean against the spread: the case the shift is for.
                x[i * d + j] = (float) (1_000 * (y[i] + 1) + (j + 1) * r.nextGaussian());
            }
        }
        return new InMemorySource(x, d, y, null, "large means");
    }

    @Test
    void momentsOverPartitionsEqualOneStream() throws IOException {
        InMemorySource src = data(2_000, 6);
        Map<Integer, ClassMoments> one = ClassMoments.compute(src, BACKEND, 512);
        Function<long[], Map<Integer, ClassMoments>> split = seedAndCuts -> {
            try {
                int[] cuts = new int[seedAndCuts.length - 1];
                for (int i = 1; i < seedAndCuts.length; i++) {
                    cuts[i - 1] = (int) seedAndCuts[i];
                }
                return ClassMoments.compute(new SplitPasses(src, cuts, seedAndCuts[0]));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        for (long[] plan : List.of(new long[] {1, 0, 2_000}, new long[] {2, 0, 7, 700, 701, 1_333, 2_000},
                new long[] {3, 0, 50, 100, 150, 1_900, 2_000})) {
            Map<Integer, ClassMoments> parts = split.apply(plan);
            assertEquals(one.keySet(), parts.keySet());
            for (int label : one.keySet()) {
                ClassMoments a = one.get(label);
                ClassMoments b = parts.get(label);
                assertEquals(a.count(), b.count());
                for (int i = 0; i < a.mean().length; i++) {
                    assertEquals(a.mean()[i], b.mean()[i], 1e-12 * Math.abs(a.mean()[i]), "mean " + i);
                }
                for (int i = 0; i < a.covariance().length; i++) {
                    double scale = Math.sqrt(a.covariance()[(i / 6) * 7] * a.covariance()[(i % 6) * 7]);
                    assertEquals(a.covariance()[i], b.covariance()[i], 1e-12 * scale, "covariance " + i);
                }
            }
        }
        assertFalse(new SplitPasses(src, new int[] {0, 2_000}, 1).singleStream());
        assertTrue(new SourcePasses(src, 10, BACKEND).singleStream());
    }
}
