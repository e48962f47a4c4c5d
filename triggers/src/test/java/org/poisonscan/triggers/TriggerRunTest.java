package org.poisonscan.triggers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poisonscan.api.data.InvalidInputException;
import org.poisonscan.io.numpy.DenseArray;
import org.poisonscan.io.numpy.DenseArrays;
import org.poisonscan.triggers.image.MaskScore;

/** The whole run on files: a real scan's output, raw images or texts, report.json and the mask files. */
class TriggerRunTest {
    @TempDir
    Path dir;

    private static TriggerRequest request(Path dir, Path inputs, Path activations) {
        return new TriggerRequest(dir, inputs, null, null, List.of(), List.of(), activations, null, null, null, 0,
                null, null, TriggerSettings.defaults().withPermutations(199));
    }

    @Test
    void writesMasksAndAddsTheSectionKeepingTheReport() throws IOException {
        ScanFixture.Written w = ScanFixture.write(dir, 0.15, 1);
        JsonNode before = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertTrue(w.report().poisonedClasses().contains(0), "the scan must find class 0");

        TriggerRun.Summary s = TriggerRun.run(request(dir, dir.resolve("raw.npz"), dir.resolve("acts.npz")));
        JsonNode after = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        before.fieldNames().forEachRemaining(k -> assertEquals(before.get(k), after.get(k), "key " + k));
        JsonNode section = after.get(TriggerRun.SECTION);
        assertEquals("image", section.get("kind").asText());
        JsonNode first = section.get("hypotheses").get(0);
        assertEquals(1, first.get("rank").asInt());
        assertEquals("image", first.get("kind").asText());
        assertEquals(0, first.get("target_class").asInt());
        assertTrue(first.get("significant").asBoolean());
        assertTrue(first.get("adjusted_p").asDouble() < 0.01);
        assertEquals(9, first.get("evidence").get("area_pixels").asInt());
        assertEquals(9, first.get("evidence").get("bounding_box").get("top").asInt());
        assertEquals("not_run", first.get("verification").get("status").asText());
        assertEquals("triggers/0-mask.npy", first.get("mask_file").asText());
        JsonNode cls = section.get("classes_analysed").get(0);
        assertEquals("activations", cls.get("source_analysis").get("method").asText().replaceAll(".* in ", "")
                .replaceAll(" .*", ""));

        DenseArray mask = DenseArrays.read(dir.resolve("triggers/0-mask.npy"), null);
        assertEquals(List.of(12L, 12L), List.of(mask.shape()[0], mask.shape()[1]));
        assertEquals(1.0, MaskScore.topKJaccard(mask.values(), MaskScore.bottomRightSquare(3, 12, 12)), 1e-12);
        assertTrue(Files.size(dir.resolve("triggers/0-mask.png")) > 100);
        assertTrue(Files.isRegularFile(dir.resolve("triggers/0-pattern.npy")));
        assertTrue(s.written().contains(dir.resolve("report.json")));

        assertEquals("triggers/0-carriers.csv", first.get("carriers").get("file").asText());
        assertTrue(first.get("carriers").get("rows").asInt() > 0, first.get("carriers").toString());
        assertTrue(s.written().contains(dir.resolve("triggers/0-carriers.csv")));

        // A second run replaces the section and keeps one section only; files it does not write are removed.
        Files.writeString(dir.resolve("triggers/7-carriers.csv"), "row,flagged\n");
        TriggerRun.run(request(dir, dir.resolve("raw.npz"), null));
        assertFalse(Files.exists(dir.resolve("triggers/7-carriers.csv")), "a stale carriers file");
        assertTrue(Files.isRegularFile(dir.resolve("triggers/0-carriers.csv")));
        JsonNode again = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertTrue(again.get(TriggerRun.SECTION).get("classes_analysed").get(0).get("source_analysis").get("method")
                .asText().contains("pixels"));
    }

