package org.poisonscan.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.poisonscan.djl.BenchmarkSettings;
import org.poisonscan.djl.FashionMnistBackdoor;
import org.poisonscan.djl.FlagExpansion;
import org.poisonscan.djl.PersistenceCheck;
import org.poisonscan.djl.SuperimpositionPersistence;
import org.poisonscan.triggers.TriggerCarrierExpansion;
import org.poisonscan.triggers.TriggerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code poisonscan bench fashion-mnist}: the real end-to-end backdoor benchmark on Fashion-MNIST with DJL. */
@Command(name = "fashion-mnist", mixinStandardHelpOptions = true,
        description = {"Real end to end: poison Fashion-MNIST (BadNets, Blend), train a small CNN with DJL (PyTorch"
                + " CPU, offline), measure clean accuracy and attack success rate, scan the penultimate activations"
                + " with each detector set, drop the flagged rows, retrain and measure again. Writes a Markdown"
                + " report. Needs the IDX files (Debian: apt-get install dataset-fashion-mnist)."})
final class BenchFashionMnistCommand implements Callable<Integer> {
    @Option(names = "--data", defaultValue = "/usr/share/datasets/fashion-mnist",
            description = "Directory with the IDX files (default ${DEFAULT-VALUE})")
    String data;

    @Option(names = "--out", defaultValue = "benchmarks/RESULTS-fashion-mnist.md", description = "Markdown output (default ${DEFAULT-VALUE}: from the repository root that replaces"
            + " the published results)")
    String out;

    @Option(names = "--attacks", defaultValue = "badnets,blend", description = "badnets and/or blend (default ${DEFAULT-VALUE})")
    String attacks;

    @Option(names = "--rates", defaultValue = "0.1,0.05,0.01", description = "Poison rates of the target class (default ${DEFAULT-VALUE})")
    String rates;

    @Option(names = "--epochs", defaultValue = "3", description = "Training epochs (default ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--filters", defaultValue = "32,64", description = "Filters of the small CNN's two convolutions"
            + " (default ${DEFAULT-VALUE}: with 128 hidden units it learns Blend at alpha 0.1 in three epochs;"
            + " 16,32 with --hidden 64 --epochs 2 is the quicker, weaker model of the earliest results)")
    String filters;

    @Option(names = "--hidden", defaultValue = "128", description = "Units of the small CNN's penultimate layer, the"
            + " scanned activations (default ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--target", defaultValue = "0", description = "Target class of the attacks (default ${DEFAULT-VALUE})")
    int target;

    @Option(names = "--seed", defaultValue = "42", description = "Training seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--threads", defaultValue = "1", description = "PyTorch intra-op threads (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--train", defaultValue = "60000", description = "Training images used (default ${DEFAULT-VALUE})")
    int train;

    @Option(names = "--detectors", defaultValue = "spectral,spectre,ac,default",
            description = "Detector sets, each scanned and retrained separately; default = the CLI's default set"
                    + " (default ${DEFAULT-VALUE})")
    String detectors;

    @Option(names = "--reclassify", description = "Also check each set's flags by exclusionary reclassification: the"
            + " model retrained without the flagged rows classifies them, and a class whose flagged rows stay in it is"
            + " rejected (a second result row per set, '<set> + reclassification'; with a flag expansion such as"
            + " --persistence-check, its flags are checked too: '<set> + <expansion> + reclassification'); a third"
            + " row, '<set> + row reclassification', also unflags the confirmed classes' rows that stayed")
    boolean reclassify;

    @Option(names = "--dump", description = "Also write each poisoned model's activations (.npz) to this directory")
    String dump;

    @Option(names = "--trigger-carriers", description = "Also complete each set's flags with the rows that carry a"
            + " confirmed trigger: the image trigger hypothesis of a class's flagged rows, stamped on clean images of"
            + " other classes, must move at least half of them to the class; then every row of the class carrying it"
            + " is flagged (a result row per set, '<set> + trigger carriers')")
    boolean triggerCarriers;

    @Option(names = "--release-unexplained", description = "With the trigger carriers, also release in each class"
            + " with a confirmed trigger the flags it explains away: the activations are scanned again without the"
            + " carriers, and a class then judged clean keeps only its carriers flagged (implies --trigger-carriers;"
            + " the row is '<set> + trigger carriers, unexplained flags released')")
    boolean releaseUnexplained;

    @Option(names = "--persistence-check", description = "Also look for poisons with the model's help: rows whose label"
            + " survives superimposition on other classes' images and that sit in their class's SPECTRE tail are"
            + " candidates; a linear discriminant seeded by them grows them into their group; a model retrained without"
            + " the groups must send a class's candidates out of it significantly and at least twice as often as its"
            + " other rows, and significantly more often than its other rows in the same SPECTRE tail (a loose group's"
            + " candidates may go to the class's nearest class in at most a third of their exits), and at least half"
            + " of them must leave; then that class's candidates, and the rows of its group that leave it too, are"
            + " flagged; a class the scan flagged whose flagged rows do not keep their label under"
            + " superimposition significantly more often than its other rows has no trigger behind them, and its flags"
            + " are released (a result row per set, '<set> + persistence check')")
    boolean persistenceCheck;

    @Override
    public Integer call() throws IOException {
        // The benchmark creates the folder; a directory as the file fails only after hours of training.
        org.poisonscan.io.OutputFiles.requireWritableFile("--out", java.nio.file.Path.of(out), false);
        List<String> args = new ArrayList<>(List.of("data=" + data, "out=" + out, "attacks=" + attacks,
                "rates=" + rates, "target=" + target, "epochs=" + epochs, "filters=" + filters, "hidden=" + hidden,
                "seed=" + seed, "threads=" + threads,
                "train=" + train,
                "detectors=" + detectors, "reclassify=" + reclassify));
        if (dump != null) {
            args.add("dump=" + dump);
        }
        BenchmarkSettings settings = BenchmarkSettings.parse(args.toArray(String[]::new));
        List<FlagExpansion> expansions = new ArrayList<>();
        if (triggerCarriers || releaseUnexplained) {
            expansions.add(new TriggerCarrierExpansion(TriggerSettings.defaults(), releaseUnexplained));
        }
        if (persistenceCheck) {
            expansions.add(new PersistenceCheck(PersistenceCheck.Settings.defaults(),
                    SuperimpositionPersistence.defaults(), FashionMnistBackdoor.trainer(settings)));
        }
        FashionMnistBackdoor.run(settings, expansions);
        return PoisonScanCommand.OK;
    }
}
