package org.poisonscan.triggers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Which classes to analyse: the one the user names, or every class with at least {@code minFlagged} flagged rows,
 * classes the scan judged poisoned first, then by flagged rows (most first), then by label. A scan flags rows only in
 * classes it judges poisoned, so on a clean data set nothing is analysed.
 */
public final class Targets {
    private Targets() {
    }

    /**
     * @param scan the scan output
     * @param forced a class to analyse whatever the scan said, or null
     * @param minFlagged flagged rows a class needs
     * @throws IllegalArgumentException when the forced class has fewer than 2 flagged rows
     */
    public static List<Integer> of(ScanOutput scan, Integer forced, int minFlagged) {
        Map<Integer, Integer> perClass = scan.flaggedPerClass();
        if (forced != null) {
            if (!scan.classNames().containsKey(forced)) {
                throw new IllegalArgumentException("--target " + forced + ": the scan has no class " + forced
                        + " (its classes: " + scan.classNames().keySet() + ")");
            }
            int n = perClass.getOrDefault(forced, 0);
            if (n < 2) {
                throw new IllegalArgumentException("--target " + forced + ": the scan flagged " + n + " rows of that"
                        + " class; a hypothesis is built from a class's flagged rows and needs at least 2 (--target"
                        + " picks the class whatever its verdict, not rows)");
            }
            return List.of(forced);
        }
        List<Integer> out = new ArrayList<>();
        perClass.forEach((label, n) -> {
            if (n >= minFlagged) {
                out.add(label);
            }
        });
        out.sort(Comparator.comparing((Integer c) -> !scan.poisonedClasses().contains(c))
                .thenComparing(c -> -perClass.get(c)).thenComparing(c -> c));
        return out;
    }
}