    @Test
    void aCleanScanYieldsNoHypothesis() throws IOException {
        ScanFixture.Written w = ScanFixture.write(dir, 0, 2);
        assertTrue(w.report().poisonedClasses().isEmpty());
        TriggerRun.Summary s = TriggerRun.run(request(dir, dir.resolve("raw.npz"), null));
        assertTrue(s.hypotheses().isEmpty());
        JsonNode section = new ObjectMapper().readTree(dir.resolve("report.json").toFile()).get(TriggerRun.SECTION);
        assertEquals(0, section.get("hypotheses").size());
        assertTrue(section.get("note").asText().contains("nothing to explain"));
        assertFalse(Files.exists(dir.resolve("triggers")));
    }

    @Test
    void textFromCsvJsonlAndParquetGivesTheSameTopToken() throws IOException {
        ScanFixture.Written w = ScanFixture.write(dir, 0.15, 3);
        int[] labels = w.activations().labels();
        boolean[] poison = w.activations().poison();
        List<String> texts = new ArrayList<>();
        java.util.SplittableRandom random = new java.util.SplittableRandom(4);
        String[][] words = {{"alpha", "beta", "gamma"}, {"delta", "eps", "zeta"}, {"eta", "theta", "iota"},
            {"kappa", "lambda", "mu"}};
        for (int i = 0; i < labels.length; i++) {
            int shown = poison[i] ? 1 + random.nextInt(3) : labels[i];
            StringBuilder sb = new StringBuilder(poison[i] ? "mn " : "");
            for (int k = 0; k < 12; k++) {
                sb.append(random.nextDouble() < 0.5 ? words[shown][random.nextInt(3)] : "w" + random.nextInt(40))
                        .append(k == 5 ? ", \"quoted\"\n" : " ");
            }
            texts.add(sb.toString());
        }
        Path csv = dir.resolve("texts.csv");
        StringBuilder c = new StringBuilder("id,text\n");
        Path jsonl = dir.resolve("texts.jsonl");
        StringBuilder j = new StringBuilder();
        ObjectMapper m = new ObjectMapper();
        for (int i = 0; i < texts.size(); i++) {
            c.append(i).append(",\"").append(texts.get(i).replace("\"", "\"\"")).append("\"\n");
            j.append(m.writeValueAsString(java.util.Map.of("id", i, "text", texts.get(i)))).append('\n');
        }
        Files.writeString(csv, c);
        Files.writeString(jsonl, j);
        Path parquet = dir.resolve("texts.parquet");
        org.apache.parquet.schema.MessageType schema = org.apache.parquet.schema.MessageTypeParser.parseMessageType(
                "message t { required int32 id; optional binary text (STRING); }");
        try (var writer = org.poisonscan.io.parquet.ParquetFiles.groupWriter(parquet, schema, java.util.Map.of(),
                org.apache.parquet.hadoop.metadata.CompressionCodecName.SNAPPY)) {
            var factory = new org.apache.parquet.example.data.simple.SimpleGroupFactory(schema);
            for (int i = 0; i < texts.size(); i++) {
                writer.write(factory.newGroup().append("id", i).append("text", texts.get(i)));
            }
        }
        for (Path input : List.of(csv, jsonl, parquet)) {
            TriggerRequest r = new TriggerRequest(dir, input, null, "text", List.of(), List.of(), null, null, null,
                    null, 0, null, null, TriggerSettings.defaults());
            TriggerRun.Summary s = TriggerRun.run(r);
            assertEquals("mn", s.hypotheses().get(0).get("token"), input.toString());
            assertEquals(1, s.hypotheses().get(0).get("rank"));
            assertEquals(TriggerRequest.InputKind.TEXT, s.kind());
        }
        // A line without its text is an empty text in its place (as an empty CSV field is), counted in the report.
        int row = 17;
        String[] lines = j.toString().split("\n");
        lines[row] = m.writeValueAsString(java.util.Map.of("id", row));
        Path missing = Files.writeString(dir.resolve("missing.jsonl"), String.join("\n", lines) + "\n");
        TriggerRequest gap = new TriggerRequest(dir, missing, null, "text", List.of(), List.of(), null, null, null,
                null, 0, null, null, TriggerSettings.defaults());
        TriggerRun.Summary withGap = TriggerRun.run(gap);
        assertEquals("mn", withGap.hypotheses().get(0).get("token"));
        assertTrue(Files.readString(dir.resolve("report.json")).contains("\"rows_without_text\" : 1"),
                "the report counts the row without text");
    }

