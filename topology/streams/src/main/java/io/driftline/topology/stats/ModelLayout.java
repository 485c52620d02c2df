package io.driftline.topology.stats;

import io.driftline.FeatureSpec;
import io.driftline.OutputKind;
import io.driftline.OutputSpec;
import io.driftline.Prediction;
import io.driftline.models.drift.CategoryBuckets;
import io.driftline.models.drift.FeatureKind;
import io.driftline.models.drift.PerformanceStats;
import io.driftline.models.drift.ReferenceFeature;
import io.driftline.models.features.FeatureEncoder;
import io.driftline.models.profile.AvroDrift;
import io.driftline.topology.label.LabelledPrediction;
import io.driftline.topology.score.ScoredEvent;
import io.driftline.topology.score.ServingModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;

/**
 * How one model version's events turn into window statistics: which manifest features are tracked (those the
 * reference profile describes, with the reference's kind), the reference buckets numeric values are counted on,
 * and the vocabulary of categorical ones. Built once per model version on a stream thread; immutable.
 *
 * <p>Values are counted as the model's own encoder read them while scoring, before its missing policy
 * ({@link ScoredEvent#observed()}: no path resolved and no category looked up a second time), so a missing value
 * counts as missing rather than as the default the model is fed; an event scored without them noted is read
 * through the encoder's paths instead ({@link FeatureEncoder#rawValue}), to the same counts. A present numeric value is narrowed to a float first: the model sees floats, and the
 * reference profile is built from the float rows the model was trained on, so a value lands in the same bin on
 * both sides even where it equals a bin edge.
 */
final class ModelLayout {

    /**
     * @param vocabulary the categorical feature's words keyed as Avro decodes strings ({@link Utf8}, whose equality
     *                   is its bytes'), so that a decoded value finds its word without a String made per event; null
     *                   for a numeric feature
     * @param words      the categorical feature's vocabulary by index, as the encoder numbers it; null for a numeric
     *                   feature
     */
    private record Tracked(int index, String name, ReferenceFeature reference, Map<Utf8, String> vocabulary,
                           String[] words) {

        /** The category a value counts under: its vocabulary word or {@link CategoryBuckets#UNSEEN}; null: missing. */
        String category(Object raw) {
            if (raw == null) {
                return null;
            }
            String word = vocabulary.get(raw instanceof Utf8 utf8 ? utf8 : new Utf8(raw.toString()));
            return word != null ? word : CategoryBuckets.UNSEEN;
        }

        /**
         * The category of a vocabulary index as the encoder noted it (the vocabulary size for an unseen value); null
         * for NaN, a missing value.
         */
        String category(double index) {
            if (Double.isNaN(index)) {
                return null;
            }
            return index >= 0 && index < words.length ? words[(int) index] : CategoryBuckets.UNSEEN;
        }

        /**
         * Where {@link #category(double)}'s word sits in the vocabulary, {@code words.length} for unseen: a slot
         * that {@link CategoryStats#add(String, int)} counts in without a lookup by name.
         */
        int slot(double index) {
            return index >= 0 && index < words.length ? (int) index : words.length;
        }
    }

    private final String model;
    private final String version;
    private final FeatureEncoder encoder;
    private final List<Tracked> tracked;
    private final ReferenceFeature score;
    private final OutputKind outputKind;
    private final String positiveClass;

    private ModelLayout(String model, String version, FeatureEncoder encoder, List<Tracked> tracked,
            ReferenceFeature score, OutputKind outputKind, String positiveClass) {
        this.model = model;
        this.version = version;
        this.encoder = encoder;
        this.tracked = tracked;
        this.score = score;
        this.outputKind = outputKind;
        this.positiveClass = positiveClass;
    }

