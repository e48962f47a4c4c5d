package org.poisonscan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.BatchReader;
import org.poisonscan.io.numpy.DenseArray;
import org.poisonscan.io.numpy.DenseArrays;
import org.poisonscan.io.numpy.NpzSource;

/** {@code poisonscan triggers} after a real {@code generate} and {@code scan}: output, exit codes, bad input. */
class TriggersCliTest {
    private static final int N = 2_000;

    @TempDir
    Path tmp;

    /** Generates and scans a poisoned set, and writes raw images row-aligned with it (poisons carry a patch). */
    private Path scanned(int side) throws IOException {
        Path data = tmp.resolve("acts.npz");
        CliTest.Result gen = CliTest.run("generate", "--out", data.toString(), "--n", Integer.toString(N), "--d", "32",
                "--classes", "4", "--poison-rate", "0.15", "--delta", "24", "--seed", "5");
        assertEquals(0, gen.code(), gen.err());
        Path dir = tmp.resolve("scan");
        CliTest.Result scan = CliTest.run("scan", data.toString(), "--out", dir.toString(), "--backend", "java");
        assertEquals(0, scan.code(), scan.err());
        int[] labels = new int[N];
        boolean[] poison = new boolean[N];
        try (BatchReader r = NpzSource.open(data, "X", "y", "poison").open(N)) {
            Batch b = r.next();
            System.arraycopy(b.labels(), 0, labels, 0, N);
            System.arraycopy(b.poison(), 0, poison, 0, N);
        }
        SplittableRandom random = new SplittableRandom(6);
        float[] v = new float[N * side * side];
        for (int i = 0; i < N; i++) {
            int shown = poison[i] ? 1 + random.nextInt(3) : labels[i];
            for (int p = 0; p < side * side; p++) {
                double x = 0.3 * random.nextDouble() + (p / side == shown % side ? 0.5 : 0);
                v[i * side * side + p] = Math.round(x * 255) / 255f;
            }
            if (poison[i]) {
                v[i * side * side + side * side - 1] = 1f;
            }
        }
        DenseArrays.writeNpz(tmp.resolve("raw.npz"), Map.of("images",
                new DenseArray("raw", new long[] {N, side, side}, v)));
        return dir;
    }

