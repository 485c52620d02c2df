package io.driftline.app;


import io.driftline.Alert;
import io.driftline.DriftReport;
import io.driftline.Label;
import io.driftline.RetrainRequest;
import io.driftline.devkit.payments.DemoDrift;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.devkit.payments.Transactions;
import io.driftline.devkit.registry.DevSchemaRegistry;
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

/**
 * The demo's drift story on a real broker, as {@link DemoDriftIT} tells it and other modules' integration tests
 * reuse it (the connectors read its alerts, reports and requests): the demo's payments with the demo's drift of
 * one kind injected for some windows, through a fresh service instance, until every window is reported and the alert
 * and retrain stages have seen them. Synthetic event time, seven ten-minute windows starting 90 minutes ago, so a
 * run takes seconds; see {@link DemoDriftIT} for why its windows open what they open.
 */
public final class DemoDriftStory {

    /** Windows of {@link #WINDOW} ms in a story. */
    public static final int WINDOWS = 7;
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final long MINUTE = 60_000;
    /** The drift windows' size. */
    public static final long WINDOW = 10 * MINUTE;
    static final long TRAINING_SEED = 61;

    private static ModelBundle bundle;

    private DemoDriftStory() {
    }

    private static synchronized ModelBundle bundle() {
        if (bundle == null) {
            bundle = DemoModel.train("1", TRAINING_SEED, 2_000);
        }
        return bundle;
    }

    /** What one run left on the output topics (named with {@code prefix}). */
    public record Run(long t0, String prefix, List<DriftReport> reports, List<Alert> alerts,
            List<RetrainRequest> retrains) {

        /** The start of window {@code i}. */
        public long window(int i) {
            return t0 + i * WINDOW;
        }

        /** The topic {@code name} of this run. */
        public String topic(String name) {
            return prefix + name;
        }

        /** What each window reported, and every alert and request: for assertion messages. */
        public String describe() {
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
    public static Run run(DemoDrift.Kind kind, int driftFrom, int driftUntil, boolean labels) throws Exception {
        try (DevSchemaRegistry registry = DevSchemaRegistry.start("localhost", 0, null)) {
            return run(registry, kind, driftFrom, driftUntil, labels);
        }
    }

    /** As {@link #run(DemoDrift.Kind, int, int, boolean)}, on a registry the caller owns (and keeps running). */
    public static Run run(DevSchemaRegistry registry, DemoDrift.Kind kind, int driftFrom, int driftUntil,
            boolean labels) throws Exception {
        // The event times start 90 minutes ago, not months ago, so that the broker's retention keeps every record.
        long t0 = (System.currentTimeMillis() - 90 * MINUTE) / WINDOW * WINDOW;
        Transactions.Generator world = DemoPopulation.payments(TRAINING_SEED, t0); // fixed seeds: the same data each run
        Transactions.Generator drifted = DemoDrift.of(kind).apply(world);
        try (ServiceHarness h = new ServiceHarness(registry)
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
            h.publish(DemoModel.MODEL, bundle().toUpdate());
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
            return new Run(t0, h.prefix, read(h, "drift-reports", DriftReport.class), read(h, "alerts", Alert.class),
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
