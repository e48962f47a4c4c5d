package org.poisonscan.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.io.ActivationSources;
import org.poisonscan.io.InputOptions;

/**
 * The entry point for pipelines:
 *
 * <pre>{@code
 * InMemoryRows rows = new InMemoryRows();
 * ScanReport report = PoisonScan.scan(source)        // any ActivationSource
 *         .detectors(Detectors.defaults())  // spectral, spectre, ac: the default
 *         .backend("auto")                             // the default
 *         .sink(rows)
 *         .run();
 * Stream<MyRecord> clean = Verdicts.of(rows).clean(myRecords.stream());
 * }</pre>
 *
 * <p>or in one step, {@code ScanResult r = PoisonScan.scan(source).runWithVerdicts()}. This class lives in its own
 * module ({@code pipeline}) because it is the first that sees both the API and a detector: {@code scanner-api} must
 * not depend on a detector module, and the readers in {@code io} should not either.
 */
public final class PoisonScan {
    private PoisonScan() {
    }

    /**
     * A scan of {@code source} with the defaults: the default detector set ({@link Detectors#defaults()}: spectral
     * signatures, SPECTRE and activation clustering), the automatic backend, no sinks.
     */
    public static ScanJob scan(ActivationSource source) {
        return ScanJob.of(source);
    }

    /**
     * A scan of a file opened by its extension ({@code .npz}, {@code .npy}, {@code .csv}, {@code .parquet}).
     *
     * @throws org.poisonscan.api.data.InvalidInputException when the file cannot be read as activations
     */
    public static ScanJob scan(Path input, InputOptions options) throws IOException {
        return ScanJob.of(ActivationSources.open(input, options));
    }
}
