package io.driftline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.Alert;
import io.driftline.AlertStatus;
import io.driftline.AlertType;
import io.driftline.DriftReport;
import io.driftline.Label;
import io.driftline.RetrainRequest;
import io.driftline.devkit.payments.DemoDrift;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.devkit.payments.Transactions;
import io.driftline.models.bundle.ModelBundle;
import io.driftline.schemas.serde.AvroSerdes;
import io.driftline.testing.SharedKafka;
import io.driftline.topology.stats.DemoPopulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's drift story on a real broker, end to end through the alert and retrain stages: the demo's payments
 * (the cards the model was trained on, with profiles and window aggregates) with the demo's drift injected for three
 * windows open the amount's DATA_DRIFT alert, make exactly one retrain request, and resolve the alert once the drift
 * is removed; the same run without the drift opens no alert and requests nothing.
 *
 * <p>Synthetic event time, produced as fast as the broker takes it: seven ten-minute windows (about 2,000 payments
 * each) starting 90 minutes ago, so a run takes seconds. Cold start: the model reads ten-minute per-card aggregates,
 * which are not full until ten minutes of payments have passed; both runs start their data at a window boundary so
 * that the whole warm-up falls into window 0. That window may report the aggregates as drifted (it does: the
 * windows start empty), but one window is below the alert policy's two and the retrain policy's three, and the next
 * window is clean, so the warm-up opens nothing in either run and the drift run's alert and request come from the
 * injected drift alone.
 *
 * <p>Default thresholds, every metric on, Wasserstein included: with k = 400 sketches and its warn level at
 * 0.2 reference sd, stationary windows of the demo stay well below it on every feature (below 0.1 in
 * {@code StatsTopologyTest}, heavy-tailed amounts included), so "the stationary run opens nothing" holds as the
 * README says it, with nothing switched off.
 */
class DemoDriftIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final long MINUTE = 60_000;
    private static final long WINDOW = 10 * MINUTE;
    private static final int WINDOWS = 7;
    private static final long TRAINING_SEED = 61;

    private static ModelBundle bundle;

    @BeforeAll
    static void trainOnce() {
        bundle = DemoModel.train("1", TRAINING_SEED, 2_000);
    }

    @Test
    void shouldOpenTheAmountAlertAskForOneRetrainAndResolveWhenInjectedDriftIsRemoved() throws Exception {
        // Windows 0 (warm-up) and 1 clean; the demo's amount drift in 2, 3 and 4; clean again in 5 and 6.
        Run run = run(DemoDrift.Kind.AMOUNT, 2, 5, false);

        assertThat(run.alerts).as(run.describe()).anySatisfy(a -> {
            assertThat(a.getType()).isEqualTo(AlertType.DATA_DRIFT);
            assertThat(a.getSubject()).isEqualTo("amount");
            assertThat(a.getStatus()).isEqualTo(AlertStatus.OPEN);
            assertThat(a.getWindowStart().toEpochMilli()).as("opened on the second drifted window")
                    .isEqualTo(run.window(3));
        });
        assertThat(run.alerts).as(run.describe()).anySatisfy(a -> {
            assertThat(a.getSubject()).isEqualTo("amount");
            assertThat(a.getStatus()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(a.getWindowStart().toEpochMilli()).as("resolved on the second clean window")
                    .isEqualTo(run.window(6));
        });
        assertThat(run.retrains).as(run.describe()).hasSize(1);
        RetrainRequest request = run.retrains.get(0);
        assertThat(request.getModel()).isEqualTo("fraud");
        assertThat(request.getModelVersion()).isEqualTo("1");
        assertThat(request.getDriftedFeatures()).extracting(f -> f.getFeature()).contains("amount");
        assertThat(request.getReasons()).anySatisfy(r -> assertThat(r).contains("DATA_DRIFT"));
        assertThat(request.getDataWindowStart().toEpochMilli()).isEqualTo(run.window(2));
        assertThat(request.getDataWindowEnd().toEpochMilli()).isEqualTo(run.window(5));
    }

    @Test
    void shouldOpenNoAlertAndAskForNoRetrainWithoutDrift() throws Exception {
        Run run = run(DemoDrift.Kind.AMOUNT, -1, -1, false);

        assertThat(run.reports).as("every window closed and reported").hasSize(WINDOWS);
        assertThat(run.reports.stream().filter(r -> r.getWindowStart().toEpochMilli() >= run.window(1)))
                .as(run.describe()).noneMatch(DriftReport::getDrifted);
        assertThat(run.alerts).as(run.describe()).isEmpty();
        assertThat(run.retrains).as(run.describe()).isEmpty();
    }

    @Test
    void shouldSeeConceptDriftInTheLabelsWhileTheEventsStayTheSame() throws Exception {
        // The demo's concept drift from window 3: one in ten legitimate-looking payments is fraud; labels are the
        // payments' true outcomes, 30 s after each payment.
        Run run = run(DemoDrift.Kind.CONCEPT, 3, WINDOWS, true);

        List<DriftReport> labelled = run.reports.stream().filter(r -> r.getWindowStart().toEpochMilli() >= run.window(1))
                .toList();
        assertThat(labelled).as(run.describe()).allSatisfy(r -> {
            assertThat(r.getLabelled()).as("labels counted in window %s", r.getWindowStart()).isGreaterThan(1_000);
            assertThat(r.getPerformance()).extracting(m -> m.getMetric()).contains("accuracy", "log_loss", "auc");
        });
        assertThat(labelled.stream().filter(r -> r.getWindowStart().toEpochMilli() < run.window(3)))
                .as("before the change the model performs as on its held-out data" + run.describe())
                .allSatisfy(r -> assertThat(r.getPerformance()).noneMatch(m -> m.getDrifted()));
        assertThat(labelled.stream().filter(r -> r.getWindowStart().toEpochMilli() >= run.window(4)))
                .as("after it, performance has fallen" + run.describe())
                .allSatisfy(r -> assertThat(r.getPerformance()).anyMatch(m -> m.getDrifted()));
        assertThat(run.alerts).as(run.describe()).anySatisfy(a -> {
            assertThat(a.getType()).isEqualTo(AlertType.CONCEPT_DRIFT);
            assertThat(a.getStatus()).isEqualTo(AlertStatus.OPEN);
            assertThat(a.getWindowStart().toEpochMilli()).as("signalled on labels after the change")
                    .isGreaterThanOrEqualTo(run.window(3));
        });
        assertThat(run.alerts).as(run.describe()).anySatisfy(a -> {
            assertThat(a.getType()).isEqualTo(AlertType.PERFORMANCE);
            assertThat(a.getStatus()).isEqualTo(AlertStatus.OPEN);
        });
        assertThat(run.alerts).as("the events did not change: no data drift" + run.describe())
                .noneMatch(a -> a.getType() == AlertType.DATA_DRIFT);
        assertThat(run.retrains).as(run.describe()).singleElement().satisfies(r ->
                assertThat(r.getReasons()).anyMatch(reason -> reason.startsWith("PERFORMANCE fell")));
    }

    /** What one run left on the output topics. */
    private record Run(long t0, List<DriftReport> reports, List<Alert> alerts, List<RetrainRequest> retrains) {

        long window(int i) {
            return t0 + i * WINDOW;
        }

        String describe() {
            StringBuilder out = new StringBuilder();
            reports.forEach(r -> out.append("\nreport ").append((r.getWindowStart().toEpochMilli() - t0) / WINDOW)
                    .append(r.getDrifted() ? " drifted " : " clean ").append(r.getFeatures().stream()
                            .filter(f -> f.getDrifted()).map(f -> f.getFeature() + f.getMetrics().stream()
                                    .filter(m -> m.getDrifted()).map(m -> m.getMetric() + "=" + m.getValue()).toList())
                            .toList()).append(r.getPrediction() != null && r.getPrediction().getDrifted() ? " score" : ""));
            reports.forEach(r -> out.append("\nperformance ").append((r.getWindowStart().toEpochMilli() - t0) / WINDOW)
                    .append(' ').append(r.getLabelled()).append(' ').append(r.getPerformance().stream()
                            .map(m -> m.getMetric() + "=" + m.getValue() + (m.getDrifted() ? "!" : "")).toList()));
            alerts.forEach(a -> out.append("\nalert ").append(a.getStatus()).append(' ').append(a.getMessage()));
            retrains.forEach(r -> out.append("\nretrain ").append(r.getReasons()));
            return out.toString();
        }
    }

    /**
     * Runs the demo's payments through a fresh instance with the demo's drift of {@code kind} from window
     * {@code driftFrom} to {@code driftUntil} (exclusive; -1: none), until every window is reported and the alert and
     * retrain stages have seen them. With labels, each payment's outcome follows 30 s after it, and the payments go
     * out a window at a time, each once the previous window's labels have joined: sent all at once, the events (one
     * hop from the statistics) would close windows long before their labels (three hops) arrive.
     */
    private Run run(DemoDrift.Kind kind, int driftFrom, int driftUntil, boolean labels) throws Exception {
        // The event times start 90 minutes ago, not months ago, so that the broker's retention keeps every record.
        long t0 = (System.currentTimeMillis() - 90 * MINUTE) / WINDOW * WINDOW;
        Transactions.Generator world = DemoPopulation.payments(TRAINING_SEED, t0); // fixed seeds: the same data each run
        Transactions.Generator drifted = DemoDrift.of(kind).apply(world);
        try (ServiceHarness h = new ServiceHarness()
                .override(DriftlineConfig.AGGREGATES, DemoModel.AGGREGATES)
                .override(DriftlineConfig.DRIFT_WINDOW_SIZE_MS, WINDOW)
                // Labels reach the statistics tasks from three join tasks through one more topic, so in a replay
                // this fast they arrive out of order by tens of seconds of event time: a minute of grace keeps them.
                .override(DriftlineConfig.DRIFT_WINDOW_GRACE_MS, labels ? MINUTE : 10_000L)
                .override(DriftlineConfig.LABELS_ENABLED, labels)
                .override(DriftlineConfig.LABELS_MAX_DELAY_MS, 5 * MINUTE)
                .override(DriftlineConfig.CONCEPT_QUIET_MS, 600_000L)) {
            DriftlineConfig config = h.config();
            TopicProvisioner.ensure(config.clientConfig(), config.topicNames(), config.topicPartitions(),
                    config.topicReplication());
            h.publishProfiles(world.cards()); // before the start: the global table loads them first
            DriftlineService service = h.start();
            h.publish(DemoModel.MODEL, bundle.toUpdate());
            ServiceHarness.await("v1 serving", TIMEOUT, () -> "1".equals(service.models().currentVersion("fraud")));

            // Past the last window's end plus grace closes it on every partition.
            long end = t0 + WINDOWS * WINDOW + (labels ? 2 : 1) * MINUTE;
            List<List<Transactions.Payment>> windows = new ArrayList<>();
            Transactions.Generator source = world;
            for (Transactions.Payment p = source.nextPayment(); p.eventTime() < end; p = source.nextPayment()) {
                int window = (int) ((p.eventTime() - t0) / WINDOW);
                while (windows.size() <= window) {
                    windows.add(new ArrayList<>());
                }
                windows.get(window).add(p);
                source = window >= driftFrom && window < driftUntil ? drifted : world;
            }
            long labelsSent = 0;
            for (List<Transactions.Payment> payments : windows) {
                h.sendPayments(payments);
                if (labels) {
                    labelsSent += sendLabels(h, payments);
                    long expected = labelsSent;
                    ServiceHarness.await("labels joined", TIMEOUT,
                            () -> service.metrics().labels().joined() >= expected);
                    h.awaitQuiet(TIMEOUT); // and on through the repartition topics to the statistics tasks
                }
            }
            ServiceHarness.await("reports of all windows", TIMEOUT,
                    () -> read(h, "drift-reports", DriftReport.class).size() >= WINDOWS);
            h.awaitQuiet(TIMEOUT); // the alert and retrain stages have read every report: all they send is out
            return new Run(t0, read(h, "drift-reports", DriftReport.class), read(h, "alerts", Alert.class),
                    read(h, "retrain-requests", RetrainRequest.class));
        }
    }

    /** Each payment's true outcome, 30 s after it, keyed by its transaction id (the predictions' event id). */
    private static long sendLabels(ServiceHarness h, List<Transactions.Payment> payments) {
        try (KafkaProducer<String, Label> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(),
                AvroSerdes.specific(Label.class, h.registryClient, h.serdeConfig, false).serializer())) {
            for (Transactions.Payment p : payments) {
                String eventId = p.transaction().get("transactionId").toString();
                long at = p.eventTime() + 30_000;
                producer.send(new ProducerRecord<>(h.topic("labels"), null, at, eventId, Label.newBuilder()
                        .setEventId(eventId).setLabel(p.fraud() ? DemoModel.FRAUD : DemoModel.LEGIT)
                        .setTimestamp(java.time.Instant.ofEpochMilli(at)).build()));
            }
        }
        return payments.size();
    }

    /** Every committed record of one output topic so far. */
    private static <V extends SpecificRecord> List<V> read(ServiceHarness h, String name, Class<V> type) {
        List<V> out = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                AvroSerdes.specific(type, h.registryClient, h.serdeConfig, false).deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(h.topic(name)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() != null) {
                        out.add(r.value());
                    }
                }
            }
        }
        return out;
    }
}