    @Test
    void writesHypothesesAndMasks() throws IOException {
        Path dir = scanned(8);
        CliTest.Result r = CliTest.run("triggers", "--report", dir.toString(), "--inputs",
                tmp.resolve("raw.npz").toString(), "--activations", tmp.resolve("acts.npz").toString(),
                "--permutations", "199");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("#1 image, target class 0"), r.out());
        assertTrue(r.out().contains("1 pixel in rows 7-7, columns 7-7"), r.out());
        assertTrue(r.out().contains("Wrote " + dir.resolve("triggers/0-mask.npy")), r.out());
        JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        JsonNode h = report.get("trigger_hypotheses").get("hypotheses").get(0);
        assertEquals(0, h.get("target_class").asInt());
        assertTrue(h.get("significant").asBoolean());
        assertEquals("poisoned", h.get("scan_verdict").asText());
        assertFalse(r.out().contains("judged this class clean"), r.out());
        assertEquals("triggers/0-mask.png", h.get("mask_png").asText());
        assertTrue(report.has("classes") && report.has("run"), "the scan's report is kept");
        DenseArray mask = DenseArrays.read(dir.resolve("triggers/0-mask.npy"), null);
        assertEquals(63, org.poisonscan.triggers.image.MaskScore.top(mask.values(), 1)[0]);
        // The carriers of the patch are exactly the poisons (a clean pixel there is at most 0.3, the patch 1.0).
        JsonNode carriers = h.get("carriers");
        assertEquals("triggers/0-carriers.csv", carriers.get("file").asText());
        assertFalse(carriers.get("confirmed").asBoolean(), "no model given");
        java.util.List<String> lines = Files.readAllLines(dir.resolve("triggers/0-carriers.csv"));
        assertEquals("row,flagged", lines.get(0));
        boolean[] poison = poison();
        long poisons = 0;
        for (boolean b : poison) {
            poisons += b ? 1 : 0;
        }
        assertEquals(poisons, carriers.get("rows").asLong());
        assertEquals(poisons + 1, lines.size());
        for (String line : lines.subList(1, lines.size())) {
            assertTrue(poison[Integer.parseInt(line.split(",")[0])], line);
        }
        assertTrue(r.out().contains(poisons + " rows of the class carry it"), r.out());
    }

    private boolean[] poison() throws IOException {
        boolean[] poison = new boolean[N];
        try (BatchReader r = NpzSource.open(tmp.resolve("acts.npz"), "X", "y", "poison").open(N)) {
            System.arraycopy(r.next().poison(), 0, poison, 0, N);
        }
        return poison;
    }

    @Test
    void verifiesWithATorchScriptModel() throws IOException {
        Path dir = scanned(2);
        Path model = Path.of("../djl/src/test/resources/torchscript/tiny_features.pt").toAbsolutePath().normalize();
        CliTest.Result r = CliTest.run("triggers", "--report", dir.toString(), "--inputs",
                tmp.resolve("raw.npz").toString(), "--model", model.toString(), "--model-layout", "flat",
                "--model-output", "0", "--verify-limit", "300", "--permutations", "199");
        assertEquals(0, r.code(), r.err());
        JsonNode v = new ObjectMapper().readTree(dir.resolve("report.json").toFile()).get("trigger_hypotheses")
                .get("hypotheses").get(0).get("verification");
        assertEquals("run", v.get("status").asText(), v.toString());
        assertEquals(300, v.get("inputs").asInt());
        double flip = v.get("flip_rate").asDouble();
        assertTrue(flip >= 0 && flip <= 1, v.toString());
        assertTrue(r.out().contains("verification: flip rate"), r.out());

        CliTest.Result bad = CliTest.run("triggers", "--report", dir.toString(), "--inputs",
                tmp.resolve("raw.npz").toString(), "--model", model.toString(), "--model-layout", "chw",
                "--permutations", "199");
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("tiny_features.pt: the model failed on 2 x 2 x 1 images given as CHW"),
                bad.err());
    }

    @Test
    void badInputExitsTwoNamingTheProblemAndWritesNothing() throws IOException {
        Path dir = scanned(4);
        String before = Files.readString(dir.resolve("report.json"));
        Path raw = tmp.resolve("raw.npz");

        CliTest.Result missing = CliTest.run("triggers", "--report", tmp.resolve("no-scan").toString(), "--inputs",
                raw.toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no-scan: no such scan output directory"), missing.err());
        assertFalse(missing.err().contains("at org."), "no stack trace");
        assertFalse(Files.exists(tmp.resolve("no-scan")));

        CliTest.Result array = CliTest.run("triggers", "--report", dir.toString(), "--inputs", raw.toString(),
                "--images", "pixels");
        assertEquals(2, array.code());
        assertTrue(array.err().contains("raw.npz: no array named 'pixels' (arrays: images)"), array.err());

        DenseArrays.writeNpz(tmp.resolve("short.npz"), Map.of("images",
                new DenseArray("s", new long[] {N - 10, 4, 4}, new float[(N - 10) * 16])));
        CliTest.Result rows = CliTest.run("triggers", "--report", dir.toString(), "--inputs",
                tmp.resolve("short.npz").toString());
        assertEquals(2, rows.code());
        assertTrue(rows.err().contains("short.npz: " + (N - 10) + " images but " + dir.resolve("scores.csv")
                + " has " + N + " scanned rows"), rows.err());

        Files.writeString(tmp.resolve("texts.csv"), "id,body\n1,hello\n");
        CliTest.Result column = CliTest.run("triggers", "--report", dir.toString(), "--inputs",
                tmp.resolve("texts.csv").toString(), "--text-column", "text");
        assertEquals(2, column.code());
        assertTrue(column.err().contains("texts.csv: no column 'text' (columns: id, body)"), column.err());

        // Options of another kind of input are refused, not ignored.
        CliTest.Result ignored = CliTest.run("triggers", "--report", dir.toString(), "--inputs",
                tmp.resolve("texts.csv").toString(), "--text-column", "body", "--images", "pixels", "--exclude", "id");
        assertEquals(2, ignored.code(), ignored.err());
        assertTrue(ignored.err().contains("--images, --exclude do(es) not apply to text input"), ignored.err());
        CliTest.Result tableOnImages = CliTest.run("triggers", "--report", dir.toString(), "--inputs", raw.toString(),
                "--columns", "a,b");
        assertEquals(2, tableOnImages.code(), tableOnImages.err());
        assertTrue(tableOnImages.err().contains("--columns do(es) not apply to image input"), tableOnImages.err());

        CliTest.Result layout = CliTest.run("triggers", "--report", dir.toString(), "--inputs", raw.toString(),
                "--model-layout", "nchw");
        assertEquals(2, layout.code());
        assertTrue(layout.err().contains("--model-layout must be chw, hwc or flat"), layout.err());

        CliTest.Result permutations = CliTest.run("triggers", "--report", dir.toString(), "--inputs", raw.toString(),
                "--permutations", "2147483647");
        assertEquals(2, permutations.code(), permutations.err());
        assertTrue(permutations.err().contains("permutations must be at most 999999"), permutations.err());
        // A negative count once slipped past the alpha check into the permutation test (NegativeArraySizeException).
        CliTest.Result negative = CliTest.run("triggers", "--report", dir.toString(), "--inputs", raw.toString(),
                "--permutations", "-5");
        assertEquals(2, negative.code(), negative.err());
        assertTrue(negative.err().contains("poisonscan: error: -5 permutations cannot give a p-value below alpha 0.01;"
                + " use at least 100"), negative.err());

        CliTest.Result absent = CliTest.run("triggers", "--report", dir.toString(), "--inputs", raw.toString(),
                "--target", "7");
        assertEquals(2, absent.code(), absent.err());
        assertTrue(absent.err().contains("--target 7: the scan has no class 7 (its classes: [0, 1, 2, 3])"),
                absent.err());

        assertEquals(before, Files.readString(dir.resolve("report.json")));
        assertFalse(Files.exists(dir.resolve("triggers")));

        // A scores.csv from another scan (a label report.json does not have) is refused, naming the row.
        Path scores = dir.resolve("scores.csv");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(scores));
        String[] f = lines.get(3).split(",", -1);
        f[1] = "7";
        lines.set(3, String.join(",", f));
        Files.write(scores, lines);
        CliTest.Result mixed = CliTest.run("triggers", "--report", dir.toString(), "--inputs", raw.toString());
        assertEquals(2, mixed.code(), mixed.err());
        assertTrue(mixed.err().contains(scores + ": row " + f[0] + " has label 7, which is no class of"), mixed.err());
    }

    @Test
    void saysWhyThereIsNoHypothesisWhenTheJudgedClassHasTooFewFlaggedRows() throws IOException {
        Path dir = scanned(4);
        CliTest.Result r = CliTest.run("triggers", "--report", dir.toString(), "--inputs",
                tmp.resolve("raw.npz").toString(), "--min-flagged", "100000");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("No trigger hypothesis: no class has at least 100000 flagged rows: nothing to"
                + " explain (the scan judged [0] poisoned with fewer flagged rows; lower --min-flagged or name one with"
                + " --target)."), r.out());
        assertFalse(r.out().contains("judged the data clean"), r.out());
    }
}
