package org.poisonscan.djl;

/**
 * One benchmark row: an attack at a rate, one detector's cleaning, and the retrained model.
 *
 * @param attack trigger name
 * @param rate poison rate relative to the target class
 * @param poisons poisoned training rows
 * @param detector detector name
 * @param recall flagged poisons / poisons
 * @param falsePositiveRate flagged clean rows / clean rows
 * @param flagged rows flagged (and dropped)
 * @param accuracyBefore clean test accuracy of the model trained on the poisoned set
 * @param asrBefore attack success rate of that model
 * @param accuracyAfter clean test accuracy after dropping the flagged rows and retraining
 * @param asrAfter attack success rate after retraining
 * @param scanSeconds extraction and scan time
 * @param trainSeconds time of the poisoned training run
 */
public record BackdoorResult(String attack, double rate, int poisons, String detector, double recall,
        double falsePositiveRate, long flagged, double accuracyBefore, double asrBefore, double accuracyAfter,
        double asrAfter, double scanSeconds, double trainSeconds) {

    /** A Markdown table row. */
    public String markdownRow() {
        return String.format(java.util.Locale.ROOT,
                "| %s | %.0f%% | %d | %s | %.4f | %.4f | %d | %.2f%% | %.2f%% | %.2f%% | %.2f%% | %.1f | %.1f |",
                attack, rate * 100, poisons, detector, recall, falsePositiveRate, flagged, accuracyBefore * 100,
                asrBefore * 100, accuracyAfter * 100, asrAfter * 100, scanSeconds, trainSeconds);
    }

    /** The Markdown table header. */
    public static String markdownHeader() {
        return "| attack | rate | poisons | detector | recall | FPR | flagged | clean acc before | ASR before "
                + "| clean acc after | ASR after | scan s | train s |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|";
    }
}
