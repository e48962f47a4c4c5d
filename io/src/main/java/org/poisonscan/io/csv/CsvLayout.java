package org.poisonscan.io.csv;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.poisonscan.api.data.InvalidInputException;

/**
 * The roles of a CSV file's columns, resolved from its header row and the {@link CsvOptions}.
 *
 * @param header column names in file order
 * @param features column index of each feature, in feature order
 * @param label column index of the label
 * @param groundTruth column index of the ground truth, or -1
 */
record CsvLayout(List<String> header, int[] features, int label, int groundTruth) {

    static CsvLayout resolve(List<String> header, CsvOptions options, String where) {
        Map<String, Integer> index = new HashMap<>();
        // pandas' to_csv() (index=True, its default) writes the row index first under an empty name: it is no
        // activation, so it stays out of the features (a row index scanned as one swamps the others).
        int pandasIndex = !header.isEmpty() && header.get(0).isEmpty() ? 0 : -1;
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            if (i == pandasIndex) {
                continue;
            }
            if (name.isEmpty()) {
                throw new InvalidInputException(where + ": header column " + (i + 1) + " has no name (only the first"
                        + " column may be unnamed: pandas' row index, which is left out of the features); name it in"
                        + " the header");
            }
            if (index.put(name, i) != null) {
                throw new InvalidInputException(where + ": header names column '" + name + "' twice");
            }
        }
        Integer label = index.get(options.labelColumn());
        if (label == null) {
            String only = header.size() == 1 ? header.get(0) : "";
            String hint = only.contains(";") ? "; the header is one field holding ';': the file looks semicolon-"
                    + "separated, and only comma-separated values are read"
                    : only.contains("\t") ? "; the header is one field holding tabs: the file looks tab-separated,"
                    + " and only comma-separated values are read" : "";
            throw new InvalidInputException(where + ": no label column '" + options.labelColumn() + "' in the header "
                    + abbreviate(header) + hint);
        }
        int truth = -1;
        if (options.groundTruthColumn() != null) {
            Integer t = index.get(options.groundTruthColumn());
            if (t == null) {
                throw new InvalidInputException(where + ": no ground-truth column '" + options.groundTruthColumn()
                        + "' in the header " + abbreviate(header));
            }
            truth = t;
        } else if (index.containsKey(CsvOptions.DEFAULT_GROUND_TRUTH)) {
            truth = index.get(CsvOptions.DEFAULT_GROUND_TRUTH);
        }
        int id = -1;
        if (options.idColumn() != null) {
            Integer i = index.get(options.idColumn());
            if (i == null) {
                throw new InvalidInputException(where + ": no id column '" + options.idColumn() + "' in the header "
                        + abbreviate(header));
            }
            id = i;
        }
        List<Integer> features = new ArrayList<>();
        if (options.featureColumns() != null) {
            for (String name : options.featureColumns()) {
                Integer i = index.get(name);
                if (i == null) {
                    throw new InvalidInputException(where + ": no feature column '" + name + "' in the header "
                            + abbreviate(header));
                }
                features.add(i);
            }
        } else {
            for (int i = 0; i < header.size(); i++) {
                if (i == pandasIndex) {
                    continue;
                }
                if (options.featurePrefix() == null && i != label && i != truth && i != id
                        && looksLikeRowIndex(header.get(i))) {
                    // A row index scanned as an activation swamps the others (its variance grows with the rows):
                    // a probe's planted poisons went unseen by spectral signatures and SPECTRE.
                    throw new InvalidInputException(where + ": column '" + header.get(i) + "' looks like a row index"
                            + " or id, not an activation (pandas reads its unnamed index column back as"
                            + " 'Unnamed: 0' and writes 'index' after reset_index()); keep it out of the features with --id '" + header.get(i) + "', or"
                            + " choose the features with --features");
                }
                boolean selected = options.featurePrefix() == null || header.get(i).startsWith(options.featurePrefix());
                if (selected && i != label && i != truth && i != id) {
                    features.add(i);
                }
            }
        }
        if (features.contains(label) || truth >= 0 && features.contains(truth) || id >= 0 && features.contains(id)) {
            throw new InvalidInputException(where + ": the label, ground-truth or id column is also listed as a"
                    + " feature");
        }
        if (features.isEmpty()) {
            throw new InvalidInputException(where + ": no feature columns"
                    + (options.featurePrefix() == null ? "" : " start with '" + options.featurePrefix() + "'"));
        }
        return new CsvLayout(List.copyOf(header), features.stream().mapToInt(Integer::intValue).toArray(), label,
                truth);
    }

    /** Names pandas and common exports give a row index or id column. */
    static boolean looksLikeRowIndex(String name) {
        String n = name.strip().toLowerCase(java.util.Locale.ROOT);
        return n.equals("index") || n.equals("id") || n.equals("level_0") || n.startsWith("unnamed: ");
    }

    /** Number of features per row. */
    int dimension() {
        return features.length;
    }

    private static String abbreviate(List<String> header) {
        List<String> shown = header.size() <= 12 ? header : header.subList(0, 12);
        return "(" + String.join(", ", shown) + (header.size() > 12 ? ", ..." : "") + ")";
    }
}
