package io.driftline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.EventFilter;
import io.driftline.ModelUpdate;
import io.driftline.Prediction;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.models.bundle.Sha256;
import io.driftline.testing.SharedKafka;
import io.driftline.topology.score.BundleRejectedException;
import io.driftline.topology.score.ModelEvent;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/**
 * Routing on a real KRaft broker: two models on two topics in one service, the second topic created after the
 * service started (the pattern subscription finds it without a restart); each topic's events are scored only by
 * its model into its own output topic, and bad deploys of one model leave the other's predictions as they were.
 * And a topic whose model is not deployed yet: its events wait in the parked store through a restart and are
 * scored once each when the model arrives. The merchant model's route has a field filter that selects every event,
 * and the service's view of the models ({@code /api/models}) shows both routes.
 */
class RoutingIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    void shouldScoreEachTopicOnlyByItsModelAndKeepOneModelsPredictionsThroughTheOthersBadDeploys() throws Exception {
        try (ServiceHarness h = new ServiceHarness()) {
            DriftlineService service = h.start();
            h.publish("fraud", DemoModel.train("1", 101, 2_000).toUpdate());
            ServiceHarness.await("fraud v1 serving", TIMEOUT, () -> "1".equals(service.models().currentVersion("fraud")));
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(h.topic("merchant-events"), 2, (short) 1))).all()
                        .get(30, TimeUnit.SECONDS);
            }
            h.publish("merchant", routed(DemoModel.train("1", 202, 2_000).toUpdate(), "merchant"));
            ServiceHarness.await("merchant v1 serving", TIMEOUT,
                    () -> "1".equals(service.models().currentVersion("merchant")));

            Set<String> events = new HashSet<>(h.produce(400));
            Set<String> merchant = new HashSet<>(h.produceTo("merchant-events", 300));

            List<Prediction> fraudPredictions = h.readPredictions(400, TIMEOUT);
            List<Prediction> merchantPredictions = h.readPredictions("merchant-predictions", 300, TIMEOUT);
            assertThat(fraudPredictions).hasSize(400).allSatisfy(p -> assertThat(p.getModel()).isEqualTo("fraud"));
            assertThat(fraudPredictions).extracting(Prediction::getEventId).containsExactlyInAnyOrderElementsOf(events);
            assertThat(merchantPredictions).hasSize(300)
                    .allSatisfy(p -> assertThat(p.getModel()).isEqualTo("merchant"))
                    .allSatisfy(p -> assertThat(p.getSourceTopic()).isEqualTo(h.topic("merchant-events")));
            assertThat(merchantPredictions).extracting(Prediction::getEventId)
                    .containsExactlyInAnyOrderElementsOf(merchant);
            // What /api/models shows of each route: the topics it reads and writes, and the merchant's filter.
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> serving = (List<Map<String, Object>>) new ServiceView(service).models()
                    .get("models");
            assertThat(serving).extracting(row -> row.get("model")).containsExactly("fraud", "merchant");
            assertThat(serving.get(0)).containsEntry("inputTopics", Set.of(h.topic("events")))
                    .containsEntry("outputTopic", h.topic("predictions")).doesNotContainKey("filter");
            assertThat(serving.get(1)).containsEntry("inputTopics", Set.of(h.topic("merchant-events")))
                    .containsEntry("outputTopic", h.topic("merchant-predictions"))
                    .containsEntry("filter", Map.of("field", "cardPresent", "values", Set.of("false", "true")));

            // Two bad deploys of the merchant model: a tampered bundle, and one routed onto a topic nobody reads.
            ModelUpdate tampered = routed(DemoModel.train("2", 303, 1_000).toUpdate(), "merchant");
            tampered.setSha256(Sha256.hex("tampered".getBytes()));
            h.publish("merchant", tampered);
            ModelUpdate unroutable = DemoModel.train("3", 404, 1_000).toUpdate();
            unroutable.setModel("merchant");
            unroutable.getManifest().setInputTopics(List.of("loans"));
            h.publish("merchant", unroutable);
            ServiceHarness.await("both rejected", TIMEOUT, () -> service.models().history().stream()
                    .filter(e -> e.kind() == ModelEvent.Kind.REJECTED && e.model().equals("merchant")).count() == 2);
            assertThat(service.models().history()).filteredOn(e -> "3".equals(e.version())).first()
                    .satisfies(e -> {
                        assertThat(e.reason()).isEqualTo(BundleRejectedException.UNROUTABLE);
                        assertThat(e.message()).contains("input topic '" + h.topic("loans") + "'")
                                .contains("ingest.topics.pattern");
                    });

            Set<String> later = new HashSet<>(h.produce(200));
            List<Prediction> all = h.readPredictions(600, TIMEOUT);
            assertThat(all).hasSize(600);
            assertThat(all).filteredOn(p -> later.contains(p.getEventId())).hasSize(200)
                    .allSatisfy(p -> assertThat(p.getModel() + " v" + p.getModelVersion()).isEqualTo("fraud v1"));
            // The same fraud model scores the same features alike before and after the other model's rejections.
            assertThat(service.models().currentVersion("fraud")).isEqualTo("1");
            assertThat(service.models().currentVersion("merchant")).isEqualTo("1");
            assertThat(h.readPredictions("merchant-predictions", 300, TIMEOUT)).hasSize(300);
        }
    }

    @Test
    void shouldKeepATopicsEventsParkedThroughARestartUntilItsModelDeploysAndScoreEachOnce() throws Exception {
        try (ServiceHarness h = new ServiceHarness()) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(h.topic("merchant-events"), 2, (short) 1))).all()
                        .get(30, TimeUnit.SECONDS);
            }
            DriftlineService first = h.start();
            h.publish("fraud", DemoModel.train("1", 101, 2_000).toUpdate());
            ServiceHarness.await("fraud v1 serving", TIMEOUT, () -> "1".equals(first.models().currentVersion("fraud")));
            Set<String> merchant = new HashSet<>(h.produceTo("merchant-events", 300));
            Set<String> events = new HashSet<>(h.produce(100));
            // No model reads merchant-events yet: its events wait while the events topic scores on.
            assertThat(h.readPredictions(100, TIMEOUT)).extracting(Prediction::getEventId)
                    .containsExactlyInAnyOrderElementsOf(events);
            ServiceHarness.await(() -> "300 merchant events parked, not " + first.metrics().score().parked(), TIMEOUT,
                    () -> first.metrics().score().parked() == 300);
            h.stop();

            DriftlineService second = h.start(); // the same state directory and application id: a restart
            ServiceHarness.await(() -> "the parked events restored, not " + second.metrics().score().parked(), TIMEOUT,
                    () -> second.metrics().score().parked() == 300);
            merchant.addAll(h.produceTo("merchant-events", 100)); // queued behind the parked ones
            h.publish("merchant", routed(DemoModel.train("1", 202, 2_000).toUpdate(), "merchant"));
            ServiceHarness.await("merchant v1 serving (its output topic created)", TIMEOUT,
                    () -> "1".equals(second.models().currentVersion("merchant")));

            List<Prediction> scored = h.readPredictions("merchant-predictions", 400, TIMEOUT);
            ServiceHarness.await(() -> "the parked store drained, " + second.metrics().score().parked() + " left", TIMEOUT,
                    () -> second.metrics().score().parked() == 0);
            assertThat(scored).extracting(Prediction::getEventId).containsExactlyInAnyOrderElementsOf(merchant);
            assertThat(h.readPredictions("merchant-predictions", 400, TIMEOUT)).as("nothing scored twice").hasSize(400);
            assertThat(h.readPredictions(100, TIMEOUT)).as("the events topic's predictions, once each").hasSize(100);
        }
    }

    private static ModelUpdate routed(ModelUpdate update, String model) {
        update.setModel(model);
        update.getManifest().setInputTopics(List.of("merchant-events"));
        update.getManifest().setOutputTopic("merchant-predictions");
        // Selects every event (a boolean compares as its text): the filter's path runs on a real broker too.
        update.getManifest().setFilter(EventFilter.newBuilder().setField("cardPresent")
                .setValues(List.of("true", "false")).build());
        return update;
    }
}
