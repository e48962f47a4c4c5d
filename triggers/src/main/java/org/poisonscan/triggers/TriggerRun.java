package org.poisonscan.triggers;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.poisonscan.api.data.InvalidInputException;
import org.poisonscan.io.InputOptions;
import org.poisonscan.io.numpy.DenseArrays;
import org.poisonscan.triggers.image.ImageHypothesis;
import org.poisonscan.triggers.image.ImageInputs;
import org.poisonscan.triggers.image.ImageSet;
import org.poisonscan.triggers.image.MaskImages;
import org.poisonscan.triggers.image.TriggerCarriers;
import org.poisonscan.triggers.items.ItemTable;
import org.poisonscan.triggers.items.Table;
import org.poisonscan.triggers.items.TableReader;
import org.poisonscan.triggers.items.TabularItems;
import org.poisonscan.triggers.items.TextItems;
import org.poisonscan.triggers.verify.DjlImagePredictor;

/**
 * The {@code poisonscan triggers} run: reads the scan output and the raw inputs, checks that they are row-aligned,
 * forms and verifies the hypotheses, then writes {@code DIR/triggers/<class>-mask.npy}, {@code -mask.png} and
 * {@code -pattern.npy} (images) and the {@code trigger_hypotheses} section of {@code DIR/report.json}. Every input is
 * read and checked before anything is written: bad input leaves the directory as it was.
 */
public final class TriggerRun {
    /** The report.json key of the section this run writes. */
    public static final String SECTION = "trigger_hypotheses";
    /** The subdirectory of masks. */
    public static final String MASK_DIR = "triggers";

    private TriggerRun() {
    }

    /**
     * What the run found, for a summary on the console.
     *
     * @param note why there is no hypothesis, or {@code null} when there are some
     */
    public record Summary(TriggerRequest.InputKind kind, List<Map<String, Object>> hypotheses, List<Path> written,
            String note) {
        public Summary {
            hypotheses = List.copyOf(hypotheses);
            written = List.copyOf(written);
        }
    }

    /**
     * Why there is no hypothesis, or {@code null}: nothing analysed (saying whether the scan judged a class), or no
     * candidate passed.
     */
    private static String note(ScanOutput scan, HypothesisJson.Sections sections, int minFlagged) {
        if (!sections.hypotheses().isEmpty()) {
            return null;
        }
        if (sections.classes().isEmpty()) {
            return "no class has at least " + minFlagged + " flagged rows: nothing to explain"
                    + (scan.poisonedClasses().isEmpty() ? " (the scan judged the data clean)"
                    : " (the scan judged " + scan.poisonedClasses() + " poisoned with fewer"
                    + " flagged rows; lower --min-flagged or name one with --target)");
        }
        return "no candidate trigger passed the tests in the classes analysed (see classes_analysed)";
    }

