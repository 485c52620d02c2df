package io.driftline.topology.concept;

import io.driftline.Prediction;
import io.driftline.ReferenceProfile;
import io.driftline.models.drift.PageHinkley;
import io.driftline.topology.label.LabelMetrics;
import io.driftline.topology.label.LabelledPrediction;
import io.driftline.topology.score.ModelRegistry;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs one Page-Hinkley test per served model version on the per-event error ({@link PredictionError}) of the
 * labelled predictions this task joins, and forwards a {@link ConceptSignal} keyed by model the moment a test
 * signals, without waiting for a window to close. Each task sees a share of every model's labelled predictions
 * (labels are spread by event id), which carries the same change in error. Shadow versions are not watched: their
 * drift pages no one.
 *
 * <p>The tests' state is in the changelogged, cached store {@value ConceptStage#DETECTOR_STORE}, so a restart
 * continues where it stopped; the cache turns the write per labelled prediction into one per key per commit.
 */
final class ConceptDriftProcessor extends ContextualProcessor<String, LabelledPrediction, String, ConceptSignal> {

    private final ModelRegistry registry;
    private final PageHinkley.Settings settings;
    private final LabelMetrics metrics;
    private final Map<String, PageHinkley> tests = new HashMap<>();
    private KeyValueStore<String, PageHinkley> store;

    ConceptDriftProcessor(ModelRegistry registry, PageHinkley.Settings settings, LabelMetrics metrics) {
        this.registry = registry;
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, ConceptSignal> context) {
        super.init(context);
        store = context.getStateStore(ConceptStage.DETECTOR_STORE);
        tests.clear();
    }

    @Override
    public void process(Record<String, LabelledPrediction> record) {
        Prediction prediction = record.value().prediction();
        if (prediction.getShadow()) {
            return;
        }
        double error = PredictionError.of(record.value(), regressionScale(prediction));
        if (Double.isNaN(error)) {
            return;
        }
        String key = prediction.getModel() + '\u0000' + prediction.getModelVersion();
        PageHinkley test = tests.computeIfAbsent(key, this::load);
        if (test.add(error)) {
            metrics.conceptSignal();
            ConceptSignal signal = new ConceptSignal(prediction.getModel(), prediction.getModelVersion(),
                    record.timestamp(), test.lastSignal().count(), test.lastSignal().mean(),
                    test.lastSignal().statistic(), settings.lambda(),
                    context().taskId().partition());
            context().forward(new Record<>(prediction.getModel(), signal, record.timestamp()));
        }
        store.put(key, test);
    }

    private double regressionScale(Prediction prediction) {
        if (prediction.getLabel() != null) {
            return 1;
        }
        ReferenceProfile profile = registry.referenceProfile(prediction.getModel(), prediction.getModelVersion());
        return profile == null || profile.getPrediction() == null ? 1 : profile.getPrediction().getStddev();
    }

    private PageHinkley load(String key) {
        PageHinkley stored = store.get(key);
        return stored == null ? new PageHinkley(settings) : stored;
    }
}
