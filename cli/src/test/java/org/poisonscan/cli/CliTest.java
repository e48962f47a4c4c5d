package org.poisonscan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PoisonScanCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void generateThenScanWritesReportAndOneScoreLinePerRow() throws IOException {
        Path data = tmp.resolve("set.npz");
        Result gen = run("generate", "--out", data.toString(), "--n", "6000", "--d", "64", "--seed", "3");
        assertEquals(0, gen.code(), gen.err());
        Path dir = tmp.resolve("scan");
        Result scan = run("scan", data.toString(), "--out", dir.toString(), "--ground-truth", "poison", "--backend",
                "java");
        assertEquals(0, scan.code(), scan.err());
        assertTrue(scan.out().contains("Poisoned classes: [0]"), scan.out());
        assertTrue(scan.out().contains("recall="), scan.out());
        // Progress goes to standard error, one line per step, in order; the summary on standard output is unchanged.
        List<String> progress = scan.err().lines().filter(l -> l.startsWith("poisonscan: ")).toList();
        assertEquals(8, progress.size(), scan.err());
        assertEquals("poisonscan: fitting spectral (1 of 3) on 6,000 rows x 64 dims", progress.get(0));
        assertTrue(progress.get(1).matches("poisonscan: fitted spectral in \\d+\\.\\d s"), progress.get(1));
        assertEquals("poisonscan: fitting ac (3 of 3) on 6,000 rows x 64 dims", progress.get(4));
        assertEquals("poisonscan: scoring 6,000 rows x 64 dims", progress.get(6));
        assertFalse(scan.out().contains("poisonscan: "), scan.out());

        List<String> lines = Files.readAllLines(dir.resolve("scores.csv"));
        assertEquals("row,label,flagged,score_spectral,score_spectre,score_ac", lines.get(0));
        assertEquals(6001, lines.size());
        for (int i = 1; i < lines.size(); i++) {
            assertTrue(lines.get(i).startsWith((i - 1) + ","), lines.get(i));
        }
        JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertEquals(6000, report.get("rows").asInt());
        assertEquals("[0]", report.get("summary").get("poisoned_classes").toString());
        JsonNode class0 = report.get("classes").get(0);
        assertEquals("poisoned", class0.get("verdict").asText());
        assertTrue(class0.get("detectors").get("spectral").get("value").asDouble() > 3);
        assertTrue(report.get("evaluation").get("overall").get("recall").asDouble() >= 0.95);
        assertEquals("java", report.get("run").get("backend").asText());
    }

    /**
     * Floored rows (`generate --relu`, as a ReLU layer's output): the default set judges the poisoned class and no
     * clean one, and SPECTRE reports the class's floored share and the share of other classes where it finds a group.
     */
    @Test
    void flooredRowsAreGeneratedAndScanned() throws IOException {
        Path poisoned = tmp.resolve("relu.npz");
        Path clean = tmp.resolve("relu-clean.npz");
        Result gen = run("generate", "--out", poisoned.toString(), "--n", "6000", "--d", "64", "--seed", "3",
                "--poison-rate", "0.1", "--relu");
        assertEquals(0, gen.code(), gen.err());
        assertTrue(gen.out().contains("floored at 0 (ReLU)"), gen.out());
        assertEquals(0, run("generate", "--out", clean.toString(), "--n", "6000", "--d", "64", "--seed", "3",
                "--poison-rate", "0", "--relu").code());
        Path dir = tmp.resolve("relu-scan");
        Result scan = run("scan", poisoned.toString(), "--out", dir.toString(), "--ground-truth", "poison",
                "--backend", "java", "--quiet");
        assertEquals(0, scan.code(), scan.err());
        assertTrue(scan.out().contains("Poisoned classes: [0]"), scan.out());
        JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertTrue(report.get("evaluation").get("overall").get("recall").asDouble() >= 0.9, report.toString());
        JsonNode spectre = report.get("classes").get(0).get("detectors").get("spectre").get("details");
        assertTrue(spectre.get("floored_share").asDouble() > 0.3, spectre.toString());
        assertTrue(spectre.has("other_classes_with_a_group"), spectre.toString());
        Result cleanScan = run("scan", clean.toString(), "--out", tmp.resolve("relu-clean-scan").toString(),
                "--backend", "java", "--quiet");
        assertEquals(0, cleanScan.code(), cleanScan.err());
        assertTrue(cleanScan.out().contains("Poisoned classes: none"), cleanScan.out());
    }

    @Test
    void gateOptionsExitWithCodeThreeAfterWritingEveryOutput() throws IOException {
        Path poisoned = tmp.resolve("poisoned.npz");
        Path clean = tmp.resolve("clean.npz");
        assertEquals(0, run("generate", "--out", poisoned.toString(), "--n", "6000", "--d", "64", "--seed", "3").code());
        assertEquals(0, run("generate", "--out", clean.toString(), "--n", "6000", "--d", "64", "--poison-rate", "0")
                .code());

        Path dir = tmp.resolve("gated");
        Result failed = run("scan", poisoned.toString(), "--out", dir.toString(), "--fail-if-poisoned", "--quiet");
        assertEquals(PoisonScanCommand.GATE_FAILED, failed.code(), failed.err());
        assertTrue(failed.err().contains("poisonscan: gate failed: classes judged poisoned: [0]"), failed.err());
        assertTrue(failed.out().contains("Poisoned classes: [0]"), "the summary is printed: " + failed.out());
        assertEquals(6001, Files.readAllLines(dir.resolve("scores.csv")).size(), "outputs written");
        assertTrue(Files.exists(dir.resolve("report.json")));

        Result share = run("scan", poisoned.toString(), "--out", tmp.resolve("s").toString(), "--max-flagged",
                "0.001", "--quiet");
        assertEquals(PoisonScanCommand.GATE_FAILED, share.code(), share.err());
        assertTrue(share.err().matches("(?s).*gate failed: \\d+ of 6,000 rows flagged \\(0\\.\\d{4}\\), more than"
                + " --max-flagged 0.001.*"), share.err());
        Result roomy = run("scan", poisoned.toString(), "--out", tmp.resolve("r").toString(), "--max-flagged", "0.5",
                "--quiet");
        assertEquals(PoisonScanCommand.OK, roomy.code(), roomy.err());

        Result passed = run("scan", clean.toString(), "--out", tmp.resolve("c").toString(), "--fail-if-poisoned",
                "--max-flagged", "0", "--quiet");
        assertEquals(PoisonScanCommand.OK, passed.code(), passed.err());
        assertFalse(passed.err().contains("gate failed"), passed.err());

        // A scan that could judge no class (every class too small here) fails a gate instead of passing it.
        Path tiny = tmp.resolve("tiny.npz");
        assertEquals(0, run("generate", "--out", tiny.toString(), "--n", "120", "--d", "8").code());
        Result nothing = run("scan", tiny.toString(), "--out", tmp.resolve("t").toString(), "--fail-if-poisoned",
                "--quiet");
        assertEquals(PoisonScanCommand.GATE_FAILED, nothing.code(), nothing.err());
        assertTrue(nothing.err().contains("gate failed: no class could be scanned"), nothing.err());
        assertEquals(PoisonScanCommand.OK, run("scan", tiny.toString(), "--out", tmp.resolve("t2").toString(),
                "--quiet").code());

        for (String command : new String[] {"scan", "split"}) {
            Result help = run(command, "--help");
            assertEquals(0, help.code(), help.err());
            assertTrue(help.out().contains("Exit codes:") && help.out().contains("2   bad usage or bad input"),
                    help.out());
        }
        assertTrue(run("scan", "--help").out().contains("3   a gate option failed"));

        Result none = run();
        assertEquals(PoisonScanCommand.BAD_INPUT, none.code(), none.err());
        assertTrue(none.err().startsWith("poisonscan: no command given") && none.err().contains("Commands:"),
                none.err());

        Result bad = run("scan", clean.toString(), "--out", tmp.resolve("b").toString(), "--max-flagged", "1.5");
        assertEquals(PoisonScanCommand.BAD_INPUT, bad.code(), bad.err());
        assertTrue(bad.err().contains("--max-flagged must be in [0, 1], got 1.5"), bad.err());
    }

    @Test
    void theSeedReachesEveryDetectorAndTheSameSeedGivesTheSameScores() throws IOException {
        Path data = tmp.resolve("seeded.npz");
        assertEquals(0, run("generate", "--out", data.toString(), "--n", "6000", "--d", "32", "--seed", "5").code());
        Path first = tmp.resolve("s7a");
        Path second = tmp.resolve("s7b");
        Path other = tmp.resolve("s1");
        for (Path dir : List.of(first, second)) {
            Result r = run("scan", data.toString(), "--out", dir.toString(), "--seed", "7", "--quiet", "--backend",
                    "java");
            assertEquals(0, r.code(), r.err());
        }
        assertEquals(0, run("scan", data.toString(), "--out", other.toString(), "--quiet", "--backend", "java")
                .code());
        JsonNode seeded = new ObjectMapper().readTree(first.resolve("report.json").toFile()).get("run")
                .get("parameters");
        JsonNode unseeded = new ObjectMapper().readTree(other.resolve("report.json").toFile()).get("run")
                .get("parameters");
        for (String detector : List.of("spectral", "spectre", "ac")) {
            assertEquals(7, seeded.get(detector).get("seed").asLong(), detector);
            assertEquals(1, unseeded.get(detector).get("seed").asLong(), detector + " default");
        }
        assertEquals(Files.readAllLines(first.resolve("scores.csv")), Files.readAllLines(second.resolve("scores.csv")));
        assertFalse(Files.readAllLines(first.resolve("scores.csv")).equals(
                Files.readAllLines(other.resolve("scores.csv"))), "another seed draws other samples and starts");
    }

    @Test
    void cleanSetHasNoPoisonedClass() throws IOException {
        Path data = tmp.resolve("clean.npz");
        assertEquals(0, run("generate", "--out", data.toString(), "--n", "6000", "--d", "64", "--poison-rate", "0")
                .code());
        Result scan = run("scan", data.toString(), "--out", tmp.resolve("o").toString(), "--quiet");
        assertEquals(0, scan.code(), scan.err());
        assertTrue(scan.out().contains("Poisoned classes: none"), scan.out());
        assertFalse(scan.err().contains("poisonscan: "), "--quiet prints no progress: " + scan.err());
    }

    @Test
    void singleRowClassIsNotScannedButKeepsItsScoreLine() throws IOException {
        int n = 200;
        int d = 4;
        float[] x = new float[n * d];
        int[] y = new int[n];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
        }
        y[n - 1] = 7;
        Path data = tmp.resolve("odd.npz");
        Map<String, byte[]> arrays = new LinkedHashMap<>();
        arrays.put("X", NpyBytes.npy("<f4", "(" + n + ", " + d + ")", NpyBytes.floats(x)));
        arrays.put("y", NpyBytes.npy("<i4", "(" + n + ",)", NpyBytes.ints(y)));
        NpyBytes.npz(data, arrays);
        Path dir = tmp.resolve("o");
        Result scan = run("scan", data.toString(), "--out", dir.toString());
        assertEquals(0, scan.code(), scan.err());
        assertTrue(scan.out().contains("not scanned"), scan.out());
        List<String> lines = Files.readAllLines(dir.resolve("scores.csv"));
        assertEquals(n + 1, lines.size());
        assertEquals((n - 1) + ",7,0,,,", lines.get(n));
        JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        JsonNode seven = report.get("classes").get(2);
        assertEquals(7, seven.get("label").asInt());
        assertEquals("not_scanned", seven.get("verdict").asText());
        assertTrue(seven.get("detectors").get("spectral").get("reason").asText().contains("only 1 row"));
    }

    @Test
    void csvClassNamesAreNumberedInSortedOrderAndNamedInTheReport() throws IOException {
        // 3 named classes of 600 rows x 8 dims; 60 rows of "bag" shifted by 16 along one direction.
        java.util.Random r = new java.util.Random(4);
        String[] names = {"sneaker_low_top", "bag", "T-shirt"};
        StringBuilder csv = new StringBuilder("label,f0,f1,f2,f3,f4,f5,f6,f7,poison\n");
        for (int i = 0; i < 1800; i++) {
            String name = names[i % 3];
            boolean poison = name.equals("bag") && i < 180;
            csv.append(name);
            for (int j = 0; j < 8; j++) {
                csv.append(',').append(r.nextGaussian() + (poison && j < 4 ? 8 : 0));
            }
            csv.append(poison ? ",1\n" : ",0\n");
        }
        Path data = Files.writeString(tmp.resolve("named.csv"), csv);
        Path dir = tmp.resolve("o");
        Result scan = run("scan", data.toString(), "--out", dir.toString());
        assertEquals(0, scan.code(), scan.err());
        assertTrue(scan.out().contains("Poisoned classes: [1] (bag)"), scan.out());
        // A name longer than the class column widens it: every class's row count ends under the header's "rows".
        List<String> summary = scan.out().lines().toList();
        String header = summary.stream().filter(l -> l.startsWith("class ")).findFirst().orElseThrow();
        int rowsEnd = header.indexOf("rows") + "rows".length();
        for (String name : names) {
            String line = summary.stream().filter(l -> l.startsWith(name + " ")).findFirst().orElseThrow();
            assertTrue(line.substring(0, rowsEnd).endsWith(" 600"), header + "\n" + line);
        }
        JsonNode classes = new ObjectMapper().readTree(dir.resolve("report.json").toFile()).get("classes");
        assertEquals("T-shirt", classes.get(0).get("name").asText());
        // A comma-separated --features is a column list; a single name stays a prefix.
        Result listed = run("scan", data.toString(), "--features", "f0, f1,f2,f3", "--out", tmp.resolve("o4").toString());
        assertEquals(0, listed.code(), listed.err());
        assertEquals(4, new ObjectMapper().readTree(tmp.resolve("o4").resolve("report.json").toFile()).get("dimension")
                .asInt());
        assertBadInput(data, "no feature column 'nope'", "--features", "f0,nope");
        assertEquals("bag", classes.get(1).get("name").asText());
        assertEquals("poisoned", classes.get(1).get("verdict").asText());
        assertEquals("clean", classes.get(2).get("verdict").asText());
        List<String> lines = Files.readAllLines(dir.resolve("scores.csv"));
        assertTrue(lines.get(1).startsWith("0,2,") && lines.get(2).startsWith("1,1,1,"), lines.get(2));
    }

    @Test
    void anOutputPathThatIsAFileIsABadInputNamedInOneLine() throws IOException {
        Path data = tmp.resolve("set.npz");
        assertEquals(0, run("generate", "--out", data.toString(), "--n", "600", "--d", "8").code());
        Path file = Files.writeString(tmp.resolve("taken"), "not a directory");
        Result r = run("scan", data.toString(), "--out", file.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("poisonscan: error: " + file + ": already exists and is not a directory"),
                r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertEquals("not a directory", Files.readString(file), "the file in the way is left as it was");
        Result under = run("scan", data.toString(), "--out", file.resolve("sub").toString());
        assertEquals(2, under.code(), under.err());
        assertTrue(under.err().startsWith("poisonscan: error: "), under.err());
    }

    private void assertBadInput(Path file, String expected, String... extra) {
        Path dir = tmp.resolve("out-" + file.getFileName());
        String[] args = new String[3 + extra.length];
        args[0] = "scan";
        args[1] = file.toString();
        args[2] = "--out=" + dir;
        System.arraycopy(extra, 0, args, 3, extra.length);
        Result r = run(args);
        assertEquals(2, r.code(), "exit code; stderr: " + r.err());
        assertTrue(r.err().contains(file.getFileName().toString()), "message names the file: " + r.err());
        assertTrue(r.err().toLowerCase().contains(expected.toLowerCase()), "expected '" + expected + "' in: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertFalse(Files.exists(dir.resolve("scores.csv")), "no scores written");
        assertFalse(Files.exists(dir.resolve("report.json")), "no report written");
    }

    private Path npz(String name, byte[] x, byte[] y) throws IOException {
        Path p = tmp.resolve(name);
        Map<String, byte[]> arrays = new LinkedHashMap<>();
        arrays.put("X", x);
        arrays.put("y", y);
        NpyBytes.npz(p, arrays);
        return p;
    }

    @Test
    void nanAndInfAreRefused() throws IOException {
        float[] x = new float[40];
        Arrays.fill(x, 1f);
        x[13] = Float.NaN;
        assertBadInput(npz("nan.npz", NpyBytes.npy("<f4", "(10, 4)", NpyBytes.floats(x)),
                NpyBytes.npy("<i4", "(10,)", NpyBytes.ints(new int[10]))), "row 3");
        x[13] = Float.POSITIVE_INFINITY;
        assertBadInput(npz("inf.npz", NpyBytes.npy("<f4", "(10, 4)", NpyBytes.floats(x)),
                NpyBytes.npy("<i4", "(10,)", NpyBytes.ints(new int[10]))), "row 3");
    }

    /** A gate judges only the scanned classes: it says so, report.json counts the rest, and one gate fails on them. */
    @Test
    void classesThatCouldNotBeScannedAreNamedByTheGateAndCanFailIt() throws IOException {
        int n = 905;
        int d = 8;
        float[] x = new float[n * d];
        int[] y = new int[n];
        java.util.Random r = new java.util.Random(4);
        for (int i = 0; i < n; i++) {
            y[i] = i < 900 ? i % 3 : 3; // class 3: 5 rows, too few to judge
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (float) (r.nextGaussian() + (y[i] == 3 ? 50 : 0));
            }
        }
        Path data = npz("small-class.npz", NpyBytes.npy("<f4", "(" + n + ", " + d + ")", NpyBytes.floats(x)),
                NpyBytes.npy("<i4", "(" + n + ",)", NpyBytes.ints(y)));
        Path dir = tmp.resolve("small-class");
        Result passed = run("scan", data.toString(), "--out", dir.toString(), "--fail-if-poisoned", "--quiet");
        assertEquals(0, passed.code(), passed.err());
        assertTrue(passed.err().contains("poisonscan: warning: 1 of 4 classes (5 of 905 rows) could not be scanned, so"
                + " the gate says nothing about them: [3]"), passed.err());
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("report.json").toFile()).get("summary");
        assertEquals("[3]", summary.get("not_scanned_classes").toString());
        assertEquals(5, summary.get("not_scanned_rows").asLong());
        assertFalse(passed.out().contains("fewer rows than"), "a class too small to scan is no weak detection: "
                + passed.out());
        Result failed = run("scan", data.toString(), "--out", dir.toString(), "--fail-if-unscanned", "--quiet");
        assertEquals(3, failed.code(), failed.err());
        assertTrue(failed.err().contains("poisonscan: gate failed: 1 of 4 classes (5 of 905 rows) could not be"
                + " scanned: [3]"), failed.err());
        assertTrue(Files.exists(dir.resolve("scores.csv")), "every output written");
        Result plain = run("scan", data.toString(), "--out", dir.toString(), "--quiet");
        assertFalse(plain.err().contains("could not be scanned"), "no gate, no gate warning: " + plain.err());
    }

    /**
     * A scan into a folder that holds an earlier scan's outputs removes them first, so a scan that then fails on its
     * input leaves no report of another input behind (a probe's CI job archived the folder after a failed step).
     */
    @Test
    void aFailedScanLeavesNoEarlierScansOutputsBehind() throws IOException {
        Path good = tmp.resolve("good.npz");
        assertEquals(0, run("generate", "--out", good.toString(), "--n", "600", "--d", "8").code());
        Path dir = tmp.resolve("reused");
        assertEquals(0, run("scan", good.toString(), "--out", dir.toString()).code());
        assertTrue(Files.exists(dir.resolve("report.json")) && Files.exists(dir.resolve("scores.csv")));
        Result again = run("scan", good.toString(), "--out", dir.toString());
        assertTrue(again.err().contains("poisonscan: removed an earlier scan's report.json, scores.csv from " + dir),
                again.err());
        float[] x = new float[4000];
        Arrays.fill(x, 1f);
        x[3999] = Float.NaN; // found while reading, after the outputs' folder is prepared
        Path bad = npz("late-nan.npz", NpyBytes.npy("<f4", "(1000, 4)", NpyBytes.floats(x)),
                NpyBytes.npy("<i4", "(1000,)", NpyBytes.ints(new int[1000])));
        Result failed = run("scan", bad.toString(), "--out", dir.toString());
        assertEquals(2, failed.code(), failed.err());
        assertTrue(failed.err().contains("row 999"), failed.err());
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void theOutputFolderMayNotHoldOrReplaceTheInput() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("mixed"));
        Path csv = dir.resolve("scores.csv");
        Files.writeString(csv, "f0,f1,label\n1,2,0\n3,4,1\n");
        Result over = run("scan", csv.toString(), "--out", dir.toString());
        assertEquals(2, over.code(), over.err());
        assertTrue(over.err().contains("--out " + dir + " would overwrite the input " + csv), over.err());
        assertEquals("f0,f1,label\n1,2,0\n3,4,1\n", Files.readString(csv), "the input is untouched");
        Path parts = Files.createDirectories(tmp.resolve("parts"));
        assertEquals(0, run("generate", "--out", parts.resolve("part-0.parquet").toString(), "--n", "300", "--d", "4")
                .code());
        for (Path inside : List.of(parts, parts.resolve("scan"))) {
            Result into = run("scan", parts.toString(), "--out", inside.toString());
            assertEquals(2, into.code(), into.err());
            assertTrue(into.err().contains("the input directory " + parts + ": the scan's outputs would become part of"
                    + " its data set"), into.err());
        }
        try (var left = Files.list(parts)) {
            assertEquals(List.of("part-0.parquet"), left.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void valuesTooLargeForSinglePrecisionSumsAreRefusedWhereTheyAreRead() throws IOException {
        float[] x = new float[40];
        Arrays.fill(x, 1f);
        x[13] = 1e19f;
        assertBadInput(npz("huge-value.npz", NpyBytes.npy("<f4", "(10, 4)", NpyBytes.floats(x)),
                NpyBytes.npy("<i4", "(10,)", NpyBytes.ints(new int[10]))), "row 3, column 1 is 9.999999980506448E18,"
                + " beyond +-1e15");
        Path csv = tmp.resolve("huge-value.csv");
        Files.writeString(csv, "f0,f1,label\n1,2,0\n3,-4e20,1\n");
        assertBadInput(csv, "beyond +-1e15", "--labels", "label");
    }

    @Test
    void labelsOfWrongLengthAreRefused() throws IOException {
        assertBadInput(npz("len.npz", NpyBytes.npy("<f4", "(10, 4)", NpyBytes.floats(new float[40])),
                NpyBytes.npy("<i4", "(9,)", NpyBytes.ints(new int[9]))), "9");
    }

    @Test
    void oneAndThreeDimensionalFeaturesAreRefused() throws IOException {
        assertBadInput(npz("oned.npz", NpyBytes.npy("<f4", "(40,)", NpyBytes.floats(new float[40])),
                NpyBytes.npy("<i4", "(40,)", NpyBytes.ints(new int[40]))), "2-D");
        assertBadInput(npz("threed.npz", NpyBytes.npy("<f4", "(10, 2, 2)", NpyBytes.floats(new float[40])),
                NpyBytes.npy("<i4", "(10,)", NpyBytes.ints(new int[10]))), "2-D");
    }

    @Test
    void emptyFileIsRefused() throws IOException {
        Path p = tmp.resolve("empty.npz");
        Files.write(p, new byte[0]);
        assertBadInput(p, "empty");
    }

    @Test
    void pickledNpyIsRefusedWithoutUnpickling() throws IOException {
        Path p = tmp.resolve("pickle.npy");
        Files.write(p, new byte[] {(byte) 0x80, 0x02, 'c', 'o', 's', '\n', 's', 'y', 's', 't', 'e', 'm', '\n'});
        Files.write(tmp.resolve("pickle_labels.npy"), NpyBytes.npy("<i4", "(1,)", NpyBytes.ints(0)));
        assertBadInput(p, "pickle");
        Path obj = tmp.resolve("object.npy");
        Files.write(obj, NpyBytes.npy("|O", "(2, 2)", new byte[32]));
        Files.write(tmp.resolve("object_labels.npy"), NpyBytes.npy("<i4", "(2,)", NpyBytes.ints(0, 1)));
        assertBadInput(obj, "object");
    }

    @Test
    void truncatedNpzIsRefused() throws IOException {
        Path whole = npz("whole.npz", NpyBytes.npy("<f4", "(100, 4)", NpyBytes.floats(new float[400])),
                NpyBytes.npy("<i4", "(100,)", NpyBytes.ints(new int[100])));
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = tmp.resolve("cut.npz");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        assertBadInput(cut, "cut.npz");
    }

    @Test
    void headerDeclaringFarMoreThanTheFileIsRefused() throws IOException {
        Path p = tmp.resolve("huge.npy");
        Files.write(p, NpyBytes.npy("<f4", "(1000000000, 512)", NpyBytes.floats(new float[16])));
        Files.write(tmp.resolve("huge_labels.npy"), NpyBytes.npy("<i4", "(1000000000,)", NpyBytes.ints(1, 2)));
        assertBadInput(p, "huge.npy");
    }

    @Test
    void anInputWithoutRowsIsRefusedInEveryFormatSoThatNoGatePassesOnIt() throws IOException {
        Path csv = tmp.resolve("header-only.csv");
        Files.writeString(csv, "f0,f1,label\n");
        assertBadInput(csv, "has no rows", "--labels", "label", "--fail-if-poisoned");
        assertBadInput(npz("norows.npz", NpyBytes.npy("<f4", "(0, 4)", new byte[0]),
                NpyBytes.npy("<i4", "(0,)", new byte[0])), "has no rows", "--max-flagged", "0.1");
        // No rows but a dimension of 2^31 - 9 in the header: refused before any buffer is sized from it.
        Path wide = tmp.resolve("wide0.npy");
        Files.write(wide, NpyBytes.npy("<f4", "(0, 2147483639)", new byte[0]));
        Files.write(tmp.resolve("wide0_labels.npy"), NpyBytes.npy("<i4", "(0,)", new byte[0]));
        assertBadInput(wide, "has no rows");
    }

    @Test
    void aDimensionWhoseCovarianceCannotBeHeldIsRefusedWithItsSize() throws IOException {
        assertBadInput(npz("fifty-thousand.npz", NpyBytes.npy("<f4", "(1, 50000)", NpyBytes.floats(new float[50_000])),
                NpyBytes.npy("<i4", "(1,)", NpyBytes.ints(0))), "50,000 dimensions are too many");
    }

    @Test
    void activationsTooSmallForSinglePrecisionSquaresAreScannedOnEveryBackend() throws IOException {
        java.util.Random random = new java.util.Random(3);
        float[] x = new float[300 * 8];
        int[] y = new int[300];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (1e-30 * random.nextGaussian());
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 3;
        }
        Path tiny = npz("tiny.npz", NpyBytes.npy("<f4", "(300, 8)", NpyBytes.floats(x)),
                NpyBytes.npy("<i4", "(300,)", NpyBytes.ints(y)));
        // Their single-precision squares underflow; the native backend hands such blocks to double-precision kernels
        // (it used to skip every class as constant), so both backends scan them and flag the same rows.
        Result java = run("scan", tiny.toString(), "--out", tmp.resolve("tiny-java").toString(), "--backend", "java");
        assertEquals(0, java.code(), java.err());
        assertFalse(java.out().contains("not scanned"), java.out());
        Result nd4j = run("scan", tiny.toString(), "--out", tmp.resolve("tiny-nd4j").toString(), "--backend", "nd4j");
        assertEquals(0, nd4j.code(), nd4j.err());
        assertFalse(nd4j.out().contains("not scanned"), nd4j.out());
        List<String> javaFlags = Files.readAllLines(tmp.resolve("tiny-java").resolve("scores.csv")).stream()
                .map(l -> l.split(",")[2]).toList();
        List<String> nd4jFlags = Files.readAllLines(tmp.resolve("tiny-nd4j").resolve("scores.csv")).stream()
                .map(l -> l.split(",")[2]).toList();
        assertEquals(javaFlags, nd4jFlags);
    }

    @Test
    void generateRefusesADimensionNoScanCouldTake() {
        Result r = run("generate", "--out", tmp.resolve("wide.npz").toString(), "--n", "10", "--d", "30000000");
        assertEquals(2, r.code(), r.err());
        assertEquals("poisonscan: error: --d must be in [1, 46340], got 30000000", r.err().strip());
        assertFalse(Files.exists(tmp.resolve("wide.npz")));
        Result twice = run("generate", "--out", tmp.resolve("twice.npz").toString(), "--n", "100", "--d", "4",
                "--target-class", "0,0");
        assertEquals(2, twice.code(), twice.err());
        assertTrue(twice.err().contains("target classes must be distinct, got [0, 0]"), twice.err());
        // 10^10 rows x 512 dims: 20 TB of features, refused before writing anything.
        Result huge = run("generate", "--out", tmp.resolve("huge.npz").toString(), "--n", "10000000000");
        assertEquals(2, huge.code(), huge.err());
        assertTrue(huge.err().contains("GB of features, more than the"), huge.err());
        assertFalse(Files.exists(tmp.resolve("huge.npz")));
    }

    @Test
    void runningOutOfMemoryIsOneLineWithTheLimitAndHowToRaiseIt() {
        String line = ErrorReporter.outOfMemory(new OutOfMemoryError("Java heap space"), 3L << 30);
        assertEquals("poisonscan: error: out of memory (Java heap space): the input needs more than this JVM may use"
                + " (3.0 GiB); give it more with POISONSCAN_JAVA_OPTS=-Xmx<size>, or use a smaller input (fewer rows or"
                + " dimensions to scan, smaller rows or row groups to split)",
                line);
        assertTrue(ErrorReporter.outOfMemory(new OutOfMemoryError(), 48L << 20).contains("(48 MiB)"));
    }

    @Test
    void emptyOptionValuesAreRefusedNotTakenAsTheCurrentDirectoryOrADefault() throws IOException {
        Path data = tmp.resolve("empty-opts.npz");
        assertEquals(0, run("generate", "--out", data.toString(), "--n", "600", "--d", "8").code());
        for (String[] args : List.of(new String[] {"--out", ""}, new String[] {"--out", "x", "--labels", " "},
                new String[] {"--out", "x", "--features", ""})) {
            List<String> all = new java.util.ArrayList<>(List.of("scan", data.toString()));
            all.addAll(List.of(args));
            Result r = run(all.toArray(String[]::new));
            assertEquals(PoisonScanCommand.BAD_INPUT, r.code(), r.err());
            boolean required = args[1].isEmpty() && args[0].equals("--out");
            assertTrue(r.err().contains(required ? "--out is empty; give it a value\n"
                    : "is empty; give it a value or leave the option out"), r.err());
        }
        assertFalse(Files.exists(Path.of("report.json")), "nothing written to the working directory");
    }

    @Test
    void npyLabelsTakenFromTheFoldersSharedFileAreNamed() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("shared-labels"));
        Path gen = folder.resolve("acts.npy");
        assertEquals(0, run("generate", "--out", gen.toString(), "--n", "600", "--d", "8").code());
        Path result = run("scan", gen.toString(), "--out", folder.resolve("o1").toString()).err().contains(
                "poisonscan: labels from " + folder.resolve("acts_labels.npy")) ? folder : null;
        assertEquals(folder, result, "the stem's labels file is named");
        Files.move(folder.resolve("acts_labels.npy"), folder.resolve("labels.npy"));
        Result shared = run("scan", gen.toString(), "--out", folder.resolve("o2").toString(), "--quiet");
        assertEquals(0, shared.code(), shared.err());
        assertTrue(shared.err().contains("poisonscan: warning: labels from " + folder.resolve("labels.npy")
                + ", the folder's shared labels file (there is no acts_labels.npy)"), shared.err());
    }

    @Test
    void csvRowWithMissingValueIsRefused() throws IOException {
        Path p = tmp.resolve("missing.csv");
        Files.writeString(p, "label,f0,f1\n0,1.0,2.0\n1,,3.0\n");
        assertBadInput(p, "line 3");
    }

    @Test
    void unknownDetectorAndBadRateAreUsageErrors() throws IOException {
        Path data = tmp.resolve("s.npz");
        assertEquals(0, run("generate", "--out", data.toString(), "--n", "500", "--d", "8").code());
        Result r = run("scan", data.toString(), "--out", tmp.resolve("o").toString(), "--detector", "nope");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown detector 'nope'"), r.err());
        r = run("scan", data.toString(), "--out", tmp.resolve("o").toString(), "--expected-poison-rate", "1.5");
        assertEquals(2, r.code());
        // 1.5 x 0.7 >= 1: spectral signatures would flag every row of every class.
        r = run("scan", data.toString(), "--out", tmp.resolve("o").toString(), "--expected-poison-rate", "0.7");
        assertEquals(2, r.code(), r.err());
        assertEquals("poisonscan: error: --expected-poison-rate 0.7: spectral signatures flag the top 1.5 x R of each"
                + " class, which would be every row; give R of at most 0.666\n", r.err().replace("\r", ""));
        assertFalse(Files.exists(tmp.resolve("o")), "refused before anything is written");
        r = run("scan", tmp.resolve("absent.npz").toString(), "--out", tmp.resolve("o").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("absent.npz"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void aFullDiskIsAnErrorNamingTheOutputNotAnInternalError() throws IOException {
        // /dev/full fails every write with ENOSPC, as a full disk does: each output's temporary file is linked there
        // in turn, so the real writers hit the error on the real write path, without root or a small mount.
        Path devFull = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(devFull), "needs /dev/full (Linux)");
        Path data = tmp.resolve("s.npz");
        assertEquals(0, run("generate", "--out", data.toString(), "--n", "500", "--d", "8").code());
        for (String output : List.of("scores.csv", "report.json")) {
            Path dir = tmp.resolve("full-" + output);
            Files.createDirectories(dir);
            Files.createSymbolicLink(dir.resolve(output + ".partial"), devFull);
            Result r = run("scan", data.toString(), "--out", dir.toString(), "--detector", "spectral", "--backend",
                    "java", "--quiet");
            assertEquals(2, r.code(), r.err());
            assertEquals("poisonscan: error: " + dir.resolve(output) + ": cannot write: No space left on device\n",
                    r.err().replace("\r", ""));
            try (var left = Files.list(dir)) {
                assertEquals(List.of(), left.toList(), "partial and complete outputs are removed");
            }
        }
    }

    @Test
    void badOptionValuesAndUnknownOptionsGetTheReasonAndWhereToLookNotTheWholeUsage() {
        Result r = run("scan", "x.npz", "--out", tmp.resolve("o").toString(), "--seed", "abc");
        assertEquals(2, r.code());
        assertEquals("poisonscan scan: Invalid value for option '--seed': 'abc' is not a long\n"
                + "Options: poisonscan scan --help\n", r.err().replace("\r", ""));
        r = run("scan", "x.npz", "--out", tmp.resolve("o").toString(), "--detectr", "ac");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("poisonscan scan: Unknown options: '--detectr', 'ac'"), r.err());
        assertTrue(r.err().contains("--detector"), "suggests the near option: " + r.err());
        assertFalse(r.err().contains("Usage:"), r.err());
        r = run("split", "--report", "d");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("poisonscan split: Missing required options"), r.err());
    }

    @Test
    void expectedRateFlagsTopFractionOfEachClass() throws IOException {
        Path data = tmp.resolve("s.npz");
        assertEquals(0, run("generate", "--out", data.toString(), "--n", "4000", "--d", "32").code());
        Path dir = tmp.resolve("o");
        Result r = run("scan", data.toString(), "--out", dir.toString(), "--expected-poison-rate", "0.1",
                "--detector", "spectral");
        assertEquals(0, r.code(), r.err());
        long flagged = Files.readAllLines(dir.resolve("scores.csv")).stream().skip(1)
                .filter(l -> l.split(",")[2].equals("1")).count();
        assertEquals(0.15 * 4000, flagged, 40);
    }

    @Test
    void aCleanSetPrintsUndefinedMetricsAsNotApplicableAndThinClassesGetANote() throws IOException {
        Path data = tmp.resolve("thin.npz");
        assertEquals(0, run("generate", "--out", data.toString(), "--n", "2000", "--d", "256", "--poison-rate", "0",
                "--seed", "3").code());
        Result scan = run("scan", data.toString(), "--out", tmp.resolve("thin").toString(), "--detector", "spectral");
        assertEquals(0, scan.code(), scan.err());
        assertTrue(scan.out().contains("Against ground truth (0 poisoned): precision=n/a recall=n/a FPR=0.0000"),
                scan.out());
        assertFalse(scan.out().contains("NaN"), scan.out());
        assertTrue(scan.out().contains("Note: 10 class(es) have fewer rows than the 256 dimensions; detection there"
                + " is weak"), scan.out());
    }

    @Test
    void aVerdictWithoutACrossClassComparisonGetsANote() throws IOException {
        Path two = tmp.resolve("two.npz");
        assertEquals(0, run("generate", "--out", two.toString(), "--n", "4000", "--d", "16", "--classes", "2",
                "--seed", "2").code());
        Result scan = run("scan", two.toString(), "--out", tmp.resolve("two").toString(), "--backend", "java");
        assertEquals(0, scan.code(), scan.err());
        assertTrue(scan.out().contains("Poisoned classes: [0]"), scan.out());
        assertTrue(scan.out().contains("Note: a class was judged poisoned without a cross-class comparison"),
                scan.out());

        Path ten = tmp.resolve("ten.npz");
        assertEquals(0, run("generate", "--out", ten.toString(), "--n", "10000", "--d", "16", "--seed", "2").code());
        Result compared = run("scan", ten.toString(), "--out", tmp.resolve("ten").toString(), "--backend", "java");
        assertEquals(0, compared.code(), compared.err());
        assertTrue(compared.out().contains("Poisoned classes: [0]"), compared.out());
        assertFalse(compared.out().contains("without a cross-class comparison"), compared.out());
    }

    @Test
    void rowsOfOneLengthAreScannedInTangentCoordinatesAndSaySo() throws IOException {
        java.util.Random r = new java.util.Random(5);
        StringBuilder csv = new StringBuilder("label,f0,f1,f2,f3,f4,f5\n");
        for (int i = 0; i < 1200; i++) {
            double[] v = new double[6];
            double s = 0;
            for (int j = 0; j < 6; j++) {
                v[j] = (j == i % 3 ? 4 : 1) + r.nextGaussian();
                s += v[j] * v[j];
            }
            csv.append(i % 3);
            for (int j = 0; j < 6; j++) {
                csv.append(',').append(v[j] / Math.sqrt(s));
            }
            csv.append('\n');
        }
        Path data = Files.writeString(tmp.resolve("unit.csv"), csv);
        Result scan = run("scan", data.toString(), "--out", tmp.resolve("unit").toString(), "--backend", "java");
        assertEquals(0, scan.code(), scan.err());
        assertTrue(scan.out().contains("Note: every row has length 1.000: the rows lie on a sphere, so each class's"
                + " mean direction was removed before scanning"), scan.out());
        JsonNode input = new ObjectMapper().readTree(tmp.resolve("unit").resolve("report.json").toFile())
                .get("run").get("parameters").get("input");
        assertEquals(1.0, input.get("row_norm").asDouble(), 1e-6);

        Path raw = tmp.resolve("raw.npz");
        assertEquals(0, run("generate", "--out", raw.toString(), "--n", "2000", "--d", "8").code());
        Result plain = run("scan", raw.toString(), "--out", tmp.resolve("raw").toString(), "--backend", "java");
        assertFalse(plain.out().contains("lie on a sphere"), plain.out());
    }

    @Test
    void flaggedRowsThatAreCopiesOfOneRowGetANote() throws IOException {
        java.util.Random r = new java.util.Random(9);
        StringBuilder csv = new StringBuilder("label,f0,f1,f2,f3,f4,f5,f6,f7\n");
        double[] copy = {6, 0.5, -0.3, 0.2, 0.1, -0.4, 0.3, 0};
        for (int i = 0; i < 2400; i++) {
            int label = i % 3;
            boolean duplicate = label == 2 && i < 120;
            csv.append(label);
            for (int j = 0; j < 8; j++) {
                csv.append(',').append(duplicate ? copy[j] : (j == label ? 3 : 0) + r.nextGaussian());
            }
            csv.append('\n');
        }
        Path data = Files.writeString(tmp.resolve("copies.csv"), csv);
        Result scan = run("scan", data.toString(), "--out", tmp.resolve("copies").toString(), "--backend", "java");
        assertEquals(0, scan.code(), scan.err());
        assertTrue(scan.out().contains("Poisoned classes: [2]"), scan.out());
        assertTrue(scan.out().contains("Note: class 2: 40 of its "), scan.out());
        assertTrue(scan.out().contains(" flagged rows are identical copies of 1 distinct row(s) (the largest repeated"
                + " 40 times)"), scan.out());
    }

    @Test
    void aClassNameWithANewlineStaysOnOneLineOfTheSummary() throws IOException {
        assertEquals("cat\\nsecond line\\t\\u0007", SummaryPrinter.printable("cat\nsecond line\t\u0007"));
        assertEquals("Ärger 猫", SummaryPrinter.printable("Ärger 猫"));
    }

    @Test
    void anUncorroboratedVerdictIsMarkedInTheEvidence() {
        java.util.Map<String, Object> doubtful = java.util.Map.of(
                org.poisonscan.api.detect.ClassResult.NEEDS_CORROBORATION, true);
        org.poisonscan.api.detect.ClassResult spectre = new org.poisonscan.api.detect.ClassResult(7, 100,
                org.poisonscan.api.detect.Verdict.POISONED, "que_criterion", 50.8, 3.1, "floored", doubtful);
        org.poisonscan.api.detect.ClassResult ac = new org.poisonscan.api.detect.ClassResult(7, 100,
                org.poisonscan.api.detect.Verdict.CLEAN, "separation", 4.8, -0.1, "no cluster", java.util.Map.of());
        List<org.poisonscan.api.detect.ClassResult> results = List.of(spectre, ac);
        org.poisonscan.api.detect.Verdict verdict = org.poisonscan.api.scan.CombinationRule.verdict(results);
        assertEquals(org.poisonscan.api.detect.Verdict.CLEAN, verdict);
        org.poisonscan.api.scan.ScanReport report = new org.poisonscan.api.scan.ScanReport("probe", 100, 4,
                List.of("spectre", "ac"), List.of(new org.poisonscan.api.scan.ClassSummary(7, "7", 100, 0, verdict,
                        results)), 0, new org.poisonscan.api.scan.RunInfo("v", "17", "linux", "x86_64", "java", "",
                                java.util.Map.of(), java.util.Map.of()), java.util.Optional.empty());
        java.io.StringWriter text = new java.io.StringWriter();
        SummaryPrinter.print(report, tmp, false, new java.io.PrintWriter(text, true));
        assertTrue(text.toString().contains("spectre: que_criterion=50.80 anomaly=3.1 (poisoned, not corroborated);"
                + " ac: separation=4.80 anomaly=-0.1"), text.toString());
        assertTrue(text.toString().contains("Poisoned classes: none"), text.toString());
    }

    @Test
    void doctorListsBothBackends() {
        Result r = run("doctor");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("java "), r.out());
        assertTrue(r.out().contains("nd4j "), r.out());
        // The CLI's class path bundles DJL's PyTorch engine with its native CPU build, so models run offline.
        assertTrue(r.out().contains("models (DJL): PyTorch engine on the class path; JNI bridge for linux-x86_64;"
                + " native CPU build for linux-x86_64 bundled (runs offline)"), r.out());
        assertTrue(r.out().contains("  DJL engine:     "), r.out());
    }

    @Test
    void nativeBackendIsPickedAutomaticallyAndGivesTheSameFlags() throws IOException {
        Path data = tmp.resolve("b.npz");
        assertEquals(0, run("generate", "--out", data.toString(), "--n", "5000", "--d", "64", "--seed", "9").code());
        Result nat = run("scan", data.toString(), "--out", tmp.resolve("n").toString());
        assertEquals(0, nat.code(), nat.err());
        assertTrue(nat.out().contains("(backend nd4j)"), nat.out());
        Result java = run("scan", data.toString(), "--out", tmp.resolve("j").toString(), "--backend", "java");
        assertEquals(0, java.code(), java.err());
        List<String> a = Files.readAllLines(tmp.resolve("n").resolve("scores.csv"));
        List<String> b = Files.readAllLines(tmp.resolve("j").resolve("scores.csv"));
        assertEquals(b.size(), a.size());
        for (int i = 1; i < a.size(); i++) {
            String[] x = a.get(i).split(",", -1);
            String[] y = b.get(i).split(",", -1);
            assertEquals(y[2], x[2], "flag of row " + (i - 1));
            assertEquals(Double.parseDouble(y[3]), Double.parseDouble(x[3]), 1e-4 * Math.abs(Double.parseDouble(y[3])) + 1e-6);
        }
        Result bad = run("scan", data.toString(), "--out", tmp.resolve("x").toString(), "--backend", "tpu");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("unknown backend 'tpu'"), bad.err());
    }

    @Test
    void benchRunsASmallScaleCellAndWritesMarkdown() throws IOException {
        Path md = tmp.resolve("bench.md");
        Result r = run("bench", "--n", "2000", "--d", "16", "--reps", "1", "--backends", "java", "--out", md.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(md);
        assertTrue(lines.get(0).startsWith("Machine: "), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("| 2000 | 16 | java |")), String.join("\n", lines));
    }

    @Test
    void spectreFindsAOnePercentPoisonThatSpectralSignaturesMiss() throws IOException {
        Path data = tmp.resolve("low.npz");
        assertEquals(0, run("generate", "--out", data.toString(), "--n", "30000", "--d", "48", "--poison-rate",
                "0.02", "--delta", "16", "--seed", "5").code());
        Path dir = tmp.resolve("o");
        Result r = run("scan", data.toString(), "--out", dir.toString(), "--detector", "spectral,spectre");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Poisoned classes: [0]"), r.out());
        assertEquals("row,label,flagged,score_spectral,score_spectre",
                Files.readAllLines(dir.resolve("scores.csv")).get(0));
        JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        JsonNode class0 = report.get("classes").get(0).get("detectors");
        assertEquals("poisoned", class0.get("spectre").get("verdict").asText());
        assertTrue(report.get("evaluation").get("overall").get("recall").asDouble() >= 0.9, report.toString());
        assertTrue(report.get("evaluation").get("overall").get("false_positive_rate").asDouble() <= 0.01);
    }

    @Test
    void benchQualityWritesOneLinePerCellAndDetector() throws IOException {
        Path md = tmp.resolve("q.md");
        Result r = run("bench", "quality", "--rows", "3000", "--d", "16", "--seeds", "1", "--rates", "0.1",
                "--deltas", "16", "--detectors", "spectral", "--backend", "java", "--out", md.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(md);
        // 1 one-direction cell + 2 x 2 extra scenarios + clean + 2 x 2 floored cells + floored clean = 11 cells, one
        // detector.
        assertEquals(11, lines.stream().filter(l -> l.startsWith("| ") && l.contains("| spectral |")).count(),
                String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("| clean |")));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("| floored (ReLU), clean |")));
        // Refused before the grid runs: an unknown set, and an output folder that does not exist.
        Result unknown = run("bench", "quality", "--rows", "3000", "--d", "16", "--detectors", "spectral,bogus",
                "--out", tmp.resolve("u.md").toString());
        assertEquals(2, unknown.code(), unknown.err());
        assertTrue(unknown.err().contains("--detectors: unknown set(s) [bogus]"), unknown.err());
        Result noFolder = run("bench", "quality", "--rows", "3000", "--d", "16", "--detectors", "spectral",
                "--out", tmp.resolve("absent").resolve("q.md").toString());
        assertEquals(2, noFolder.code(), noFolder.err());
        assertTrue(noFolder.err().contains("its folder does not exist"), noFolder.err());
    }

    @Test
    void generateNpyWritesCompanionFilesThatScanFindsByConvention() throws IOException {
        Path npy = tmp.resolve("acts.npy");
        assertEquals(0, run("generate", "--out", npy.toString(), "--n", "4000", "--d", "32", "--seed", "2").code());
        assertTrue(Files.exists(tmp.resolve("acts_labels.npy")));
        assertTrue(Files.exists(tmp.resolve("acts_poison.npy")));
        Result r = run("scan", npy.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Poisoned classes: [0]"), r.out());
        // The ground truth was found by convention: the summary evaluates against it.
        assertTrue(r.out().contains("Against ground truth"), r.out());
    }

    @Test
    void allRunsEveryDetectorWithOneScoreColumnEach() throws IOException {
        Path data = tmp.resolve("all.npz");
        assertEquals(0, run("generate", "--out", data.toString(), "--n", "12000", "--d", "64", "--poison-rate", "0.1",
                "--seed", "6").code());
        Path dir = tmp.resolve("o");
        Result r = run("scan", data.toString(), "--out", dir.toString(), "--detector", "all");
        assertEquals(0, r.code(), r.err());
        assertEquals("row,label,flagged,score_spectral,score_spectre,score_ac",
                Files.readAllLines(dir.resolve("scores.csv")).get(0));
        assertTrue(r.out().contains("Poisoned classes: [0]"), r.out());
        JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        JsonNode ac = report.get("classes").get(0).get("detectors").get("ac");
        assertEquals("poisoned", ac.get("verdict").asText());
        assertTrue(report.get("evaluation").get("overall").get("auroc").get("ac").asDouble() > 0.95);
        assertTrue(report.get("evaluation").get("overall").get("recall").asDouble() >= 0.95);
        assertTrue(report.get("evaluation").get("overall").get("false_positive_rate").asDouble() <= 0.02);
    }

    @Test
    void everyHelpTextRendersWithoutPicocliFormatWarnings() {
        // A bare '%' in a description makes picocli print a warning to System.err and show the raw text.
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stderr = System.err;
        System.setErr(new java.io.PrintStream(captured, true));
        try {
            List<String> usages = new java.util.ArrayList<>();
            collectUsages(new picocli.CommandLine(new PoisonScanCommand()), usages);
            assertTrue(usages.size() > 8, "every command and sub-command: " + usages.size());
            assertTrue(usages.stream().anyMatch(u -> u.contains("5% of class 0")), "the demo's text is formatted");
        } finally {
            System.setErr(stderr);
        }
        assertFalse(captured.toString().contains("picocli WARN"), captured.toString());
    }

    private static void collectUsages(picocli.CommandLine command, List<String> usages) {
        usages.add(command.getUsageMessage());
        for (picocli.CommandLine sub : command.getSubcommands().values()) {
            collectUsages(sub, usages);
        }
    }

    @Test
    void benchmarksRefuseAnOutputTheyCouldNotWriteBeforeRunning(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        // A directory as --out used to be refused only once the whole benchmark had run.
        Result r = run("bench", "--n", "2000", "--d", "16", "--reps", "1", "--backends", "java", "--out", tmp.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--out " + tmp + ": is a directory"), r.err());
        assertTrue(r.out().isEmpty(), "nothing ran: " + r.out());
        r = run("bench", "quality", "--out", tmp.resolve("missing/q.md").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("does not exist"), r.err());
        r = run("bench", "fashion-mnist", "--out", tmp.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("is a directory"), r.err());
    }
}
