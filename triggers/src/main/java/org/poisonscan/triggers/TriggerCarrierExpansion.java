package org.poisonscan.triggers;

import java.util.function.Consumer;
import org.poisonscan.djl.FlagExpansion;
import org.poisonscan.djl.ImageClassifier;
import org.poisonscan.djl.LabelledTensors;
import org.poisonscan.triggers.image.ImageHypothesis;
import org.poisonscan.triggers.image.ImageSet;
import org.poisonscan.triggers.image.ImageTriggerAnalysis;
import org.poisonscan.triggers.image.TriggerCarriers;
import org.poisonscan.triggers.verify.CleanRows;
import org.poisonscan.triggers.verify.DjlImagePredictor;
import org.poisonscan.triggers.verify.ImageVerifier;
import org.poisonscan.triggers.verify.Verification;

/**
 * Completes a scan's flags with the rows that carry a confirmed trigger. For each class with flagged rows: the image
 * trigger hypothesis from its flagged rows ({@link ImageTriggerAnalysis}); the hypothesis is stamped on clean rows of
 * the other classes and must move them to the class ({@link Verification#confirms}: at least half of them,
 * significantly more than without it); then every row of the class that carries it in its pixels
 * ({@link TriggerCarriers}) is flagged too. A class whose flags are a sub-population rather than a backdoor yields no
 * confirmed trigger and gains nothing. Single-channel images ({@code 1 x H x W} or {@code H x W} samples).
 */
public final class TriggerCarrierExpansion implements FlagExpansion {
    private final TriggerSettings settings;

    public TriggerCarrierExpansion(TriggerSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "trigger carriers";
    }

    @Override
    public boolean[] expand(LabelledTensors data, boolean[] flags, ImageClassifier model, Consumer<String> log) {
        if (flags.length != data.size()) {
            throw new IllegalArgumentException(flags.length + " flags for " + data.size() + " rows");
        }
        ImageSet images = images(data);
        int[] labels = data.labels();
        boolean[] out = flags.clone();
        DjlImagePredictor predictor = DjlImagePredictor.of(model);
        for (int c : classesWithFlags(labels, flags)) {
            ImageHypothesis h = ImageTriggerAnalysis.analyse(images, labels, flags, c,
                    SourceAnalysis.otherClasses(labels, c), settings.pixelTests());
            if (!h.significant()) {
                log.accept("class " + c + ": no trigger hypothesis (" + h.describe() + ")");
                continue;
            }
            int[] clean = CleanRows.ofOtherClasses(labels, flags, c, settings.verifyLimit(), settings.seed());
            Verification v = ImageVerifier.verify(images, clean, h, predictor);
            if (!v.confirms(settings.alpha())) {
                log.accept("class " + c + ": hypothesis not confirmed (" + h.describe() + "; stamped clean rows"
                        + " moved to the class: " + v.stampedTarget() + " of " + v.inputs() + ")");
                continue;
            }
            boolean[] carriers = TriggerCarriers.of(images, labels, h);
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

    /** Classes with at least the settings' minimum of flagged rows, ascending. */
    private int[] classesWithFlags(int[] labels, boolean[] flags) {
        java.util.Map<Integer, Integer> counts = new java.util.TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            if (flags[i]) {
                counts.merge(labels[i], 1, Integer::sum);
            }
        }
        return counts.entrySet().stream().filter(e -> e.getValue() >= settings.minFlagged())
                .mapToInt(java.util.Map.Entry::getKey).toArray();
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
