package org.poisonscan.triggers.bench;

import java.util.List;

/**
 * Settings of the SpamAssassin text-backdoor run.
 *
 * @param emails e-mails used (a seeded sample when fewer than the corpus; 0 = all 6,046)
 * @param testShare share held out as a clean test set, in [0, 1)
 * @param token the trigger token
 * @param rate share of the ham training e-mails poisoned (token inserted, relabelled spam)
 * @param vocabulary bag-of-words size
 * @param hidden hidden units of the MLP
 * @param epochs training epochs
 * @param batch batch size
 * @param learningRate Adam's learning rate
 * @param weightDecay Adam's L2 weight decay
 * @param seed seeds the sample, split, poisoning, training and analysis
 * @param exclusionary whether to retrain without the flagged rows (exclusionary reclassification)
 * @param detectors detectors scanning the hidden activations: spectral, spectre, ac
 * @param layer the scanned sub-block of {@link TextMlp}: 0 the hidden dense layer, 1 its ReLU ({@link TextMlp#HIDDEN})
 */
public record SpamSettings(int emails, double testShare, String token, double rate, int vocabulary, int hidden,
        int epochs, int batch, float learningRate, float weightDecay, long seed, boolean exclusionary,
        List<String> detectors,
        int layer) {
    public SpamSettings {
        if (emails < 0 || !(testShare >= 0 && testShare < 1) || vocabulary < 1) {
            throw new IllegalArgumentException("bad settings: emails " + emails + ", test share " + testShare
                    + ", vocabulary " + vocabulary);
        }
        detectors = List.copyOf(detectors);
    }

    /** The detectors, configured with their defaults. */
    public List<org.poisonscan.api.detect.Detector> detectorList() {
        return detectors.stream().map(d -> switch (d) {
            case "spectral" -> (org.poisonscan.api.detect.Detector)
                    new org.poisonscan.spectral.SpectralSignatureDetector();
            case "spectre" -> new org.poisonscan.spectral.SpectreDetector();
            case "ac" -> new org.poisonscan.ac.ActivationClusteringDetector();
            default -> throw new IllegalArgumentException("unknown detector '" + d + "' (spectral, spectre, ac)");
        }).toList();
    }

    /**
     * The full benchmark: every e-mail, 20% test, "cf" in 3% of the ham training e-mails, 2,000 tokens, 64 hidden
     * units, 20 epochs, weight decay 0.01 (without it the MLP memorises the poisons instead of learning the token:
     * attack success 19-45% at 4-10 epochs), spectral signatures and SPECTRE on the hidden ReLU.
     */
    public static SpamSettings full() {
        return new SpamSettings(0, 0.2, "cf", 0.03, 2000, 64, 20, 64, 1e-3f, 0.01f, 42, true,
                List.of(org.poisonscan.pipeline.Detectors.DEFAULT.split(",")),
                TextMlp.HIDDEN);
    }
}
