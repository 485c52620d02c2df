package io.driftline.topology.concept;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.Label;
import io.driftline.Prediction;
import io.driftline.models.drift.PageHinkley;
import io.driftline.topology.label.LabelMetrics;
import io.driftline.topology.label.LabelledPrediction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The Page-Hinkley detector across a restart: its state is in {@value ConceptStage#DETECTOR_STORE}, so a processor
 * closed and rebuilt on the same store (what a restart restores from the changelog) signals at the same labelled
 * prediction, with the same statistic, as one that never stopped. That the store is changelogged is checked in
 * {@code LabelFailurePathsTest}.
 */
class ConceptDetectorRestartTest {

    private static final long T0 = 1_800_000_000_000L;
    private static final int STABLE = 300;
    private static final int TOTAL = 600;

    /** Right with probability 0.95 (error 0.05, a little noise) for {@value #STABLE}, then mostly wrong. */
    private static List<LabelledPrediction> stream() {
        List<LabelledPrediction> out = new ArrayList<>(TOTAL);
        for (int i = 0; i < TOTAL; i++) {
            double pTrue = i < STABLE ? 0.95 - (i % 5) * 0.01 : (i % 3 == 0 ? 0.9 : 0.3);
            Prediction prediction = Prediction.newBuilder().setEventId("e" + i).setModel("fraud").setModelVersion("1")
                    .setScore(pTrue).setLabel("fraud").setScores(Map.of("fraud", pTrue, "legit", 1 - pTrue))
                    .setEventTime(Instant.ofEpochMilli(T0 + i)).setScoredAt(Instant.ofEpochMilli(T0 + i)).build();
            Label label = Label.newBuilder().setEventId("e" + i).setLabel("fraud")
                    .setTimestamp(Instant.ofEpochMilli(T0 + i + 10_000)).build();
            out.add(new LabelledPrediction(prediction, label));
        }
        return out;
    }

    private static KeyValueStore<String, PageHinkley> store() {
        KeyValueStore<String, PageHinkley> store = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(ConceptStage.DETECTOR_STORE), Serdes.String(),
                        DetectorLayout.of(PageHinkley.Settings.defaults()))
                .withLoggingDisabled().build();
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    /** A detector task on {@code store}; returns the indexes (into the stream) of the records that signalled. */
    private static final class Task {
        final MockProcessorContext<String, ConceptSignal> context = new MockProcessorContext<>();
        final ConceptDriftProcessor processor = new ConceptDriftProcessor(null, PageHinkley.Settings.defaults(),
                new LabelMetrics());

        Task(KeyValueStore<String, PageHinkley> store) {
            context.addStateStore(store);
            processor.init(context);
        }

        List<ConceptSignal> run(List<LabelledPrediction> records) {
            for (LabelledPrediction labelled : records) {
                processor.process(new Record<>(labelled.prediction().getEventId(), labelled,
                        labelled.label().getTimestamp().toEpochMilli()));
            }
            List<ConceptSignal> out = context.forwarded().stream().map(f -> (ConceptSignal) f.record().value()).toList();
            context.resetForwards();
            processor.close();
            return out;
        }
    }

    @Test
    void shouldSignalAtTheSamePointWhenRestartedOnItsStore() {
        List<LabelledPrediction> stream = stream();
        List<ConceptSignal> uninterrupted = new Task(store()).run(stream);
        assertThat(uninterrupted).as("the rise is caught, after the change and not at once").isNotEmpty();
        long firstAt = uninterrupted.get(0).at() - T0 - 10_000;
        assertThat(firstAt).isBetween((long) STABLE, (long) STABLE + 200);

        // Restart before the change and once more in the middle of the rise, each time on the same store.
        for (int cut : new int[] {STABLE / 2, (int) firstAt - 5}) {
            KeyValueStore<String, PageHinkley> store = store();
            List<ConceptSignal> before = new Task(store).run(stream.subList(0, cut));
            List<ConceptSignal> after = new Task(store).run(stream.subList(cut, TOTAL));
            List<ConceptSignal> restarted = new ArrayList<>(before);
            restarted.addAll(after);
            assertThat(restarted).as("restarted after " + cut + " labelled predictions")
                    .usingRecursiveFieldByFieldElementComparator().isEqualTo(uninterrupted);
        }
    }

    @Test
    void shouldStartOverWhenTheStoreIsLost() {
        // The contrast that shows the test above depends on the store: a fresh store just before the signal
        // point hides the rise from the rebuilt detector (it must warm up again) and moves the signal.
        List<LabelledPrediction> stream = stream();
        List<ConceptSignal> uninterrupted = new Task(store()).run(stream);
        long firstAt = uninterrupted.get(0).at() - T0 - 10_000;
        int cut = (int) firstAt - 5;
        new Task(store()).run(stream.subList(0, cut));
        List<ConceptSignal> fresh = new Task(store()).run(stream.subList(cut, TOTAL));
        assertThat(fresh.isEmpty() || fresh.get(0).at() != uninterrupted.get(0).at()).isTrue();
    }
}
