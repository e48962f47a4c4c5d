package org.poisonscan.triggers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.djl.ActivationScan;
import org.poisonscan.djl.FlagExpansion;
import org.poisonscan.djl.ImageClassifier;
import org.poisonscan.djl.LabelledTensors;
import org.poisonscan.triggers.image.ImageHypothesis;
import org.poisonscan.triggers.image.ImageSet;
import org.poisonscan.triggers.image.TriggerCarriers;
import org.poisonscan.triggers.verify.DjlImagePredictor;
import org.poisonscan.triggers.verify.Verification;

/**
 * Completes a scan's flags with the rows that carry a confirmed trigger. The image trigger hypotheses of the flagged
 * rows come from {@link ImageTriggers#analyse} (every class with enough flags; each hypothesis stamped on clean rows of
 * the other classes); a hypothesis the model confirms ({@link Verification#confirms}: at least half of them move into
 * the class, significantly more than without it) flags every row of its class that carries it
 * ({@link TriggerCarriers}). A class whose flags are a sub-population rather than a backdoor yields no confirmed
 * trigger and gains nothing. Single-channel images ({@code 1 x H x W} or {@code H x W} samples).
 */
public final class TriggerCarrierExpansion implements FlagExpansion {
    private final TriggerSettings settings;
    private final boolean releaseUnexplained;

    public TriggerCarrierExpansion(TriggerSettings settings) {
        this(settings, false);
    }

    /**
     * @param releaseUnexplained also release, in each class with a confirmed trigger, the flags its carriers explain
     *     away ({@link UnexplainedFlags}; the rescan runs the default detector set on the pure-Java backend and needs
     *     the activations, see {@link #expand(LabelledTensors, ActivationSource, boolean[], ImageClassifier,
     *     Consumer)})
     */
    public TriggerCarrierExpansion(TriggerSettings settings, boolean releaseUnexplained) {
        this.settings = settings;
        this.releaseUnexplained = releaseUnexplained;
    }

    @Override
    public String name() {
        return releaseUnexplained ? "trigger carriers, unexplained flags released" : "trigger carriers";
    }

    @Override
    public boolean[] expand(LabelledTensors data, ActivationSource activations, boolean[] flags, ImageClassifier model,
            Consumer<String> log) {
        List<UnexplainedFlags.Confirmed> confirmed = new ArrayList<>();
        boolean[] completed = completed(data, flags, model, log, confirmed);
        if (!releaseUnexplained) {
            return completed;
        }
        return UnexplainedFlags.release(activations, completed, confirmed,
                source -> ActivationScan.defaults().scan(source).report(), log);
    }

    @Override
    public boolean[] expand(LabelledTensors data, boolean[] flags, ImageClassifier model, Consumer<String> log) {
        if (releaseUnexplained) {
            throw new IllegalStateException("releasing unexplained flags rescans the activations: call the expand"
                    + " that takes them");
        }
        return completed(data, flags, model, log, new ArrayList<>());
    }

    /** {@code flags} with the carriers of every confirmed trigger added; the confirmed ones go to {@code confirmed}. */
    private boolean[] completed(LabelledTensors data, boolean[] flags, ImageClassifier model, Consumer<String> log,
            List<UnexplainedFlags.Confirmed> confirmed) {
        if (flags.length != data.size()) {
            throw new IllegalArgumentException(flags.length + " flags for " + data.size() + " rows");
        }
        ImageSet images = images(data);
        int[] labels = data.labels();
        try {
            List<ImageResult> results = ImageTriggers.analyse(new ScanOutput(labels, flags, Map.of(), Set.of()),
                    images, null, DjlImagePredictor.of(model), null, null, settings);
            return withCarriers(flags, images, labels, results, settings.alpha(), log, confirmed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code flags} with the carriers of every confirmed hypothesis among {@code results} added (a new array).
     *
     * @param results hypotheses formed from {@code flags} on {@code images}, verified with a model
     * @param alpha the verification's significance level
     * @param log receives one line per hypothesis
     */
    public static boolean[] withCarriers(boolean[] flags, ImageSet images, int[] labels, List<ImageResult> results,
            double alpha, Consumer<String> log) {
        return withCarriers(flags, images, labels, results, alpha, log, new ArrayList<>());
    }

    /** As above; also appends each confirmed trigger's class and carriers to {@code confirmed}. */
    public static boolean[] withCarriers(boolean[] flags, ImageSet images, int[] labels, List<ImageResult> results,
            double alpha, Consumer<String> log, List<UnexplainedFlags.Confirmed> confirmed) {
        boolean[] out = flags.clone();
        for (ImageResult r : results) {
            ImageHypothesis h = r.hypothesis();
            int c = h.target();
            Verification v = r.verification();
            if (v == null) {
                log.accept("class " + c + ": no trigger hypothesis (" + h.describe() + ")");
                continue;
            }
            if (!v.confirms(alpha)) {
                log.accept("class " + c + ": hypothesis not confirmed (" + h.describe() + "; stamped clean rows"
                        + " moved to the class: " + v.stampedTarget() + " of " + v.inputs() + ")");
                continue;
            }
            boolean[] carriers = TriggerCarriers.of(images, labels, h);
            confirmed.add(new UnexplainedFlags.Confirmed(c, carriers));
            int added = 0;
            int carrying = 0;
            for (int i = 0; i < out.length; i++) {
                carrying += carriers[i] ? 1 : 0;
                added += carriers[i] && !out[i] ? 1 : 0;
                out[i] |= carriers[i];
            }
            log.accept("class " + c + ": trigger confirmed (" + h.describe() + "; stamped clean rows moved to the"
                    + " class: " + v.stampedTarget() + " of " + v.inputs() + "); " + carrying + " rows carry it, "
                    + added + " of them not flagged before");
        }
        return out;
    }

    private static ImageSet images(LabelledTensors data) {
        long[] shape = data.sampleShape();
        boolean single = shape.length == 2 || (shape.length == 3 && shape[0] == 1);
        if (!single) {
            throw new IllegalArgumentException("trigger carriers need single-channel images, got samples of shape "
                    + java.util.Arrays.toString(shape));
        }
        int h = (int) shape[shape.length - 2];
        int w = (int) shape[shape.length - 1];
        return new ImageSet(data.values(), data.size(), h, w, 1);
    }
}