    /** Runs the request. */
    public static Summary run(TriggerRequest request) throws IOException {
        long t0 = System.nanoTime();
        ScanOutput scan = ScanOutputReader.read(request.reportDir());
        Path scores = request.reportDir().resolve(ScanOutputReader.SCORES);
        TriggerRequest.InputKind kind = request.kind();
        Activations activations = null;
        if (request.activations() != null) {
            activations = Activations.read(request.activations(), InputOptions.defaults()
                    .withNames(request.activationFeatures(), request.activationLabels(), null));
            requireRows(request.activations() + ": " + activations.rows() + " activation rows", activations.rows(),
                    scan, scores);
            if (activations.labels() != null) {
                RowOrderCheck.requireSameLabels(request.activations() + ": labels", activations.labels(), scan,
                        scores);
            }
        }
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("kind", kind.name().toLowerCase(Locale.ROOT));
        section.put("inputs", request.inputs().toString());
        section.put("activations", request.activations() == null ? null : request.activations().toString());
        section.put("model", request.model() == null ? null : request.model().toString());
        section.put("parameters", request.settings().asMap());
        String noRetrainer = "needs a retraining callback (library: an ExclusionaryReclassifier); the command"
                + " line cannot retrain a model";
        Map<Integer, List<String>> maskNames = new LinkedHashMap<>();
        List<ImageResult> images = List.of();
        HypothesisJson.Sections sections;
        ImageSet imageSet = null;
        Carriers carriers = new Carriers(Map.of(), List.of());
        if (kind == TriggerRequest.InputKind.IMAGE) {
            imageSet = ImageInputs.read(request.inputs(), request.imagesArray());
            requireRows(request.inputs() + ": " + imageSet.n() + " images", imageSet.n(), scan, scores);
            RowOrderCheck.NamedLabels imageLabels = RowOrderCheck.npzLabels(request.inputs());
            if (imageLabels != null) {
                RowOrderCheck.requireSameLabels(request.inputs() + ": " + imageLabels.name(), imageLabels.values(),
                        scan, scores);
            }
            section.put("image_shape", List.of(imageSet.height(), imageSet.width(), imageSet.channels()));
            DjlImagePredictor model = request.model() == null ? null : loadModel(request);
            try {
                org.poisonscan.triggers.verify.ImagePredictor checked = model == null ? null
                        : (values, n, h, w, c) -> {
                            try {
                                return model.predict(values, n, h, w, c);
                            } catch (RuntimeException e) {
                                throw new InvalidInputException(request.model() + ": the model failed on " + h + " x "
                                        + w + " x " + c + " images given as " + request.layout() + " (see"
                                        + " --model-layout, --model-output): " + e.getMessage(), e);
                            }
                        };
                images = ImageTriggers.analyse(scan, imageSet, activations, checked, null, request.target(),
                        request.settings());
            } finally {
                if (model != null) {
                    model.close();
                }
            }
            for (ImageResult r : images) {
                String c = fileLabel(r.hypothesis().target());
                maskNames.put(r.hypothesis().target(), List.of(MASK_DIR + "/" + c + "-mask.npy",
                        MASK_DIR + "/" + c + "-mask.png", MASK_DIR + "/" + c + "-pattern.npy"));
            }
            carriers = writeCarriers(request.reportDir(), imageSet, scan, images, request.settings().alpha());
            sections = new HypothesisJson(scan, request.model() == null ? "no model given (--model)" : "",
                    noRetrainer).images(images, maskNames, carriers.entries());
        } else {
            if (request.model() != null) {
                throw new IllegalArgumentException("--model verifies image hypotheses only" + (kind
                        == TriggerRequest.InputKind.TEXT ? "; for text use the library's TextVerifier with a text"
                        + " classifier" : "; tabular hypotheses are not verified"));
            }
            boolean text = kind == TriggerRequest.InputKind.TEXT;
            List<String> wanted = text ? List.of(request.textColumn()) : request.columns();
            Table table = TableReader.read(request.inputs(), wanted, RowOrderCheck.LABEL_NAMES);
            requireRows(request.inputs() + ": " + table.rows() + " rows", table.rows(), scan, scores);
            RowOrderCheck.requireSameLabels(table, scan, scores);
            ItemTable items;
            if (text) {
                String[] column = table.column(request.textColumn());
                long withoutText = java.util.Arrays.stream(column).filter(java.util.Objects::isNull).count();
                section.put("rows_without_text", withoutText);
                items = TextItems.of(texts(column));
            } else {
                // With --columns, a label column read only for the row-order check is no feature.
                List<String> drop = new ArrayList<>(request.exclude());
                if (!request.columns().isEmpty()) {
                    table.names().stream().filter(c -> !request.columns().contains(c) && !drop.contains(c))
                            .forEach(drop::add);
                }
                items = TabularItems.of(withoutExcluded(table, drop), request.settings().bins());
            }
            List<ItemResult> results = ItemTriggers.analyse(scan, items, activations, null, null, null,
                    request.target(), request.settings());
            sections = new HypothesisJson(scan, text ? "the command line has no text classifier; the library's"
                    + " TextVerifier takes one" : "", noRetrainer)
                    .items(text ? "text" : "tabular", results);
        }
        section.put("classes_analysed", sections.classes());
        section.put("hypotheses", sections.hypotheses());
        String note = note(scan, sections, request.settings().minFlagged());
        if (note != null) {
            section.put("note", note);
        }
        section.put("timings_ms", Map.of("total", (System.nanoTime() - t0) / 1_000_000));
        List<Path> written = writeMasks(request.reportDir(), images, carriers.files());
        ReportUpdate.put(request.reportDir().resolve(ScanOutputReader.REPORT), SECTION, section);
        written.add(request.reportDir().resolve(ScanOutputReader.REPORT));
        return new Summary(kind, sections.hypotheses(), written, note);
    }

