package io.driftline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.Label;
import io.driftline.ModelAction;
import io.driftline.ModelAuditEvent;
import io.driftline.ModelAuditType;
import io.driftline.ModelUpdate;
import io.driftline.Prediction;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.devkit.payments.Transactions;
import io.driftline.devkit.registry.DevSchemaRegistry;
import io.driftline.schemas.serde.AvroSerdes;
import io.driftline.testing.SharedKafka;
import io.driftline.topology.promote.PromotionStage;
import io.driftline.topology.stats.DemoPopulation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The automatic promotion policy on a real broker with labels: v1 serves, v2 scores beside it as a shadow; each
 * event's label is sent after its predictions. When the labels side with v2 wherever the two disagree, v2 is
 * promoted after two windows, by the policy, on its archived bundle, and the audit trail says why; when they side
 * with v1, v2 never is.
 */
class AutoPromotionIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final long MINUTE = 60_000;
    private static final long WINDOW = 10 * MINUTE;
    private static final long SEED = 61;

    private static ModelUpdate champion;
    private static ModelUpdate challenger;

    @BeforeAll
    static void train() {
        champion = DemoModel.train("1", SEED, 2_000).toUpdate();
        challenger = DemoModel.train("2", 7, 150).toUpdate(); // other rows, far fewer: they disagree on some events
        challenger.setAction(ModelAction.SHADOW);
    }

    @Test
    void shouldPromoteAChallengerTheLabelsFavour() throws Exception {
        List<ModelAuditEvent> trail = run(true);
        assertThat(trail).extracting(ModelAuditEvent::getType).contains(ModelAuditType.PROMOTED);
        ModelAuditEvent promoted = trail.stream().filter(e -> e.getType() == ModelAuditType.PROMOTED).findFirst()
                .orElseThrow();
        assertThat(promoted.getVersion()).isEqualTo("2");
        assertThat(promoted.getActor()).isEqualTo(PromotionStage.ACTOR);
        assertThat(promoted.getEvidence()).containsEntry("policy", "auto").containsEntry("champion", "1")
                .containsKey("lastPValue");
    }

    @Test
    void shouldNeverPromoteAChallengerTheLabelsDisfavour() throws Exception {
        // (run(false) also checks that the shadow's reports carry the comparison with the labelled pairs)
        List<ModelAuditEvent> trail = run(false);
        assertThat(trail).extracting(ModelAuditEvent::getType).doesNotContain(ModelAuditType.PROMOTED);
    }

    /** Four windows of payments, each labelled after its predictions; returns the model's audit trail. */
    private List<ModelAuditEvent> run(boolean labelsFavourChallenger) throws Exception {
        long t0 = (System.currentTimeMillis() - 90 * MINUTE) / WINDOW * WINDOW;
        Transactions.Generator world = DemoPopulation.payments(SEED, t0);
        try (DevSchemaRegistry registry = DevSchemaRegistry.start("localhost", 0, null);
                ServiceHarness h = new ServiceHarness(registry)
                        .override(DriftlineConfig.AGGREGATES, DemoModel.AGGREGATES)
                        .override(DriftlineConfig.DRIFT_WINDOW_SIZE_MS, WINDOW)
                        .override(DriftlineConfig.DRIFT_WINDOW_GRACE_MS, MINUTE)
                        .override(DriftlineConfig.LABELS_ENABLED, true)
                        .override(DriftlineConfig.LABELS_MAX_DELAY_MS, 5 * MINUTE)
                        .override("promotion.mode", "auto")
                        .override("promotion.windows", 2)
                        .override("promotion.min.labelled", 100)) {
            DriftlineConfig config = h.config();
            TopicProvisioner.ensure(config.clientConfig(), config.topicNames(), config.topicPartitions(),
                    config.topicReplication());
            h.publishProfiles(world.cards());
            DriftlineService service = h.start();
            h.publish(DemoModel.MODEL, champion);
            ServiceHarness.await("v1 serving", TIMEOUT, () -> "1".equals(service.models().currentVersion("fraud")));
            h.publish(DemoModel.MODEL, challenger);
            ServiceHarness.await("v2 shadowing", TIMEOUT, () -> service.models().serving().stream()
                    .anyMatch(m -> m.shadow() && m.version().equals("2")));

            int predictions = 0;
            long labels = 0;
            Transactions.Payment next = world.nextPayment();
            for (int w = 0; w < 5; w++) {
                List<Transactions.Payment> window = new ArrayList<>();
                while (next.eventTime() < t0 + (w + 1) * WINDOW && window.size() < 600) {
                    window.add(next);
                    next = world.nextPayment();
                }
                while (next.eventTime() < t0 + (w + 1) * WINDOW) {
                    next = world.nextPayment(); // the rest of the window unsent: 600 a window are enough
                }
                h.sendPayments(window);
                predictions += 2 * window.size(); // the champion's and the shadow's
                if (w == 4) {
                    break; // the last window only closes the one before
                }
                List<Prediction> all = h.readPredictions(predictions, TIMEOUT);
                Map<String, Prediction> shadow = all.stream().filter(Prediction::getShadow)
                        .collect(Collectors.toMap(p -> p.getEventId().toString(), p -> p, (a, b) -> a));
                labels += sendLabels(h, window, shadow, labelsFavourChallenger);
                long expected = labels;
                ServiceHarness.await("labels in", TIMEOUT, () -> service.metrics().labels().labels() >= expected);
                h.awaitQuiet(TIMEOUT);
            }
            h.awaitQuiet(TIMEOUT);
            if (labelsFavourChallenger) {
                ServiceHarness.await("v2 promoted", TIMEOUT,
                        () -> "2".equals(service.models().currentVersion("fraud")));
            }
            h.awaitQuiet(TIMEOUT);
            List<io.driftline.DriftReport> shadowReports = h.readCommitted(h.topic("drift-reports"),
                    new org.apache.kafka.common.serialization.StringDeserializer(),
                    AvroSerdes.specific(io.driftline.DriftReport.class, h.registryClient, h.serdeConfig, false)
                            .deserializer(), 1, TIMEOUT).stream().map(r -> r.value())
                    .filter(r -> r.getShadow()).toList();
            assertThat(shadowReports).as("the shadow's reports compare it with the champion on the same events")
                    .isNotEmpty().allSatisfy(r -> {
                        assertThat(r.getComparison()).isNotNull();
                        assertThat(r.getComparison().getChampionVersion()).isEqualTo("1");
                        assertThat(r.getComparison().getEvents()).isPositive();
                        assertThat(r.getComparison().getScoreCorrelation()).isNotNull();
                    });
            assertThat(shadowReports).anySatisfy(r -> {
                assertThat(r.getComparison().getPairedLabelled()).isGreaterThanOrEqualTo(100);
                assertThat(r.getComparison().getPerformancePValue()).isNotNull();
            });
            return AuditTrail.read(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()),
                    h.topic("model-audit"), AvroSerdes.specific(ModelAuditEvent.class, h.registryClient, h.serdeConfig,
                            false).deserializer(), "fraud", Duration.ofSeconds(10));
        }
    }

    /** Each payment's label 30 s after it: the challenger's predicted label, or the champion's. */
    private static long sendLabels(ServiceHarness h, List<Transactions.Payment> payments, Map<String, Prediction> shadow,
                                   boolean challengersLabel) {
        long sent = 0;
        try (KafkaProducer<String, Label> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()), new StringSerializer(),
                AvroSerdes.specific(Label.class, h.registryClient, h.serdeConfig, false).serializer())) {
            for (Transactions.Payment p : payments) {
                String eventId = p.transaction().get("transactionId").toString();
                Prediction s = shadow.get(eventId);
                if (s == null || s.getChampionLabel() == null) {
                    continue;
                }
                String truth = challengersLabel ? s.getLabel().toString() : s.getChampionLabel().toString();
                long at = p.eventTime() + 30_000;
                producer.send(new ProducerRecord<>(h.topic("labels"), null, at, eventId, Label.newBuilder()
                        .setEventId(eventId).setLabel(truth).setTimestamp(Instant.ofEpochMilli(at)).build()));
                sent++;
            }
        }
        return sent;
    }
}
