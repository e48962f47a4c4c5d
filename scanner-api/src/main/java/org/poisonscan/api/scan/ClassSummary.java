package org.poisonscan.api.scan;

import java.util.List;
import org.poisonscan.api.detect.ClassResult;
import org.poisonscan.api.detect.Verdict;

/**
 * The combined result for one class.
 *
 * @param label class label
 * @param name the class's name when the input names classes, else the label as text
 * @param rows rows of this class
 * @param flaggedRows rows finally flagged
 * @param verdict combined verdict (see {@link CombinationRule})
 * @param detectors each detector's result for this class, in detector order
 */
public record ClassSummary(int label, String name, long rows, long flaggedRows, Verdict verdict,
        List<ClassResult> detectors) {
    public ClassSummary {
        detectors = List.copyOf(detectors);
    }
}