    private static DjlImagePredictor loadModel(TriggerRequest request) throws IOException {
        try {
            return DjlImagePredictor.torchScript(request.model(), request.modelOutput(), request.layout());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidInputException(request.model() + ": model file not found", e);
        } catch (IOException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
    }

    private static void requireRows(String what, int rows, ScanOutput scan, Path scores) {
        if (rows != scan.rows()) {
            throw new InvalidInputException(what + " but " + scores + " has " + scan.rows() + " scanned rows; the"
                    + " inputs must hold the scanned rows in the scanned order");
        }
    }

    private static Table withoutExcluded(Table table, List<String> exclude) {
        for (String e : exclude) {
            table.column(e);
        }
        List<String> names = new ArrayList<>();
        List<String[]> cols = new ArrayList<>();
        for (int i = 0; i < table.names().size(); i++) {
            if (!exclude.contains(table.names().get(i))) {
                names.add(table.names().get(i));
                cols.add(table.columns().get(i));
            }
        }
        if (names.isEmpty()) {
            throw new InvalidInputException(table.source() + ": no feature column left after --exclude");
        }
        return new Table(table.source(), names, cols);
    }

    /**
     * Writes the masks and patterns, then removes mask, pattern and carrier files this run did not write
     * ({@code carriers}: the carrier files it wrote); returns every file written.
     */
    private static List<Path> writeMasks(Path dir, List<ImageResult> results, List<Path> carriers)
            throws IOException {
        Path masks = dir.resolve(MASK_DIR);
        List<Path> written = new ArrayList<>();
        if (!results.isEmpty()) {
            Files.createDirectories(masks);
        }
        for (ImageResult r : results) {
            ImageHypothesis h = r.hypothesis();
            String c = fileLabel(h.target());
            Path npy = masks.resolve(c + "-mask.npy");
            DenseArrays.writeFloat32(npy, h.mask(), h.height(), h.width());
            Path png = masks.resolve(c + "-mask.png");
            MaskImages.write(h, png);
            Path pattern = masks.resolve(c + "-pattern.npy");
            if (h.channels() == 1) {
                DenseArrays.writeFloat32(pattern, h.pattern(), h.height(), h.width());
            } else {
                DenseArrays.writeFloat32(pattern, h.pattern(), h.height(), h.width(), h.channels());
            }
            written.add(npy);
            written.add(png);
            written.add(pattern);
        }
        written.addAll(carriers);
        if (Files.isDirectory(masks)) {
            Set<Path> keep = new HashSet<>(written);
            try (DirectoryStream<Path> old = Files.newDirectoryStream(masks,
                    "*-{mask.npy,mask.png,pattern.npy,carriers.csv}")) {
                for (Path p : old) {
                    if (!keep.contains(p)) {
                        Files.delete(p);
                    }
                }
            }
        }
        return written;
    }

    /** The per-hypothesis carrier entries of the report and the files written. */
    private record Carriers(Map<Integer, Map<String, Object>> entries, List<Path> files) {
    }

    private static final String CARRIERS_SUFFIX = "-carriers.csv";

    /**
     * For each significant hypothesis, the rows of its class that carry it ({@link TriggerCarriers}) to
     * {@code DIR/triggers/<class>-carriers.csv} ({@code row,flagged}: the row in the scanned order and whether the
     * scan flagged it), with their counts for the report. Carriers of an unconfirmed hypothesis are listed too, marked
     * so: only a trigger the model confirms makes them poisons.
     */
    private static Carriers writeCarriers(Path dir, ImageSet images, ScanOutput scan, List<ImageResult> results,
            double alpha) throws IOException {
        Map<Integer, Map<String, Object>> entries = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>();
        boolean[] flagged = scan.flagged();
        for (ImageResult r : results) {
            ImageHypothesis h = r.hypothesis();
            if (!h.significant()) {
                continue;
            }
            boolean[] carries = TriggerCarriers.of(images, scan.labels(), h);
            String name = MASK_DIR + "/" + fileLabel(h.target()) + CARRIERS_SUFFIX;
            Path csv = dir.resolve(name);
            Files.createDirectories(csv.getParent());
            int rows = 0;
            int notFlagged = 0;
            try (var out = Files.newBufferedWriter(csv)) {
                out.write("row,flagged\n");
                for (int i = 0; i < carries.length; i++) {
                    if (carries[i]) {
                        out.write(i + "," + flagged[i] + "\n");
                        rows++;
                        notFlagged += flagged[i] ? 0 : 1;
                    }
                }
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("file", name);
            e.put("rows", rows);
            e.put("not_flagged", notFlagged);
            e.put("confirmed", r.verification() != null && r.verification().confirms(alpha));
            e.put("rule", "rows of the class whose pixels inside the area lie closer to the stamped value than to the"
                    + " clean mean at more than half of the area's pixels; poisons when the verification confirms the"
                    + " trigger");
            entries.put(h.target(), e);
            files.add(csv);
        }
        return new Carriers(entries, files);
    }

    private static String fileLabel(int label) {
        return Integer.toString(label);
    }

    /**
     * The text column, a null or missing text read as empty (no tokens), as an empty CSV field is: the row keeps its
     * place, so it still matches its scanned row (a null in Parquet or JSONL refused the whole run before, while the
     * same data as CSV ran). The report counts such rows ({@code rows_without_text}).
     */
    private static List<String> texts(String[] column) {
        String[] texts = column.clone();
        for (int r = 0; r < texts.length; r++) {
            if (texts[r] == null) {
                texts[r] = "";
            }
        }
        return List.of(texts);
    }
}
