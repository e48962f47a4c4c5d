package org.poisonscan.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.poisonscan.bench.ScaleHarness;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code poisonscan bench}: the scale harness (full spectral scans against the native sgemm floor). */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {BenchQualityCommand.class, BenchFashionMnistCommand.class},
        description = {"Scale harness: for each n and d, the median wall time of a full spectral scan (10 classes)"
                + " next to one native sgemm X^T X over the same matrix (the compute floor), their ratio and the peak"
                + " RSS, for each backend. Give the JVM enough heap (POISONSCAN_JAVA_OPTS=-Xmx16g for 1e6 x 2048)."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--n", defaultValue = "10000,100000,1000000", description = "Row counts (default ${DEFAULT-VALUE})")
    String rows;

    @Option(names = "--d", defaultValue = "512,2048", description = "Dimensions (default ${DEFAULT-VALUE})")
    String dims;

    @Option(names = "--reps", defaultValue = "3", description = "Repetitions per cell; the median is reported (default ${DEFAULT-VALUE})")
    int reps;

    @Option(names = "--backends", defaultValue = "nd4j,java", description = "Backends (default ${DEFAULT-VALUE})")
    String backends;

    @Option(names = "--out", paramLabel = "FILE.md", description = "Also write the table to this Markdown file")
    String out;

    @Override
    public Integer call() throws IOException {
        if (reps < 1) {
            throw new IllegalArgumentException("--reps must be >= 1");
        }
        List<String> args = new ArrayList<>(List.of("--n", rows, "--d", dims, "--reps", Integer.toString(reps),
                "--backends", backends));
        if (out != null) {
            args.add("--out");
            args.add(out);
        }
        ScaleHarness.main(args.toArray(String[]::new));
        return PoisonScanCommand.OK;
    }
}
