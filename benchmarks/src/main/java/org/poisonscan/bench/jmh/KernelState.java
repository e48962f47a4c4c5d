package org.poisonscan.bench.jmh;

import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.ComputeBackends;
import org.poisonscan.api.backend.GramAccumulator;

/** Shared seeded inputs of the kernel benchmarks: a block of rows and a covariance, per backend and dimension. */
@State(Scope.Benchmark)
public class KernelState {
    /** Rows per block, as the scanner hands them to the backend. */
    public static final int ROWS = 16_384;

    /** {@code java-scalar} is the pure-Java backend with its SIMD kernels switched off. */
    @Param({"java", "java-scalar", "nd4j"})
    public String backendName;

    @Param({"512", "2048"})
    public int dim;

    public ComputeBackend backend;
    public float[] rows;
    public double[] covariance;
    public double[] center;
    public double[] basis;

    @Setup(Level.Trial)
    public void setUp() {
        boolean scalar = backendName.equals("java-scalar");
        System.setProperty(org.poisonscan.api.backend.JavaComputeBackend.SIMD_PROPERTY, Boolean.toString(!scalar));
        backend = ComputeBackends.open(scalar ? "java" : backendName);
        SplittableRandom rng = new SplittableRandom(42);
        rows = new float[ROWS * dim];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (float) rng.nextGaussian();
        }
        GramAccumulator acc = backend.newGramAccumulator(dim);
        acc.add(rows, Math.min(ROWS, 4 * dim));
        covariance = acc.gram();
        center = new double[dim];
        basis = new double[10 * dim];
        for (int i = 0; i < basis.length; i++) {
            basis[i] = rng.nextGaussian();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        backend.close();
    }
}