    /** The layout of a serving model, or null when its bundle has no reference profile to compare with. */
    static ModelLayout of(ServingModel serving) {
        if (serving.referenceProfile() == null) {
            return null;
        }
        Map<String, ReferenceFeature> references = AvroDrift.features(serving.referenceProfile()).stream()
                .collect(Collectors.toMap(ReferenceFeature::name, Function.identity(), (a, b) -> a));
        List<FeatureSpec> specs = serving.manifest().getFeatures();
        List<Tracked> tracked = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            FeatureSpec spec = specs.get(i);
            ReferenceFeature reference = references.get(spec.getName());
            if (reference == null) {
                continue; // nothing to compare with: not worth keeping
            }
            Map<Utf8, String> vocabulary = null;
            String[] words = null;
            if (reference.kind() == FeatureKind.CATEGORICAL) {
                vocabulary = new HashMap<>();
                List<String> list = spec.getVocabulary() == null ? List.of() : spec.getVocabulary();
                for (String word : list) {
                    vocabulary.put(new Utf8(word), word);
                }
                vocabulary = Map.copyOf(vocabulary);
                words = list.toArray(new String[0]);
            }
            tracked.add(new Tracked(i, spec.getName(), reference, vocabulary, words));
        }
        OutputSpec output = serving.manifest().getOutput();
        return new ModelLayout(serving.model(), serving.version(), serving.encoder(), List.copyOf(tracked),
                AvroDrift.prediction(serving.referenceProfile()), output.getKind(),
                output.getKind() == OutputKind.BINARY ? output.getPositiveClass() : null);
    }

    /** Empty statistics of this model version over a window. */
    WindowStats newWindow(long windowStart, long windowEnd, boolean shadow) {
        List<FeatureStats> features = new ArrayList<>(tracked.size());
        for (Tracked t : tracked) {
            features.add(t.vocabulary() == null ? new NumericStats(t.name(), t.reference().bucketCount())
                    : new CategoryStats(t.name()));
        }
        NumericStats scoreStats = score == null ? null : new NumericStats(score.name(), score.bucketCount());
        return new WindowStats(model, version, shadow, windowStart, windowEnd, features, scoreStats, Map.of(), 0,
                new PerformanceStats());
    }

    /** Counts one scored event into the window's statistics. */
    void add(WindowStats window, ScoredEvent scored) {
        if (window.comparison() != null && scored.champion() != null) {
            window.comparison().add(scored.champion().version(), scored.champion().score(),
                    scored.champion().label(), scored.prediction().getScore(),
                    scored.prediction().getLabel() == null ? null : scored.prediction().getLabel().toString());
        }
        double[] observed = scored.observed();
        addFeatures(window, observed, observed == null ? scored.event().features() : null);
        Prediction prediction = scored.prediction();
        if (window.score() != null) {
            double value = prediction.getScore();
            if (Double.isNaN(value)) {
                window.score().addMissing();
            } else {
                window.score().add(value, score.bucket(value));
            }
        }
        window.countEvent(prediction.getLabel());
    }

    /**
     * Counts the tracked features: from what the encoder noted while scoring ({@link ScoredEvent#observed()}), or,
     * for an event scored without notes, read from the event through the encoder's paths; both give the same counts.
     */
    private void addFeatures(WindowStats window, double[] observed, GenericRecord view) {
        List<FeatureStats> features = window.features();
        for (int f = 0; f < tracked.size(); f++) {
            Tracked t = tracked.get(f);
            if (t.vocabulary() == null) {
                // A present value as the model's float input holds it (see numeric); NaN when missing.
                double value = observed != null ? (float) observed[t.index()] : numeric(rawOf(view, t));
                NumericStats stats = (NumericStats) features.get(f);
                if (!Double.isFinite(value)) {
                    stats.addMissing();
                } else {
                    stats.add(value, t.reference().bucket(value));
                }
            } else {
                CategoryStats stats = (CategoryStats) features.get(f);
                if (observed != null) {
                    double index = observed[t.index()];
                    if (Double.isNaN(index)) {
                        stats.addMissing();
                    } else {
                        stats.add(t.category(index), t.slot(index));
                    }
                    continue;
                }
                String category = t.category(rawOf(view, t));
                if (category == null) {
                    stats.addMissing();
                } else {
                    stats.add(category);
                }
            }
        }
    }

    private Object rawOf(GenericRecord view, Tracked t) {
        return view == null ? null : encoder.rawValue(view, t.index());
    }

    /**
     * Counts one labelled prediction into the window's performance (see {@link LabelledPrediction#countInto}).
     *
     * @return false when the label cannot judge this model's prediction
     */
    boolean addLabelled(WindowStats window, LabelledPrediction labelled) {
        boolean counted = labelled.countInto(window.performance(), outputKind, positiveClass);
        io.driftline.Prediction prediction = labelled.prediction();
        if (counted && window.comparison() != null && prediction.getChampionScore() != null) {
            // The same event as the champion judged it: a labelled pair for the paired test of the difference.
            if (outputKind == io.driftline.OutputKind.REGRESSION) {
                window.comparison().addLabelledValue(prediction.getChampionScore(), prediction.getScore(),
                        labelled.label().getValue());
            } else {
                String truth = labelled.label().getLabel().toString();
                window.comparison().addLabelledClass(prediction.getChampionLabel() != null
                        && truth.equals(prediction.getChampionLabel().toString()), labelled.correct());
            }
        }
        return counted;
    }

    /**
     * A present value as the model's float input holds it, or NaN for a missing one. Values of the wrong type never
     * get here (the encoder refused them while scoring and the event went to the dead-letter topic); should one, it
     * counts as missing rather than failing the statistics.
     */
    private static double numeric(Object raw) {
        if (raw instanceof Number number) {
            double value = (float) number.doubleValue();
            return Double.isFinite(value) ? value : Double.NaN;
        }
        if (raw instanceof Boolean bool) {
            return bool ? 1.0 : 0.0;
        }
        return Double.NaN;
    }

    String model() {
        return model;
    }

    String version() {
        return version;
    }
}
