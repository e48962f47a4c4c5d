package org.poisonscan.djl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.HypergeometricDistribution;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.BatchReader;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.pipeline.Detectors;

/**
 * Finds backdoor poisons with the model's help where the activations alone judge no class: a trigger that spreads
 * over the whole image (Blend) leaves the poisons only moderately apart in activation space, so no class's statistic
 * stands out, yet the model obeys the trigger. Three pieces of evidence, each a published idea:
 * <ol>
 *   <li>candidates: rows whose label survives superimposition on other classes' images
 *       ({@link SuperimpositionPersistence}, STRIP's test) and that are also in the top tail of their class's SPECTRE
 *       score. Persistence alone also picks a clean class's strongest rows, the tail alone its atypical ones; both
 *       together are mostly poisons (Fashion-MNIST Blend 10%: 346 of 354 in a probe);</li>
 *   <li>in each class with at least {@link Settings#minCandidates} candidates, they seed a linear discriminant
 *       ({@link SeededDiscriminant}, refitted once from its first side) against the class's rows that do not
 *       persist, which grows them into their group; where it would hold more than {@link #MAX_GROWN_SHARE} of the
 *       class, the group is the candidates and the rows nearest them along the discriminant, that share of the class in
 *       all, judged in a model of its own;</li>
 *   <li>a verdict by exclusionary reclassification (Chen et al. 2018): one model is trained without every class's
 *       group and classifies the candidates. Poisons are images of other classes, so once the group is gone (and
 *       with it the trigger) they leave the class far more often than its other rows do; strong clean rows stay. A
 *       class is confirmed when its candidates leave it significantly (one-sided binomial test against the class's
 *       rows outside what was left out) and at least {@link Settings#minMovedRatio} times as often, and significantly
 *       more often than the class's other rows in its SPECTRE tail; where the group is loose (candidates under
 *       {@link #MIN_SEED_SHARE} of it), no more than a third of the candidates that leave may go to the class's nearest
 *       class ({@link #nearestClassShare}). Its candidates and the other rows of its group that the verdict's
 *       model puts in another class are flagged ({@link #flagGroup}).</li>
 * </ol>
 * The same persistence also checks the classes the scan itself flagged ({@link #heldClasses}): a trigger makes its
 * rows keep their label under superimposition, so a class whose flagged rows do not keep it significantly more often
 * than its other rows has no trigger behind its flags, only a natural kind of the class that activation clustering
 * or SPECTRE took for a group (measured on Fashion-MNIST: a BadNets class's flagged rows persist in 91% of cases
 * against 12% of its other rows; a falsely judged group of shorts among trousers in 0.7% against 0.4%), and its flags
 * are released. A poison without a trigger (a plain label flip) does not persist either and is released with them.
 * Costs a model trained once more (and once more for each class with no minority side), {@code perturbations}
 * predictions per row and a SPECTRE fit.
 */
public final class PersistenceCheck implements FlagExpansion {
    /**
     * The most of a class the grown group may hold: poisons are a minority of their class (activation clustering's
     * size rule, 35%); a discriminant that puts more on the candidates' side has split the class itself.
     */
    static final double MAX_GROWN_SHARE = 0.35;

    /**
     * The least share of the grown group its candidates make up for the group to be compact. The candidates are the
     * persistent rows of the class's top 10% of SPECTRE scores, so a strong poison group puts a good part of itself
     * among them (measured on Fashion-MNIST: 29-96% for Blend and BadNets groups), but a weak one may not (13.7% for
     * Blend 5% with an ASR of 71%), and neither does a discriminant that grows a clean class's strong rows into a
     * slice of the class (1.2-16.7% measured, about 70 class tests). Below this share the group is loose ({@link
     * GroupShape}): it is still left out of the verdict's retraining (with only the candidates out, the rest of a weak
     * group keeps the trigger alive and the candidates stay), and it is not refitted; but a clean slice left out takes
     * its strongest rows with it to the class's nearest class (measured: clean bags' 109 candidates, 89 left, 86 of
     * them for shirts), so a loose group's candidates must leave for other classes ({@link #MAX_NEAREST_SHARE}).
     */
    static final double MIN_SEED_SHARE = 0.2;

