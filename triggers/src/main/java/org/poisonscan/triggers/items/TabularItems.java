package org.poisonscan.triggers.items;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns table columns into items so that feature values can be tested for enrichment like tokens:
 * <ul>
 *   <li>a categorical column (any value not a number, or at most {@value #MAX_CATEGORIES} distinct numbers): one
 *       item per value, {@code col=value};</li>
 *   <li>a numeric column: one item per quantile bin of the whole column, {@code col in [lo, hi)} (the last bin closed),
 *       and one item per exact value that repeats ({@code col=value}): a tabular trigger often writes one unusual
 *       constant, which a bin would dilute;</li>
 *   <li>an empty or null cell: {@code col is missing}.</li>
 * </ul>
 */
public final class TabularItems {
    /** Numeric columns with at most this many distinct values are treated as categorical. */
    public static final int MAX_CATEGORIES = 20;

    private TabularItems() {
    }

    /**
     * @param table the table
     * @param bins quantile bins per numeric column, at least 2
     */
    public static ItemTable of(Table table, int bins) {
        if (bins < 2) {
            throw new IllegalArgumentException("bins must be >= 2, got " + bins);
        }
        int n = table.rows();
        Map<String, Integer> ids = new HashMap<>();
        List<String> vocabulary = new ArrayList<>();
        List<List<Integer>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new ArrayList<>());
        }
        for (int k = 0; k < table.names().size(); k++) {
            String name = table.names().get(k);
            String[] cells = table.columns().get(k);
            double[] numbers = numeric(cells);
            long distinct = numbers == null ? 0 : Arrays.stream(numbers).filter(x -> !Double.isNaN(x)).distinct()
                    .count();
            if (numbers != null && distinct > MAX_CATEGORIES) {
                double[] edges = edges(numbers, bins);
                Map<Double, Integer> repeats = new HashMap<>();
                for (double x : numbers) {
                    if (!Double.isNaN(x)) {
                        repeats.merge(x, 1, Integer::sum);
                    }
                }
                for (int i = 0; i < n; i++) {
                    double x = numbers[i];
                    if (Double.isNaN(x)) {
                        add(rows.get(i), name + " is missing", ids, vocabulary);
                        continue;
                    }
                    int b = bin(edges, x);
                    add(rows.get(i), String.format(Locale.ROOT, "%s in [%s, %s%s", name, fmt(edges[b]),
                            fmt(edges[b + 1]), b == edges.length - 2 ? "]" : ")"), ids, vocabulary);
                    if (repeats.get(x) > 1) {
                        add(rows.get(i), name + "=" + fmt(x), ids, vocabulary);
                    }
                }
            } else {
                for (int i = 0; i < n; i++) {
                    String v = cells[i];
                    add(rows.get(i), v == null || v.isEmpty() ? name + " is missing" : name + "=" + v.trim(), ids,
                            vocabulary);
                }
            }
        }
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            out[i] = rows.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        return new ItemTable(vocabulary, out);
    }

    /** The cells as numbers (NaN for missing), or null when a present cell is not a finite number. */
    private static double[] numeric(String[] cells) {
        double[] out = new double[cells.length];
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i];
            if (c == null || c.isBlank()) {
                out[i] = Double.NaN;
                continue;
            }
            try {
                out[i] = Double.parseDouble(c.trim());
            } catch (NumberFormatException e) {
                return null;
            }
            if (!Double.isFinite(out[i])) {
                return null;
            }
        }
        return out;
    }

    /** Distinct quantile edges of the present values, first = min, last = max. */
    private static double[] edges(double[] numbers, int bins) {
        double[] v = Arrays.stream(numbers).filter(x -> !Double.isNaN(x)).sorted().toArray();
        double[] e = new double[bins + 1];
        for (int b = 0; b <= bins; b++) {
            e[b] = v[(int) Math.min(v.length - 1, Math.round((double) b * (v.length - 1) / bins))];
        }
        return Arrays.stream(e).distinct().toArray();
    }

    private static int bin(double[] edges, double x) {
        int last = edges.length - 2;
        for (int b = 0; b < last; b++) {
            if (x < edges[b + 1]) {
                return b;
            }
        }
        return Math.max(0, last);
    }

    /** The shortest decimal that reads back as {@code x}, without exponent or trailing zeros ("13.37", "40"). */
    private static String fmt(double x) {
        return java.math.BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }

    private static void add(List<Integer> row, String item, Map<String, Integer> ids, List<String> vocabulary) {
        row.add(ids.computeIfAbsent(item, x -> {
            vocabulary.add(x);
            return vocabulary.size() - 1;
        }));
    }
}
