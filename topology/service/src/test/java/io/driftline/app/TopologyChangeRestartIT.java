package io.driftline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.Prediction;
import io.driftline.devkit.payments.DemoModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stages turned on and off between runs on the same state directory, as users and upgrades do: each start serves
 * the model it had (nothing re-published) and scores every new event exactly once. Before the local state check,
 * the start with labels off failed every time ("Metrics recorder is re-initialised with different task",
 * KAFKA-13009).
 */
class TopologyChangeRestartIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Test
    void shouldStartOnTheSameStateWithLabelsOnThenOffThenOtherAggregates() throws Exception {
        try (ServiceHarness h = new ServiceHarness()) {
            h.override(DriftlineConfig.AGGREGATES, DemoModel.AGGREGATES)
                    .override(DriftlineConfig.LABELS_ENABLED, true);
            h.start();
            h.publish(DemoModel.MODEL, DemoModel.train("3", 3, 1_000).toUpdate());
            List<String> ids = new ArrayList<>(h.produce(150));
            assertThat(h.readPredictions(ids.size(), TIMEOUT)).hasSize(ids.size());
            h.stop();

            for (Object[] change : new Object[][] {
                    {DriftlineConfig.LABELS_ENABLED, false},
                    {DriftlineConfig.AGGREGATES, "txn_count_10m=count(amount)@10m,amount_max_5m=max(amount)@5m"},
                    {DriftlineConfig.LABELS_ENABLED, true}}) {
                h.override((String) change[0], change[1]);
                DriftlineService service = h.start();
                assertThat(service.models().serving()).as("restored from the model-update topic after " + change[0]
                        + "=" + change[1]).extracting(m -> m.model() + " v" + m.version()).containsExactly("fraud v3");

                ids.addAll(h.produce(150));
                List<Prediction> predictions = h.readPredictions(ids.size(), TIMEOUT);
                assertThat(predictions).extracting(Prediction::getEventId).as("after " + change[0] + "=" + change[1])
                        .containsExactlyInAnyOrderElementsOf(ids);
                h.stop();
            }
        }
    }
}
