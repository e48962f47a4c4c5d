package org.poisonscan.djl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of the {@link FashionMnistBackdoor} benchmark, parsed from {@code key=value} arguments.
 *
 * @param data directory with the Fashion-MNIST IDX files
 * @param out the Markdown results file
 * @param attacks {@code badnets} and/or {@code blend}
 * @param rates poison rates relative to the target class's size
 * @param target target class
 * @param trainLimit use only the first this many training images (all when larger)
 * @param training epochs, batch size, learning rate, seed
 * @param model the {@link SmallCnn}'s widths (convolution filters, penultimate units)
 * @param threads PyTorch intra-op threads
 * @param cleanBaseline whether to train a model on the clean set for the reference accuracy
 * @param layer index of the {@link SmallCnn} sub-block whose output is scanned ({@link SmallCnn#PENULTIMATE}, the
 *     ReLU after the hidden dense layer, by default; one less is the dense layer before its ReLU)
 * @param dump directory to write each poisoned model's activations to ({@code <attack>-<rate>-layer<L>.npz} or {@code clean-layer<L>.npz} with
 *     {@code X}, {@code y}, {@code poison}, for the scanned layer and the two before it), or {@code null}
 * @param scan whether to scan and retrain ({@code false}: train, measure and dump only)
 * @param detectors detector sets to scan with, each a name or comma-free list given to
 *     {@link org.poisonscan.pipeline.Detectors}, {@code default} for the default set
 * @param reclassify whether each set's flags are also checked by exclusionary reclassification
 *     ({@link FlaggedClassCheck}: the model retrained without the flagged rows classifies them; classes whose flagged
 *     rows stay in their class are rejected), giving a second result row {@code <set> + reclassification}
 */
public record BenchmarkSettings(Path data, Path out, List<String> attacks, List<Double> rates, int target,
        int trainLimit, TrainingSettings training, SmallCnn.Size model, int threads, boolean cleanBaseline,
        int layer, Path dump, boolean scan, List<String> detectors, boolean reclassify) {
    /**
     * The benchmark's model unless told otherwise: 32 and 64 filters, 128 hidden units. The smaller
     * {@link SmallCnn.Size#DEFAULT} learns Blend at alpha 0.1 too slowly for the attacks to work (ASR 69.5%
     * at 5% after three epochs, 89% after five, against 93-94% for this one after three; RESULTS-fashion-mnist.md,
     * session 20).
     */
    public static final SmallCnn.Size DEFAULT_MODEL = new SmallCnn.Size(32, 64, 128);

    /** Training epochs unless told otherwise: {@link #DEFAULT_MODEL} learns both attacks in three. */
    public static final int DEFAULT_EPOCHS = 3;

    public BenchmarkSettings {
        attacks = List.copyOf(attacks);
        rates = List.copyOf(rates);
        detectors = List.copyOf(detectors);
        for (String a : attacks) {
            if (!a.equals("badnets") && !a.equals("blend")) {
                throw new IllegalArgumentException("unknown attack '" + a + "' (badnets, blend)");
            }
        }
        // Checked here, before any model is trained: a bad value found after the clean model wastes minutes.
        for (double r : rates) {
            if (!(r >= 0 && r <= 1)) {
                throw new IllegalArgumentException("rates must be in [0, 1] (0: the clean model), got " + r);
            }
        }
        if (target < 0 || target >= FashionMnistBackdoor.CLASSES) {
            throw new IllegalArgumentException("target must be a class in 0-" + (FashionMnistBackdoor.CLASSES - 1)
                    + ", got " + target);
        }
        if (trainLimit < 1000) {
            throw new IllegalArgumentException("train must be at least 1000 images (a model of every class), got "
                    + trainLimit);
        }
        if (dump != null && java.nio.file.Files.exists(dump) && !java.nio.file.Files.isDirectory(dump)) {
            throw new IllegalArgumentException("dump " + dump + " is a file; a directory is needed");
        }
        for (String set : detectors) {
            if (!set.equals("default")) {
                org.poisonscan.pipeline.Detectors.of(List.of(set), Double.NaN);
            }
        }
    }

    /**
     * Parses {@code data=DIR out=FILE attacks=badnets,blend rates=0.05,0.1 target=0 train=60000 epochs=3 batch=128
     * lr=0.001 seed=42 filters=32,64 hidden=128 threads=1 clean=true
     * layer=8 dump=DIR scan=true
     * detectors=spectral,spectre,ac,default reclassify=false}; every key is optional.
     */
    public static BenchmarkSettings parse(String... args) {
        java.util.Map<String, String> m = new java.util.HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("expected key=value, got '" + a + "'");
            }
            m.put(a.substring(0, eq), a.substring(eq + 1));
        }
        List<Double> rates = new ArrayList<>();
        for (String r : m.getOrDefault("rates", "0.05,0.1").split(",")) {
            try {
                rates.add(Double.parseDouble(r.strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("rates: '" + r + "' is not a number");
            }
        }
        TrainingSettings training = new TrainingSettings(
                Integer.parseInt(m.getOrDefault("epochs", Integer.toString(DEFAULT_EPOCHS))),
                Integer.parseInt(m.getOrDefault("batch", "128")), Float.parseFloat(m.getOrDefault("lr", "0.001")),
                Long.parseLong(m.getOrDefault("seed", "42")));
        return new BenchmarkSettings(Path.of(m.getOrDefault("data", IdxImages.DEBIAN_FASHION_MNIST.toString())),
                Path.of(m.getOrDefault("out", "benchmarks/RESULTS-fashion-mnist.md")),
                List.of(m.getOrDefault("attacks", "badnets").split(",")), rates,
                Integer.parseInt(m.getOrDefault("target", "0")), Integer.parseInt(m.getOrDefault("train", "60000")),
                training, modelSize(
                        m.getOrDefault("filters", DEFAULT_MODEL.filters1() + "," + DEFAULT_MODEL.filters2()),
                        m.getOrDefault("hidden", Integer.toString(DEFAULT_MODEL.hidden()))),
                Integer.parseInt(m.getOrDefault("threads", "1")),
                Boolean.parseBoolean(m.getOrDefault("clean", "true")),
                Integer.parseInt(m.getOrDefault("layer", Integer.toString(SmallCnn.PENULTIMATE))),
                m.containsKey("dump") ? Path.of(m.get("dump")) : null,
                Boolean.parseBoolean(m.getOrDefault("scan", "true")),
                List.of(m.getOrDefault("detectors", "spectral,spectre,ac,default").split(",")),
                Boolean.parseBoolean(m.getOrDefault("reclassify", "false")));
    }

    private static SmallCnn.Size modelSize(String filters, String hidden) {
        String[] f = filters.split(",");
        if (f.length != 2) {
            throw new IllegalArgumentException("filters: two counts expected (first and second convolution, e.g."
                    + " 16,32), got '" + filters + "'");
        }
        try {
            return new SmallCnn.Size(Integer.parseInt(f[0].strip()), Integer.parseInt(f[1].strip()),
                    Integer.parseInt(hidden.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("filters and hidden must be whole numbers, got '" + filters + "' and '"
                    + hidden + "'");
        }
    }

    /** The trigger named {@code attack}. */
    public Trigger trigger(String attack) {
        return attack.equals("badnets") ? Trigger.badNets(3) : Trigger.blend(0.1, training.seed() + 7, 28, 28);
    }
}
