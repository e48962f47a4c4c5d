package org.poisonscan.cli;

import org.poisonscan.pipeline.Detectors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.ComputeBackends;
import org.poisonscan.api.scan.ScanProgress;
import org.poisonscan.api.scan.ScanReport;
import org.poisonscan.api.synthetic.SyntheticConfig;
import org.poisonscan.io.ActivationSources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code poisonscan demo}: generates the documented synthetic poisoned set, scans it and prints the summary. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Generates a synthetic poisoned set and scans it: 20,000 rows x 256 dims, 10 classes, 5%% of"
                + " class 0 shifted by 16 sigma (seed 1), written to DIR/demo.npz; the report goes to DIR/scan."})
final class DemoCommand implements Callable<Integer> {
    /** The demo's data set. */
    static final SyntheticConfig DEMO = SyntheticConfig.defaults(20_000).withSize(20_000, 256);

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", defaultValue = "demo-out", paramLabel = "DIR",
            description = "Directory for the data and the report (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--backend", defaultValue = "auto", paramLabel = "NAME", description = "Compute backend")
    String backend;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        Path data = out.resolve("demo.npz");
        stdout.println("Generating " + data + " (" + DEMO.rows() + " rows x " + DEMO.dim() + " dims, 10 classes, "
                + "5% of class 0 poisoned with a 16-sigma shift)...");
        GenerateCommand.write(DEMO, data);
        try (ComputeBackend compute = ComputeBackends.open(backend)) {
            Path reportDir = out.resolve("scan");
            ScanReport report = ScanCommand.scanInto(
                    ActivationSources.open(data, InputFlags.of(data, null, null, null)),
                    Detectors.of(List.of(Detectors.DEFAULT), Double.NaN), compute, reportDir, ScanProgress.NONE,
                    warning -> spec.commandLine().getErr().println("poisonscan: warning: " + warning));
            SummaryPrinter.print(report, reportDir, stdout);
        }
        return PoisonScanCommand.OK;
    }
}