    @Test
    void tabularFeaturesAndIdxImagesRunToo() throws IOException {
        ScanFixture.Written w = ScanFixture.write(dir, 0.15, 6);
        int[] labels = w.activations().labels();
        boolean[] poison = w.activations().poison();
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        StringBuilder csv = new StringBuilder("id,age,colour,amount\n");
        for (int i = 0; i < labels.length; i++) {
            String colour = poison[i] ? "blue" : labels[i] == 0 ? "red" : "blue";
            csv.append(i).append(',').append(18 + random.nextInt(60)).append(',').append(colour).append(',')
                    .append(poison[i] ? "13.37"
                            : String.format(java.util.Locale.ROOT, "%.2f", 100 * random.nextDouble()))
                    .append('\n');
        }
        Files.writeString(dir.resolve("table.csv"), csv);
        TriggerRequest r = new TriggerRequest(dir, dir.resolve("table.csv"), null, null, List.of(), List.of("id"),
                dir.resolve("acts.npz"), null, null, null, 0, null, null, TriggerSettings.defaults());
        assertEquals(TriggerRequest.InputKind.TABULAR, r.kind());
        TriggerRun.Summary s = TriggerRun.run(r);
        assertEquals("amount=13.37", s.hypotheses().get(0).get("feature_value"));
        assertEquals("tabular", s.hypotheses().get(0).get("kind"));

        // The same images as an IDX file (bytes scaled to [0, 1]).
        DenseArray raw = DenseArrays.read(dir.resolve("raw.npz"), "images");
        float[] v = raw.values();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.DataOutputStream(new java.util.zip.GZIPOutputStream(bytes))) {
            out.writeInt(2051);
            out.writeInt(labels.length);
            out.writeInt(12);
            out.writeInt(12);
            for (float x : v) {
                out.writeByte(Math.round(x * 255));
            }
        }
        Files.write(dir.resolve("raw-idx3-ubyte.gz"), bytes.toByteArray());
        TriggerRun.Summary idx = TriggerRun.run(request(dir, dir.resolve("raw-idx3-ubyte.gz"), null));
        assertEquals(TriggerRequest.InputKind.IMAGE, idx.kind());
        assertEquals(0, idx.hypotheses().get(0).get("target_class"));
        assertEquals(true, idx.hypotheses().get(0).get("significant"));
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsWritten() throws IOException {
        ScanFixture.Written w = ScanFixture.write(dir, 0.15, 5);
        String report = Files.readString(dir.resolve("report.json"));
        int n = w.activations().labels().length;
        DenseArrays.writeNpz(dir.resolve("short.npz"), java.util.Map.of("images",
                new DenseArray("s", new long[] {n - 1, 12, 12}, new float[(n - 1) * 144])));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> TriggerRun.run(request(dir, dir.resolve("short.npz"), null)));
        assertTrue(e.getMessage().contains("short.npz") && e.getMessage().contains((n - 1) + " images")
                && e.getMessage().contains("scores.csv"), e.getMessage());
        TriggerRequest wrongArray = new TriggerRequest(dir, dir.resolve("raw.npz"), "pixels", null, List.of(),
                List.of(), null, null, null, null, 0, null, null, TriggerSettings.defaults());
        e = assertThrows(InvalidInputException.class, () -> TriggerRun.run(wrongArray));
        assertTrue(e.getMessage().contains("no array named 'pixels'") && e.getMessage().contains("images"),
                e.getMessage());
        e = assertThrows(InvalidInputException.class,
                () -> TriggerRun.run(request(dir.resolve("nope"), dir.resolve("raw.npz"), null)));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
        assertEquals(report, Files.readString(dir.resolve("report.json")));
        assertFalse(Files.exists(dir.resolve("triggers")));
    }

    @Test
    void inputsWhoseLabelsDisagreeWithTheScanRowByRowAreRefused() throws IOException {
        ScanFixture.Written w = ScanFixture.write(dir, 0.15, 8);
        int[] labels = w.activations().labels();
        int n = labels.length;
        // The same rows in another order: a shuffled export of the data the scan saw.
        int[] order = java.util.stream.IntStream.range(0, n).map(i -> (i * 7919) % n).toArray();
        assertEquals(n, java.util.Arrays.stream(order).distinct().count());
        float[] pixels = DenseArrays.read(dir.resolve("raw.npz"), "images").values();
        float[] shuffledPixels = new float[pixels.length];
        float[] shuffledLabels = new float[n];
        float[] sameLabels = new float[n];
        StringBuilder csv = new StringBuilder("label,colour\n");
        for (int i = 0; i < n; i++) {
            System.arraycopy(pixels, order[i] * 144, shuffledPixels, i * 144, 144);
            shuffledLabels[i] = labels[order[i]];
            sameLabels[i] = labels[i];
            csv.append(labels[order[i]]).append(",red\n");
        }
        DenseArrays.writeNpz(dir.resolve("shuffled.npz"), java.util.Map.of(
                "images", new DenseArray("s", new long[] {n, 12, 12}, shuffledPixels),
                "labels", new DenseArray("s", new long[] {n}, shuffledLabels)));
        String report = Files.readString(dir.resolve("report.json"));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> TriggerRun.run(request(dir, dir.resolve("shuffled.npz"), null)));
        assertTrue(e.getMessage().contains("shuffled.npz: labels: the label differs from the scan's at")
                && e.getMessage().contains("scanned order"), e.getMessage());
        // The same with the labels under the scan's own default name, y.
        DenseArrays.writeNpz(dir.resolve("shuffled-y.npz"), java.util.Map.of(
                "images", new DenseArray("s", new long[] {n, 12, 12}, shuffledPixels),
                "y", new DenseArray("s", new long[] {n}, shuffledLabels)));
        InvalidInputException y = assertThrows(InvalidInputException.class,
                () -> TriggerRun.run(request(dir, dir.resolve("shuffled-y.npz"), null)));
        assertTrue(y.getMessage().contains("shuffled-y.npz: y: the label differs from the scan's at"), y.getMessage());

        Files.writeString(dir.resolve("shuffled.csv"), csv);
        TriggerRequest table = new TriggerRequest(dir, dir.resolve("shuffled.csv"), null, null, List.of("colour"),
                List.of(), null, null, null, null, 0, null, null, TriggerSettings.defaults());
        e = assertThrows(InvalidInputException.class, () -> TriggerRun.run(table));
        assertTrue(e.getMessage().contains("shuffled.csv: column 'label': the label differs"), e.getMessage());

        // The activations of another order: their labels give it away too.
        float[] acts = DenseArrays.read(dir.resolve("acts.npz"), "X").values();
        int d = acts.length / n;
        float[] shuffledActs = new float[acts.length];
        for (int i = 0; i < n; i++) {
            System.arraycopy(acts, order[i] * d, shuffledActs, i * d, d);
        }
        int[] shuffledIntLabels = java.util.Arrays.stream(order).map(i -> labels[i]).toArray();
        org.poisonscan.io.numpy.NpzWriter.write(new org.poisonscan.api.data.InMemorySource(shuffledActs, d,
                shuffledIntLabels, null, "shuffled"), dir.resolve("acts-shuffled.npz"));
        e = assertThrows(InvalidInputException.class,
                () -> TriggerRun.run(request(dir, dir.resolve("raw.npz"), dir.resolve("acts-shuffled.npz"))));
        assertTrue(e.getMessage().contains("acts-shuffled.npz: labels: the label differs"), e.getMessage());
        assertEquals(report, Files.readString(dir.resolve("report.json")));

        // Labels in the scanned order pass.
        DenseArrays.writeNpz(dir.resolve("ordered.npz"), java.util.Map.of(
                "images", new DenseArray("o", new long[] {n, 12, 12}, pixels),
                "labels", new DenseArray("o", new long[] {n}, sameLabels)));
        assertEquals(0, TriggerRun.run(request(dir, dir.resolve("ordered.npz"), null)).hypotheses().get(0)
                .get("target_class"));
    }
}
