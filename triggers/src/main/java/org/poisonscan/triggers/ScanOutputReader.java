package org.poisonscan.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.poisonscan.api.data.InvalidInputException;

/**
 * Reads a scan's output directory into a {@link ScanOutput}: {@code scores.csv} (header
 * {@code row,label,flagged,...}; every row index from 0 to n-1 exactly once, in any order) and {@code report.json}
 * (its {@code classes} array: {@code label}, {@code name}, {@code verdict}). Every problem is an
 * {@link InvalidInputException} naming the file, line and field.
 */
public final class ScanOutputReader {
    /** The scores file a scan writes. */
    public static final String SCORES = "scores.csv";
    /** The report a scan writes. */
    public static final String REPORT = "report.json";

    private ScanOutputReader() {
    }

    /** Reads {@code dir}. */
    public static ScanOutput read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(dir + ": no such scan output directory (run 'poisonscan scan ... --out "
                    + dir + "' first)");
        }
        Path scores = dir.resolve(SCORES);
        Path report = dir.resolve(REPORT);
        for (Path p : new Path[] {scores, report}) {
            if (!Files.isRegularFile(p)) {
                throw new InvalidInputException(p + ": missing; " + dir + " is not the output of 'poisonscan scan'");
            }
        }
        JsonNode root = readJson(report);
        Map<Integer, String> names = new HashMap<>();
        Set<Integer> poisoned = new HashSet<>();
        JsonNode classes = root.path("classes");
        if (!classes.isArray()) {
            throw new InvalidInputException(report + ": no 'classes' array; not a PoisonScan report");
        }
        for (JsonNode c : classes) {
            if (!c.path("label").canConvertToInt()) {
                throw new InvalidInputException(report + ": a class entry has no integer 'label'");
            }
            int label = c.get("label").asInt();
            names.put(label, c.path("name").asText(Integer.toString(label)));
            if ("poisoned".equals(c.path("verdict").asText())) {
                poisoned.add(label);
            }
        }
        Rows rows = readScores(scores);
        for (int r = 0; r < rows.labels.length; r++) {
            if (!names.containsKey(rows.labels[r])) {
                throw new InvalidInputException(scores + ": row " + r + " has label " + rows.labels[r] + ", which is no"
                        + " class of " + report + "; the two files come from different scans");
            }
        }
        return new ScanOutput(rows.labels, rows.flagged, names, poisoned);
    }

    /** Parses {@code report.json} into a tree. */
    static JsonNode readJson(Path report) throws IOException {
        try {
            JsonNode root = new ObjectMapper().readTree(report.toFile());
            if (root == null || !root.isObject()) {
                throw new InvalidInputException(report + ": not a JSON object");
            }
            return root;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidInputException(report + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
    }

    private record Rows(int[] labels, boolean[] flagged) {
    }

    private static Rows readScores(Path scores) throws IOException {
        java.util.List<long[]> parsed = new java.util.ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(scores, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null || !header.startsWith("row,label,flagged")) {
                throw new InvalidInputException(scores + ": line 1: expected the header 'row,label,flagged,...', got '"
                        + (header == null ? "" : abbreviate(header)) + "'");
            }
            String line;
            long lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isEmpty()) {
                    continue;
                }
                String[] f = line.split(",", 4);
                if (f.length < 3) {
                    throw new InvalidInputException(scores + ": line " + lineNo + ": expected row,label,flagged, got '"
                            + abbreviate(line) + "'");
                }
                long row = field(f[0], "row", scores, lineNo);
                long label = field(f[1], "label", scores, lineNo);
                long flag = field(f[2], "flagged", scores, lineNo);
                if (row < 0 || label < 0 || label > Integer.MAX_VALUE || (flag != 0 && flag != 1)) {
                    throw new InvalidInputException(scores + ": line " + lineNo + ": row " + row + ", label " + label
                            + ", flagged " + flag + " (need row >= 0, label >= 0, flagged 0 or 1)");
                }
                parsed.add(new long[] {row, label, flag, lineNo});
            }
        }
        int n = parsed.size();
        int[] labels = new int[n];
        boolean[] flagged = new boolean[n];
        boolean[] seen = new boolean[n];
        for (long[] r : parsed) {
            if (r[0] >= n) {
                throw new InvalidInputException(scores + ": line " + r[3] + ": row " + r[0] + " but the file has only "
                        + n + " rows (row indices must be 0.." + (n - 1) + ")");
            }
            int row = (int) r[0];
            if (seen[row]) {
                throw new InvalidInputException(scores + ": line " + r[3] + ": row " + row + " appears twice");
            }
            seen[row] = true;
            labels[row] = (int) r[1];
            flagged[row] = r[2] == 1;
        }
        return new Rows(labels, flagged);
    }

    private static long field(String text, String name, Path file, long line) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(file + ": line " + line + ": field '" + name + "' is '" + abbreviate(text)
                    + "', not an integer");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
