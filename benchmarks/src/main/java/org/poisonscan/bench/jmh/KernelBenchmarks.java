package org.poisonscan.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;
import org.poisonscan.api.backend.GramAccumulator;
import org.poisonscan.api.backend.SymmetricEigen;
import org.poisonscan.api.stats.TopEigen;

/**
 * JMH benchmarks of each kernel on both backends at d = 512 and 2048: Gram accumulation of a 16,384-row block,
 * the full symmetric eigen-decomposition, the top-2 eigenpairs by subspace iteration, and projection (scoring) of a
 * block onto 1 and 10 directions. Run: {@code java -cp <benchmarks classpath> org.openjdk.jmh.Main KernelBenchmarks}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "--add-modules", "jdk.incubator.vector"})
public class KernelBenchmarks {

    @Benchmark
    public double[] gramBlock(KernelState s) {
        try (GramAccumulator acc = s.backend.newGramAccumulator(s.dim)) {
            acc.add(s.rows, KernelState.ROWS);
            return acc.columnSums();
        }
    }

    @Benchmark
    public SymmetricEigen eigenFull(KernelState s) {
        return s.backend.symmetricEigen(s.covariance, s.dim);
    }

    @Benchmark
    public SymmetricEigen eigenTop2(KernelState s) {
        return TopEigen.compute(s.covariance, s.dim, 2, s.backend);
    }

    /** The principal subspace SPECTRE sweeps (k = 100) through the backend's partial decomposition. */
    @Benchmark
    public SymmetricEigen eigenTop100(KernelState s) {
        return s.backend.topEigen(s.covariance, s.dim, 100);
    }

    /** Activation clustering's 10 principal components through the backend's partial decomposition. */
    @Benchmark
    public SymmetricEigen eigenTop10(KernelState s) {
        return s.backend.topEigen(s.covariance, s.dim, 10);
    }

    @Benchmark
    public double[] projectOne(KernelState s) {
        double[] out = new double[KernelState.ROWS];
        s.backend.project(s.rows, KernelState.ROWS, s.dim, s.center, s.basis, 1, out);
        return out;
    }

    @Benchmark
    public double[] projectTen(KernelState s) {
        double[] out = new double[KernelState.ROWS * 10];
        s.backend.project(s.rows, KernelState.ROWS, s.dim, s.center, s.basis, 10, out);
        return out;
    }
}
