package org.poisonscan.triggers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.poisonscan.ac.ExclusionaryReclassifier;
import org.poisonscan.triggers.image.ImageHypothesis;
import org.poisonscan.triggers.image.ImageSet;
import org.poisonscan.triggers.image.ImageTriggerAnalysis;
import org.poisonscan.triggers.source.SourceClasses;
import org.poisonscan.triggers.verify.CleanRows;
import org.poisonscan.triggers.verify.ImagePredictor;
import org.poisonscan.triggers.verify.ImageVerifier;
import org.poisonscan.triggers.verify.Verification;

/**
 * Image trigger hypotheses for every analysed class: source classes (activations, else raw pixels), the per-pixel
 * analysis against the clean rows of the class and of its sources, and verification with a model when one is given.
 */
public final class ImageTriggers {
    private ImageTriggers() {
    }

    /**
     * @param scan the scan output, row-aligned with {@code images}
     * @param images the raw inputs
     * @param activations the scanned activations, or null (source classes then come from the raw pixels alone)
     * @param model a classifier for verification, or null
     * @param retrainer exclusionary reclassification callback, or null
     * @param target a class to analyse whatever the scan said, or null for {@link Targets#of}
     * @param settings the settings
     */
    public static List<ImageResult> analyse(ScanOutput scan, ImageSet images, Activations activations,
            ImagePredictor model, ExclusionaryReclassifier retrainer, Integer target, TriggerSettings settings)
            throws IOException {
        if (images.n() != scan.rows()) {
            throw new IllegalArgumentException(images.n() + " images for " + scan.rows() + " scanned rows");
        }
        int[] labels = scan.labels();
        boolean[] flagged = scan.flagged();
        float[][] copied = {null}; // the pixels, copied once and only when a class's source analysis needs them
        Supplier<float[]> pixels = () -> copied[0] != null ? copied[0] : (copied[0] = images.values());
        List<ImageResult> out = new ArrayList<>();
        List<Integer> targets = Targets.of(scan, target, settings.minFlagged());
        var exclusions = SourceAnalysis.exclusion(scan, targets, retrainer);
        for (int c : targets) {
            SourceClasses sources = SourceAnalysis.sources(scan, c, activations, pixels, images.imageSize(),
                    "pixels", settings);
            ImageHypothesis h = ImageTriggerAnalysis.analyse(images, labels, flagged, c,
                    SourceAnalysis.otherClasses(labels, c),
                    settings.pixelTests());
            Verification v = null;
            if (model != null && h.significant()) {
                int[] rows = CleanRows.ofOtherClasses(labels, flagged, c, settings.verifyLimit(), settings.seed());
                v = ImageVerifier.verify(images, rows, h, model);
            }
            out.add(new ImageResult(h, sources, v, exclusions.get(c)));
        }
        return out;
    }
}