    /**
     * The most of a loose group's leaving candidates that may go to the class's nearest class (the one its other
     * leaving rows go to most): poisons drawn from other classes go back to them (a ninth each when drawn from nine;
     * measured: 6.3% for BadNets 1%), a lost natural kind of the class goes to its neighbour (clean bags: 97% to
     * shirts; clean shirts, which border several classes: 48.7% and 85% to T-shirts). Poisons taken from the target's
     * own nearest class alone cannot be told from such a kind, and a loose group of them is not confirmed.
     */
    static final double MAX_NEAREST_SHARE = 1.0 / 3;

    private static final String SPECTRE = "spectre";

    private final Settings settings;
    private final SuperimpositionPersistence persistence;
    private final Function<LabelledTensors, ImageClassifier> trainer;

    /**
     * @param minPersistence a candidate keeps its label in at least this share of its blends
     * @param outlierQuantile a candidate's SPECTRE score is at least this quantile of its class's scores
     * @param minCandidates a class with fewer candidates is not tested
     * @param significance the binomial test's level for the candidates leaving the class
     * @param minMovedRatio the candidates' share leaving the class, at least this multiple of the other rows' share
     * @param maxReferencePersistence the discriminant's reference rows keep their label in at most this share
     * @param minMovedShare at least this share of the candidates leave the class (exclusionary reclassification's
     *     majority rule)
     */
    public record Settings(double minPersistence, double outlierQuantile, int minCandidates, double significance,
            double minMovedRatio, double maxReferencePersistence, double minMovedShare) {
        public Settings {
            requireShare("minPersistence", minPersistence);
            requireShare("outlierQuantile", outlierQuantile);
            requireShare("maxReferencePersistence", maxReferencePersistence);
            requireShare("minMovedShare", minMovedShare);
            if (minCandidates < 2) {
                throw new IllegalArgumentException("minCandidates must be >= 2, got " + minCandidates);
            }
            if (!(significance > 0 && significance < 1)) {
                throw new IllegalArgumentException("significance must be in (0, 1), got " + significance);
            }
            if (!(minMovedRatio >= 1)) {
                throw new IllegalArgumentException("minMovedRatio must be >= 1, got " + minMovedRatio);
            }
        }

        /**
         * Persistence at least 7 of 8, SPECTRE's top 10%, 10 candidates, significance 1e-3, twice the other rows'
         * share, reference persistence at most one half, half of the candidates leaving.
         */
        public static Settings defaults() {
            return new Settings(0.875, 0.9, 10, 1e-3, 2.0, 0.5, FlaggedClassCheck.DEFAULT_MIN_MOVED_SHARE);
        }

        /**
         * Whether a tested class's candidates leave it often enough: significantly more often than its other rows
         * ({@link #leavingProbability} below {@link #significance}), at least {@link #minMovedRatio} times their
         * share, and at least {@link #minMovedShare} of them. Poisons are images of other classes and go back to them
         * once the trigger is gone (measured: 76-100% of a confirmed target's candidates on Fashion-MNIST and MNIST,
         * BadNets 1% to Blend 10%); a clean class that its nearest classes' rows border loses a minority of its
         * strong rows and can still pass the first two tests (MNIST eights at Blend 5%: 20.5% against 4.4%; bags on
         * Fashion-MNIST: 14.5% against 0.8%).
         */
        public boolean confirms(FlaggedClassCheck.ClassCheck c) {
            double base = Double.isNaN(c.baselineMoved()) ? 0 : c.baselineMoved();
            return leavingProbability(c) < significance && c.movedShare() >= minMovedRatio * base
                    && c.movedShare() >= minMovedShare;
        }

        /**
         * {@link #confirms(FlaggedClassCheck.ClassCheck)} against the class's other rows, and, where there is a tail
         * control ({@code tail} not null: the same candidates against the class's other rows in their SPECTRE tail),
         * the candidates also leave significantly more often than those. Candidates are atypical rows by construction,
         * and where the retrained model holds a class loosely its atypical clean rows leave it too; the ratio is asked
         * of the class-wide share only, since a group's removal also unsettles the rows nearest it (measured on
         * Fashion-MNIST: a confirmed class's other tail rows left at 18.8-37.0% while its candidates left at
         * 90.1-99.4%, and up to 67.8% in a variant that left out more of a loose group).
         */
        public boolean confirms(FlaggedClassCheck.ClassCheck all, FlaggedClassCheck.ClassCheck tail) {
            return confirms(all) && (tail == null || leavingProbability(tail) < significance);
        }

        /**
         * P[at least as many of the candidates leave their class], were each to leave as often as the class's other
         * rows (one-sided binomial test).
         */
        public static double leavingProbability(FlaggedClassCheck.ClassCheck c) {
            return excessProbability(c.flagged(), c.moved(), Double.isNaN(c.baselineMoved()) ? 0 : c.baselineMoved());
        }

        /**
         * P[at least {@code hits} of {@code count} rows], were each a hit with probability {@code baseShare}
         * (one-sided binomial test).
         */
        static double excessProbability(long count, long hits, double baseShare) {
            if (hits == 0) {
                return 1;
            }
            if (baseShare <= 0) {
                return 0;
            }
            return 1 - new BinomialDistribution(null, (int) count, Math.min(1, baseShare))
                    .cumulativeProbability((int) hits - 1);
        }

        /**
         * Whether a class's flagged rows persist like a trigger's: {@code hits} of its {@code count} flagged rows are
         * persistent, significantly more than {@code otherHits} of its {@code otherCount} other rows
         * ({@link #persistenceExcessProbability}), and either at least {@link #minMovedRatio} times their share or,
         * where the class's rows persist often anyway, at most 1 / {@link #minMovedRatio} times as often not (the tests
         * of {@link #confirms(FlaggedClassCheck.ClassCheck)}, on persistence instead of leaving). A class whose rows
         * are all flagged has no comparison and holds.
         */
        public boolean holds(long count, long hits, long otherCount, long otherHits) {
            if (otherCount == 0) {
                return true;
            }
            double baseShare = (double) otherHits / otherCount;
            double least = Math.min(minMovedRatio * baseShare, 1 - (1 - baseShare) / minMovedRatio);
            return persistenceExcessProbability(count, hits, otherCount, otherHits) < significance
                    && (double) hits / count >= least;
        }

        /**
         * P[at least {@code hits} persistent rows among the {@code count} flagged], were the flagged rows drawn at
         * random from the class (Fisher's exact test, one-sided). The other rows' share is an estimate, not a known
         * rate: taken as exact, a share of 0 made a single persistent row of 1,363 flagged sneakers significant
         * (measured: BadNets 5% on coats, seed 7; none of their 4,594 other rows persisted), and the flags of a clean
         * class held.
         */
        static double persistenceExcessProbability(long count, long hits, long otherCount, long otherHits) {
            if (hits == 0) {
                return 1;
            }
            return new HypergeometricDistribution(null, Math.toIntExact(count + otherCount),
                    Math.toIntExact(hits + otherHits), Math.toIntExact(count)).upperCumulativeProbability(
                            Math.toIntExact(hits));
        }

        private static void requireShare(String name, double v) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException(name + " must be in [0, 1], got " + v);
            }
        }
    }

    /**
     * @param trainer trains a fresh model, with the settings of the scanned one, on the rows it is given
     */
    public PersistenceCheck(Settings settings, SuperimpositionPersistence persistence,
            Function<LabelledTensors, ImageClassifier> trainer) {
        this.settings = settings;
        this.persistence = persistence;
        this.trainer = trainer;
    }

    @Override
    public String name() {
        return "persistence check";
    }

    /**
     * The check on the activations of the model's penultimate layer (the output of the block before its last one),
     * extracted here; give them to the other variant when they are at hand already.
     */
    @Override
    public boolean[] expand(LabelledTensors data, boolean[] flags, ImageClassifier model, Consumer<String> log) {
        int penultimate = model.block().getChildren().size() - 2;
        InMemorySource activations = new ActivationExtractor(FeatureLayer.prefix(model.block(), penultimate),
                model.trainer().getManager(), 512, ProgressListener.none()).extract(data, null, "penultimate layer");
        return expand(data, activations, flags, model, log);
    }

    @Override
    public boolean[] expand(LabelledTensors data, ActivationSource activations, boolean[] flags, ImageClassifier model,
            Consumer<String> log) {
        return check(data, activations, flags, null, model, log);
    }

    /** Takes SPECTRE's scores from the scan when it ran SPECTRE, instead of fitting it again. */
    @Override
    public boolean[] expand(LabelledTensors data, ActivationSource activations, ActivationScan.Outcome scan,
            ImageClassifier model, Consumer<String> log) {
        return check(data, activations, scan, model, log);
    }

    /**
     * The check of a scan's outcome, asking of the model only its classes: for a model that the caller keeps
     * training, such as the one a {@link ScanningTrainingListener} scans ({@link Classifier#of}).
     *
     * @param data the scanned rows' inputs and labels, row-aligned with the activations and the scan's flags
     * @param activations the scanned activations
     * @param scan the scan of those activations (its SPECTRE scores are used when it ran SPECTRE)
     * @param model the model trained on {@code data}
     * @param log receives one line per decision
     * @return the scan's flags with the confirmed classes' rows added and the flags of the classes that no trigger
     *     holds released
     */
    public boolean[] check(LabelledTensors data, ActivationSource activations, ActivationScan.Outcome scan,
            Classifier model, Consumer<String> log) {
        double[] spectre = scan.scores().containsKey(SPECTRE) ? scan.scores(SPECTRE) : null;
        return check(data, activations, scan.flags(), spectre, model, log);
    }

    /**
     * The classes with flags from the scan whose flagged rows persist like a trigger's ({@link Settings#holds}); the
     * others' flags are to be released. Logs each class's figures, with the share of its flagged rows that the model
     * itself puts in another class: where a released class's flagged rows are mostly such rows, they look like label
     * flips, or like poisons whose trigger the model has not learnt yet, and the log line says so. It is a hint, not a
     * test: the training hook's example on 3,000 rows scanned after one epoch flagged 18 rows of the target class, 13
     * of its 28 BadNets poisons among them, none persistent and 94% put in another class, but the same weak model put
     * all 13 of its false flags among trousers in another class too.
     *
     * @param persist each row's share of blends that keep its label
     * @param predicted the model's class for each row as it is
     */
    static java.util.Set<Integer> heldClasses(Settings settings, int[] labels, boolean[] flags, double[] persist,
            int[] predicted, Consumer<String> log) {
        java.util.TreeMap<Integer, long[]> counts = new java.util.TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            // flagged rows, their persistent rows, the other rows, their persistent rows; flagged rows and other rows
            // the model puts in another class
            long[] c = counts.computeIfAbsent(labels[i], k -> new long[6]);
            int at = flags[i] ? 0 : 2;
            c[at]++;
            c[at + 1] += persist[i] >= settings.minPersistence() ? 1 : 0;
            c[4 + at / 2] += predicted[i] != labels[i] ? 1 : 0;
        }
        java.util.Set<Integer> held = new java.util.TreeSet<>();
        counts.forEach((label, c) -> {
            if (c[0] == 0) {
                return;
            }
            double base = c[2] == 0 ? Double.NaN : (double) c[3] / c[2];
            boolean holds = settings.holds(c[0], c[1], c[2], c[3]);
            if (holds) {
                held.add(label);
            }
            boolean mostlyMisfit = 2 * c[4] > c[0];
            String verdict = holds ? "the scan's flags hold"
                    : "no trigger holds them, the scan's flags are released" + (mostlyMisfit ? " (most of them the"
                            + " model puts in another class: label flips, or poisons whose trigger it has not learnt"
                            + " yet; scan a model trained longer)" : "");
            log.accept(String.format(Locale.ROOT, "persistence check class %d: %d of its %d flagged rows are"
                    + " persistent (%.1f%%; its other rows: %.1f%%, p %.2g; the model puts %.1f%% of them in another"
                    + " class, %.1f%% of its other rows): %s", label, c[1], c[0], 100.0 * c[1] / c[0], 100 * base,
                    Settings.persistenceExcessProbability(c[0], c[1], c[2], c[3]), 100.0 * c[4] / c[0],
                    c[2] == 0 ? Double.NaN : 100.0 * c[5] / c[2], verdict));
        });
        return held;
    }

    /** @param spectre SPECTRE's score per row, or {@code null} to fit it here */
    private boolean[] check(LabelledTensors data, ActivationSource activations, boolean[] flags, double[] spectre,
            Classifier model, Consumer<String> log) {
        int n = data.size();
        if (activations.rowCount() != n || flags.length != n) {
            throw new IllegalArgumentException("data, activations and flags differ in rows: " + n + ", "
                    + activations.rowCount() + ", " + flags.length);
        }
        int[] labels = data.labels();
        double[] persist = persistence.scores(model, data);
        if (spectre == null) {
            spectre = new ActivationScan(Detectors.of(List.of(SPECTRE), Double.NaN), "java").scan(activations)
                    .scores(SPECTRE);
        } else if (spectre.length != n) {
            throw new IllegalArgumentException("SPECTRE scores for " + spectre.length + " rows, data has " + n);
        }
        java.util.Set<Integer> held = heldClasses(settings, labels, flags, persist, model.predict(data), log);
        double[] quantile = ClassQuantiles.of(labels, spectre);
        boolean[] candidate = new boolean[n];
        for (int i = 0; i < n; i++) {
            candidate[i] = persist[i] >= settings.minPersistence() && quantile[i] >= settings.outlierQuantile();
        }
        List<Integer> tested = ClassQuantiles.classesWithAtLeast(labels, candidate, settings.minCandidates());
        boolean[] out = flags.clone();
        for (int i = 0; i < n; i++) {
            out[i] &= held.contains(labels[i]);
        }
        if (tested.isEmpty()) {
            log.accept("persistence check: no class has " + settings.minCandidates() + " candidates");
            return out;
        }
        // Each tested class's candidates grow into their group first: a model retrained without the candidates
        // alone still learns the trigger from the rest of the group and keeps the candidates in the class.
        boolean[] grown = new boolean[n];
        boolean[] wide = new boolean[n];
        Map<Integer, double[][]> rowsOf = classRows(activations, tested, labels);
        java.util.Set<Integer> loose = new java.util.TreeSet<>();
        java.util.Set<Integer> wideClasses = new java.util.TreeSet<>();
        for (int label : tested) {
            Grown g = grow(rowsOf.get(label), labels, label, candidate, persist, grown, wide, log);
            if (g.shape().loose()) {
                loose.add(label);
            }
            if (g.wide()) {
                wideClasses.add(label);
            }
        }
        int[] predicted = retrainedPredictions(data, grown);
        Map<Integer, FlaggedClassCheck.ClassCheck> checks = classChecks(labels, candidate, grown, predicted);
        for (int label : tested) {
            if (!wideClasses.contains(label)) {
                judge(label, grown, predicted, checks.get(label), loose.contains(label), labels, candidate, quantile,
                        out, log);
                continue;
            }
            // A class with no minority side is judged in a model of its own, trained without its nearest slice as
            // well (and without the other classes' groups): out of the shared model, so that a third of one class left
            // out does not move the other classes' baselines (measured: leaving out 2,092 clean pullovers there raised
            // the share of the true shirts' other rows leaving their class from 17.8% to 45.5%, and the shirts were
            // rejected), and one model per such class, for the same reason.
            boolean[] leftOut = grown.clone();
            int slice = 0;
            for (int i = 0; i < n; i++) {
                if (wide[i] && labels[i] == label) {
                    leftOut[i] = true;
                    slice++;
                }
            }
            log.accept(String.format(Locale.ROOT, "persistence check class %d: no minority side; a model of its own,"
                    + " trained without its %d nearest rows as well, judges it", label, slice));
            int[] own = retrainedPredictions(data, leftOut);
            judge(label, leftOut, own, classChecks(labels, candidate, leftOut, own).get(label), loose.contains(label),
                    labels, candidate, quantile, out, log);
        }
        return out;
    }

    /** A model trained on the rows not left out, and its class for every row. */
    private int[] retrainedPredictions(LabelledTensors data, boolean[] leftOut) {
        int[] kept = java.util.stream.IntStream.range(0, data.size()).filter(i -> !leftOut[i]).toArray();
        try (ImageClassifier retrained = trainer.apply(data.select(kept))) {
            return retrained.predict(data);
        }
    }

    /**
     * Each class's candidates against its rows outside what was left out (the left-out rows that are not candidates
     * are neither: they were not trained on, so they would inflate the class's ordinary error).
     */
    private static Map<Integer, FlaggedClassCheck.ClassCheck> classChecks(int[] labels, boolean[] candidate,
            boolean[] leftOut, int[] predicted) {
        int[] judged = java.util.stream.IntStream.range(0, labels.length).filter(i -> candidate[i] || !leftOut[i])
                .toArray();
        Map<Integer, FlaggedClassCheck.ClassCheck> checks = new HashMap<>();
        new FlaggedClassCheck(1).check(pick(labels, judged), pick(candidate, judged), pick(predicted, judged))
                .forEach(c -> checks.put(c.label(), c));
        return checks;
    }

    /**
     * The verdict on one tested class from the model trained without {@code leftOut}, logged; a confirmed class's
     * group is flagged in {@code out}.
     */
    private void judge(int label, boolean[] leftOut, int[] predicted, FlaggedClassCheck.ClassCheck all,
            boolean isLoose, int[] labels, boolean[] candidate, double[] quantile, boolean[] out,
            Consumer<String> log) {
        double[] tail = tailLeaving(labels, label, candidate, leftOut, quantile, predicted);
        FlaggedClassCheck.ClassCheck tailCheck = tailControl(all, tail[0], (int) tail[1],
                settings.minCandidates());
        String controlRows = "its other tail rows outside the group";
        if (tailCheck == null && isLoose) {
            // A loose group left out took nearly all of the class's tail with it: its other rows, left out as
            // well, are then the candidates' matched control (a loosely held class sends them away too).
            tail = groupLeaving(labels, label, candidate, leftOut, predicted);
            tailCheck = tailControl(all, tail[0], (int) tail[1], settings.minCandidates());
            controlRows = "the other rows of its group";
        }
        boolean ok = settings.confirms(all, tailCheck);
        // Logged for every class, asked of loose groups only.
        double[] nearest = nearestClassShare(labels, label, candidate, leftOut, predicted);
        if (isLoose) {
            ok = ok && !(nearest[1] >= MAX_NEAREST_SHARE);
        }
        String nearestNote = Double.isNaN(nearest[1]) ? "" : String.format(Locale.ROOT, "; of the candidates"
                + " that leave, %.1f%% go to its nearest class %d", 100 * nearest[1], (int) nearest[0]);
        String tailNote = tailCheck == null ? "" : String.format(Locale.ROOT,
                "; %s: %.1f%% of %d, p %.2g", controlRows, 100 * tail[0], (int) tail[1],
                Settings.leavingProbability(tailCheck));
        log.accept(String.format(Locale.ROOT, "persistence check class %d: %d of its %d candidates leave it when"
                + " retrained without their group (%.1f%%; its rows outside the group: %.1f%%, p %.2g%s%s): %s",
                label, all.moved(), all.flagged(), 100 * all.movedShare(), 100 * all.baselineMoved(),
                Settings.leavingProbability(all), tailNote, nearestNote, ok ? "confirmed" : "rejected"));
        if (ok) {
            int[] trimmed = flagGroup(labels, label, leftOut, candidate, predicted, out);
            log.accept(String.format(Locale.ROOT, "persistence check class %d: flags %d rows of its %d-row group,"
                    + " its candidates and the rows that leave it (the %d others stay in the class when retrained"
                    + " without the group, and are not flagged)", label, trimmed[0], trimmed[0] + trimmed[1],
                    trimmed[1]));
        }
    }

    /**
     * A tested class's group.
     *
     * @param shape the shape of the group judged: the discriminant's side, or where that is no minority the nearest
     *     slice
     * @param wide the side was no minority: the class is judged in a model of its own, without its nearest slice
     */
    private record Grown(GroupShape shape, boolean wide) {
    }

    /**
     * Marks, in {@code grown}, the rows of {@code label} that the seeded discriminant puts on the candidates' side: the
     * group left out of the verdict's retraining, from which a confirmed class flags rows ({@link #flagGroup}). Where
     * the side holds no minority of the class, only the candidates are marked there, and in {@code wide} the
     * candidates with the rows that project highest on the discriminant, {@link #MAX_GROWN_SHARE} of the class in all
     * ({@link SeededDiscriminant#nearest}): the group, if any, is the side's far end, and with the candidates alone
     * left out the rest of it keeps the trigger alive (measured: BadNets 5% on Fashion-MNIST bags, 346 candidates of a
     * 2,822-row side, 28 of them left the class; with the 2,205 nearest rows left out, 182 did, and the class was
     * confirmed).
     */
    private Grown grow(double[][] x, int[] labels, int label, boolean[] candidate, double[] persist,
            boolean[] grown, boolean[] wide, Consumer<String> log) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == label) {
                rows.add(i);
            }
        }
        boolean[] seed = new boolean[rows.size()];
        boolean[] reference = new boolean[rows.size()];
        for (int k = 0; k < seed.length; k++) {
            int i = rows.get(k);
            seed[k] = candidate[i];
            reference[k] = !candidate[i] && persist[i] <= settings.maxReferencePersistence();
        }
        boolean[] found = SeededDiscriminant.defaults().flags(x, seed, reference);
        int seeds = countOf(seed);
        int first = countOf(found);
        GroupShape shape = GroupShape.of(seeds, first, found.length);
        String refitNote = "";
        if (shape.refits()) {
            // A seed of the group's most extreme rows pulls the first cut outwards (SeededDiscriminant.refit); the
            // refitted side is kept only if it is still a compact minority.
            boolean[] refit = SeededDiscriminant.defaults().refit(x, found, reference, seed);
            GroupShape refitShape = GroupShape.of(seeds, countOf(refit), found.length);
            if (refitShape.refits()) {
                found = refit;
                shape = refitShape;
                refitNote = String.format(Locale.ROOT, " (%d before the discriminant was refitted from that side)",
                        first);
            }
        }
        int count = countOf(found);
        boolean[] left = shape.leavesOutSide() ? found : seed;
        for (int k = 0; k < found.length; k++) {
            grown[rows.get(k)] = left[k];
        }
        if (!shape.minority()) {
            boolean[] slice = SeededDiscriminant.defaults().nearest(x, seed, reference,
                    (int) Math.floor(MAX_GROWN_SHARE * found.length));
            for (int k = 0; k < slice.length; k++) {
                wide[rows.get(k)] = slice[k];
            }
            GroupShape sliceShape = GroupShape.of(seeds, countOf(slice), found.length);
            log.accept(String.format(Locale.ROOT, "persistence check class %d: the discriminant seeded by its %d"
                    + " candidates puts %d of %d rows on their side (more than %d%% of the class: no minority group);"
                    + " its %d nearest rows are judged in a model of their own%s", label, seeds, count, found.length,
                    Math.round(MAX_GROWN_SHARE * 100), countOf(slice), sliceShape.loose() ? ", as a loose group"
                            : ""));
            return new Grown(sliceShape, true);
        }
        String note = shape.loose()
                ? " (the candidates are under " + Math.round(MIN_SEED_SHARE * 100) + "% of it: a loose group,"
                        + " confirmed only if at most a third of its leaving candidates go to the class's nearest"
                        + " class)"
                : refitNote;
        log.accept(String.format(Locale.ROOT, "persistence check class %d: the discriminant seeded by its %d"
                + " candidates puts %d of %d rows on their side%s", label, seeds, count, found.length, note));
        return new Grown(shape, false);
    }

    /**
     * Flags, in {@code out}, the candidates of {@code label}'s group and its other rows that the verdict's model
     * (trained without the group) puts in another class. The discriminant's side is a cut in activation space that
     * sweeps in the class's own rows next to the poisons, the more so where the class's reference rows are its weak
     * ones (measured on MNIST, whose zeros mostly keep their label under superimposition: 91 rows on the side of a
     * 39-poison Blend group, and 215 of a 39-poison BadNets group after the refit); without the trigger those rows stay
     * in their class, while the poisons, images of other classes, go back to them (all 39 in both, retrained without
     * the flagged rows; 2 and 0 of the clean rows left). The candidates, persistent and atypical, are flagged whether
     * they leave or not: they are the evidence the group was grown from. A poison whose source image the retrained
     * model already puts in the class stays unflagged too (5 of the 134-row group of {@code PersistenceCheckTest}'s
     * one-epoch model).
     *
     * @return the number of the group's rows flagged and of those that are not
     */
    static int[] flagGroup(int[] labels, int label, boolean[] group, boolean[] candidate, int[] predicted,
            boolean[] out) {
        int flagged = 0;
        int staying = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != label || !group[i]) {
                continue;
            }
            if (candidate[i] || predicted[i] != label) {
                out[i] = true;
                flagged++;
            } else {
                staying++;
            }
        }
        return new int[] {flagged, staying};
    }

    /**
     * The class's nearest class, the one its leaving rows outside what was left out go to most, and the share of its
     * leaving candidates that go there.
     *
     * @return {nearest class, share}, the share NaN when no candidate or no other row leaves the class
     */
    static double[] nearestClassShare(int[] labels, int label, boolean[] candidate, boolean[] grown,
            int[] predicted) {
        Map<Integer, Integer> others = new java.util.TreeMap<>();
        Map<Integer, Integer> candidates = new java.util.TreeMap<>();
        int leaving = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != label || predicted[i] == label) {
                continue;
            }
            if (!grown[i]) {
                others.merge(predicted[i], 1, Integer::sum);
            }
            if (candidate[i]) {
                candidates.merge(predicted[i], 1, Integer::sum);
                leaving++;
            }
        }
        if (others.isEmpty() || leaving == 0) {
            return new double[] {-1, Double.NaN};
        }
        // The most frequent destination; of equal counts the smallest class id (the map's order).
        int nearest = others.entrySet().stream().max(Map.Entry.<Integer, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder()))).orElseThrow().getKey();
        return new double[] {nearest, candidates.getOrDefault(nearest, 0) / (double) leaving};
    }

    /**
     * The candidates' check against their class's other tail rows (outside what was left out), where there are at
     * least {@code minRows} of them; else {@code null}.
     */
    static FlaggedClassCheck.ClassCheck tailControl(FlaggedClassCheck.ClassCheck all, double tailShare, int tailRows,
            int minRows) {
        return tailRows >= minRows
                ? new FlaggedClassCheck.ClassCheck(all.label(), all.flagged(), all.moved(), tailShare, all.confirmed())
                : null;
    }

    /**
     * The control matched to the candidates: the share of the class's other rows in the same SPECTRE tail, outside
     * the left-out group, that leave the class. Where the retrained model holds a class loosely, its atypical clean
     * rows leave it far more often than its typical ones (measured on the reduced run: shirts, 97% of the tail against
     * 37% of the rest), which the class-wide share alone would take for the poisons' exit.
     *
     * @return the share leaving and the number of such rows
     */
    private double[] tailLeaving(int[] labels, int label, boolean[] candidate, boolean[] grown, double[] quantile,
            int[] predicted) {
        int rows = 0;
        int left = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == label && !candidate[i] && !grown[i] && quantile[i] >= settings.outlierQuantile()) {
                rows++;
                left += predicted[i] != label ? 1 : 0;
            }
        }
        return new double[] {rows == 0 ? 0 : (double) left / rows, rows};
    }

    /**
     * The share of the class's left-out rows that are not candidates that leave it, and their number.
     *
     * @return the share leaving and the number of such rows
     */
    private static double[] groupLeaving(int[] labels, int label, boolean[] candidate, boolean[] grown,
            int[] predicted) {
        int rows = 0;
        int left = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == label && grown[i] && !candidate[i]) {
                rows++;
                left += predicted[i] != label ? 1 : 0;
            }
        }
        return new double[] {rows == 0 ? 0 : (double) left / rows, rows};
    }

    /**
     * What the discriminant's side of a class is taken for.
     *
     * @param minority the side holds at most {@link #MAX_GROWN_SHARE} of the class
     * @param compact the candidates make up at least {@link #MIN_SEED_SHARE} of the side
     */
    record GroupShape(boolean minority, boolean compact) {
        static GroupShape of(int candidates, int side, int classRows) {
            return new GroupShape(side <= MAX_GROWN_SHARE * classRows, candidates >= MIN_SEED_SHARE * side);
        }

        /**
         * A confirmed class flags from the side, unless it is no minority (then from its nearest slice): the rows left
         * out, since only their exit from the class under the verdict's model says which of them to flag.
         */
        boolean flagsSide() {
            return leavesOutSide();
        }

        /**
         * The shared verdict model leaves out the side whenever it is a minority (else the candidates alone; the class
         * is then judged in a model of its own).
         */
        boolean leavesOutSide() {
            return minority;
        }

        /** A minority side refitted from itself: only a compact one (a loose one's refit would drift further). */
        boolean refits() {
            return minority && compact;
        }

        /** A minority side its candidates make up little of: confirmed only against the class's nearest class. */
        boolean loose() {
            return minority && !compact;
        }
    }

    private static int[] pick(int[] v, int[] at) {
        return Arrays.stream(at).map(i -> v[i]).toArray();
    }

    private static boolean[] pick(boolean[] v, int[] at) {
        boolean[] out = new boolean[at.length];
        for (int k = 0; k < at.length; k++) {
            out[k] = v[at[k]];
        }
        return out;
    }

    private static int countOf(boolean[] v) {
        int c = 0;
        for (boolean b : v) {
            c += b ? 1 : 0;
        }
        return c;
    }

    /** The activations of the given classes' rows, per class in source order, read in one pass. */
    private static Map<Integer, double[][]> classRows(ActivationSource activations, List<Integer> classes,
            int[] labels) {
        Map<Integer, double[][]> out = new HashMap<>();
        Map<Integer, Integer> filled = new HashMap<>();
        for (int label : classes) {
            out.put(label, new double[(int) Arrays.stream(labels).filter(l -> l == label).count()][]);
            filled.put(label, 0);
        }
        try (BatchReader reader = activations.open(4096)) {
            for (Batch b = reader.next(); b != null; b = reader.next()) {
                for (int r = 0; r < b.rows(); r++) {
                    double[][] x = out.get(b.labels()[r]);
                    if (x == null) {
                        continue;
                    }
                    double[] row = new double[b.dim()];
                    for (int a = 0; a < row.length; a++) {
                        row[a] = b.features()[b.offset(r) + a];
                    }
                    x[filled.merge(b.labels()[r], 1, Integer::sum) - 1] = row;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
