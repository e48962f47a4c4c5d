package org.poisonscan.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.poisonscan.bench.QualitySuite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code poisonscan bench quality}: the detection-quality suite over the synthetic generator. */
@Command(name = "quality", mixinStandardHelpOptions = true,
        description = {"Detection-quality suite: poison rate x delta grid, two trigger directions, two poisoned"
                + " classes and clean sets, for every detector, several seeds per cell. Writes recall, FPR, AUROC"
                + " (mean ± sd) and class-verdict accuracy to a Markdown file."})
final class BenchQualityCommand implements Callable<Integer> {
    @Option(names = "--rows", defaultValue = "50000", description = "Rows per set, 10 classes (default ${DEFAULT-VALUE})")
    long rows;

    @Option(names = "--d", defaultValue = "128", description = "Dimension (default ${DEFAULT-VALUE})")
    int dim;

    @Option(names = "--seeds", defaultValue = "3", description = "Seeds per cell (default ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--rates", defaultValue = "0.005,0.01,0.03,0.05,0.1", description = "Poison rates of the target class (default ${DEFAULT-VALUE})")
    String rates;

    @Option(names = "--deltas", defaultValue = "1,2,4,6,16", description = "Shifts in noise sigmas (default ${DEFAULT-VALUE})")
    String deltas;

    @Option(names = "--detectors", defaultValue = "spectral,spectre,ac,all", description = "Detector sets to compare (default ${DEFAULT-VALUE})")
    String detectors;

    @Option(names = "--out", defaultValue = "benchmarks/RESULTS-quality.md", description = "Markdown output (default ${DEFAULT-VALUE}: from the repository root that replaces the"
            + " published results)")
    String out;

    @Option(names = "--backend", defaultValue = "auto", description = "Compute backend (default ${DEFAULT-VALUE})")
    String backend;

    @Override
    public Integer call() throws IOException {
        if (seeds < 1 || rows < 100 || dim < 1) {
            throw new IllegalArgumentException("--seeds must be >= 1, --rows >= 100 and --d >= 1");
        }
        List<String> args = new ArrayList<>(List.of("--rows", Long.toString(rows), "--d", Integer.toString(dim),
                "--seeds", Integer.toString(seeds), "--rates", rates, "--deltas", deltas, "--detectors", detectors,
                "--out", out, "--backend", backend));
        QualitySuite.main(args.toArray(String[]::new));
        return PoisonScanCommand.OK;
    }
}
