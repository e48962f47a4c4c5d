package org.poisonscan.io.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.poisonscan.api.detect.ClassResult;
import org.poisonscan.api.detect.Verdict;
import org.poisonscan.api.scan.ClassSummary;
import org.poisonscan.api.scan.ScanReport;

/**
 * Notes on what a scan's class verdicts cannot see, read off the report: written to {@code report.json}
 * ({@code summary.notes}) and printed under the console summary.
 *
 * <p>Every detector judges a class by how far it stands out among the classes, because real activations give clean
 * classes statistics spread over orders of magnitude (SPECTRE's criterion ranges 1.3-106 over a clean Fashion-MNIST
 * model's classes). When most classes hold a group of rows SPECTRE would flag, none stands out: either their clean
 * activations all have such tails, or most classes are poisoned (an all-to-all attack, several backdoors at once: a
 * probe with 5% poisons at 8 sigma in all ten classes had every row AUROC at 1.0 and nothing judged). The scan cannot
 * tell which, so it says so instead of passing silently.
 */
public final class VerdictNotes {
    /** Detector name whose per-class groups are read. */
    static final String SPECTRE = "spectre";
    /** Fewest rows in a group, as SPECTRE's verdict needs. */
    static final int MIN_GROUP_ROWS = 5;
    /** Largest share of its class a group may hold, as SPECTRE's verdict allows (a poison is a minority). */
    static final double MAX_GROUP_SHARE = 0.35;

    private VerdictNotes() {
    }

    /** The notes for {@code report}, empty when there is nothing to say. */
    public static List<String> of(ScanReport report) {
        List<String> notes = new ArrayList<>();
        int d = report.detectors().indexOf(SPECTRE);
        if (d < 0) {
            return notes;
        }
        int scanned = 0;
        int withGroup = 0;
        double minRate = Double.POSITIVE_INFINITY;
        double maxRate = 0;
        for (ClassSummary c : report.classes()) {
            ClassResult r = c.detectors().get(d);
            if (r.verdict() == Verdict.NOT_SCANNED) {
                continue;
            }
            scanned++;
            if (r.verdict() == Verdict.CLEAN && hasGroup(r.details())) {
                withGroup++;
                double rate = ((Number) r.details().get("estimated_poison_rate")).doubleValue();
                minRate = Math.min(minRate, rate);
                maxRate = Math.max(maxRate, rate);
            }
        }
        if (withGroup >= 3 && 2 * withGroup >= scanned) {
            notes.add(String.format(Locale.ROOT, "SPECTRE finds a group of rows in %d of the %d classes it scanned"
                    + " (estimated %.1f-%.1f%% of each) and judges none of them poisoned, since none stands out among"
                    + " the classes: either these classes' clean activations all have such tails, or most classes are"
                    + " poisoned (an all-to-all attack, several backdoors), which verdicts that compare classes cannot"
                    + " see; look at score_spectre in those classes", withGroup, scanned, 100 * minRate,
                    100 * maxRate));
        }
        return notes;
    }

    /** Whether SPECTRE's details show a group it would flag were the class to stand out. */
    private static boolean hasGroup(Map<String, Object> details) {
        Object rows = details.get("flagged_sample_rows");
        Object exhausted = details.get("filter_budget_exhausted");
        Object rate = details.get("estimated_poison_rate");
        return rows instanceof Number n && n.longValue() >= MIN_GROUP_ROWS && !Boolean.TRUE.equals(exhausted)
                && rate instanceof Number r && r.doubleValue() <= MAX_GROUP_SHARE;
    }
}
