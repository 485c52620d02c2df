package io.driftline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftline.DriftReport;
import io.driftline.FeatureDrift;
import io.driftline.MetricResult;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.devkit.payments.Transactions;
import io.driftline.models.bundle.ModelBundle;
import io.driftline.schemas.serde.AvroSerdes;
import io.driftline.testing.SharedKafka;
import io.driftline.topology.stats.DemoPopulation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Drift reports on a real broker: the demo's payments (of the cards the model was trained on, in the simulation's
 * event time, with card profiles, window aggregates and three partitions), one report per model version per closed
 * window, a doubled amount flagged and stationary data not, and a window that spans a restart with lost local
 * state counts every event once.
 *
 * <p>Windows are five minutes of event time (about 1,000 payments); the simulation's event time runs from half an
 * hour ago and is produced as fast as the broker takes it, so the whole run takes seconds. Windows close on stream
 * time: no task is idle for the wall-clock idle close (30 s) before the end.
 */
class DriftReportIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final long MINUTE = 60_000;
    private static final long WINDOW = 5 * MINUTE;
    private static final long TRAINING_SEED = 61;

    @Test
    void shouldReportEachClosedWindowOnceAndFlagAShiftedAmountAcrossARestart() throws Exception {
        ModelBundle bundle = DemoModel.train("1", TRAINING_SEED, 2_000);
        // The simulation starts half an hour ago: its event times are months behind the wall clock otherwise, and
        // the broker's time-based retention (a week) may delete such records in the middle of the test.
        long t0 = (System.currentTimeMillis() - 30 * MINUTE) / WINDOW * WINDOW;
        Transactions.Generator stationary = DemoPopulation.payments(TRAINING_SEED, t0); // the cards it was trained on
        try (ServiceHarness h = new ServiceHarness()
                .override(DriftlineConfig.AGGREGATES, DemoModel.AGGREGATES)
                .override(DriftlineConfig.DRIFT_WINDOW_SIZE_MS, WINDOW)
                .override(DriftlineConfig.DRIFT_WINDOW_GRACE_MS, 10_000L)) {
            DriftlineConfig config = h.config();
            TopicProvisioner.ensure(config.clientConfig(), config.topicNames(), config.topicPartitions(),
                    config.topicReplication());
            h.publishProfiles(stationary.cards()); // before the start: the global table loads them first
            DriftlineService first = h.start();
            h.publish(DemoModel.MODEL, bundle.toUpdate());
            ServiceHarness.await("v1 serving", TIMEOUT, () -> "1".equals(first.models().currentVersion("fraud")));

            // Windows 0 and 1 warm the ten-minute aggregates up; 2 is stationary; 3 has doubled amounts and is cut
            // by a restart; payments up to a minute past window 3 close it on every partition.
            long clean = t0 + 2 * WINDOW;
            long shifted = t0 + 3 * WINDOW;
            long restartAt = shifted + WINDOW / 2;
            List<Transactions.Payment> before = payments(stationary, t0, shifted);
            Transactions.Generator doubled = stationary.withAmountShift(2.0);
            before.addAll(payments(doubled, shifted, restartAt));
            List<Transactions.Payment> after = payments(doubled, restartAt, shifted + WINDOW + MINUTE);
            h.sendPayments(before);
            ServiceHarness.await("reports of windows 0 to 2", TIMEOUT, () -> reports(h).size() >= 3);
            ServiceHarness.await("every payment before the restart scored", TIMEOUT,
                    () -> h.readPredictions(before.size(), Duration.ofMillis(500)).size() >= before.size());

            h.stop();
            deleteLocalState(h); // window 3's first half must come back from the changelog
            h.start();
            h.sendPayments(after);
            ServiceHarness.await("report of window 3", TIMEOUT, () -> reports(h).size() >= 4);
            h.awaitQuiet(TIMEOUT); // every record the payments lead to is processed: a second report would be here

            List<DriftReport> reports = reports(h);
            Map<Long, List<DriftReport>> byWindow = reports.stream()
                    .collect(Collectors.groupingBy(r -> r.getWindowStart().toEpochMilli()));
            assertThat(byWindow.keySet()).containsExactlyInAnyOrder(t0, t0 + WINDOW, clean, shifted);
            assertThat(byWindow.values()).allSatisfy(list -> assertThat(list).hasSize(1));
            DriftReport stationaryReport = byWindow.get(clean).get(0);
            DriftReport drifted = byWindow.get(shifted).get(0);
            List<Transactions.Payment> all = new ArrayList<>(before);
            all.addAll(after);
            assertThat(stationaryReport.getCount()).isEqualTo(countIn(all, clean));
            assertThat(drifted.getCount()).as("every event of the window that spans the restart, once")
                    .isEqualTo(countIn(all, shifted));
            assertThat(List.of(stationaryReport, drifted)).allSatisfy(r -> {
                assertThat(r.getModel()).isEqualTo("fraud");
                assertThat(r.getModelVersion()).isEqualTo("1");
                assertThat(r.getPartitions()).isEqualTo(3);
                assertThat(r.getInputPartitions()).isEqualTo(3);
                assertThat(r.getSufficientSample()).isTrue();
            });
            // The amount with every metric, Wasserstein included; other features of a stationary window of 1,000
            // events sit near the Jensen-Shannon level (about 0.095 against 0.1 on amount_sum_10m and the score
            // here), which is the drift tests' business, but none is near the Wasserstein one (0.2 sd; below 0.1).
            assertThat(feature(stationaryReport, "amount").getMetrics()).as(describe(stationaryReport))
                    .anyMatch(m -> m.getMetric().equals("wasserstein")).noneMatch(MetricResult::getDrifted);
            assertThat(stationaryReport.getFeatures()).as(describe(stationaryReport))
                    .flatMap(FeatureDrift::getMetrics).filteredOn(m -> m.getMetric().equals("wasserstein"))
                    .isNotEmpty().noneMatch(MetricResult::getDrifted);
            assertThat(feature(drifted, "amount").getMetrics()).as(describe(drifted))
                    .filteredOn(m -> m.getMetric().equals("ks") || m.getMetric().equals("psi"))
                    .hasSize(2).allMatch(MetricResult::getDrifted);
            assertThat(feature(drifted, "amount").getDrifted()).isTrue();
            // Moments merged across partitions and the restart are exact: the mean the payments have (as floats).
            assertThat(feature(stationaryReport, "amount").getMean())
                    .isCloseTo(meanAmount(all, clean), within(1e-9 * meanAmount(all, clean)));
            assertThat(feature(drifted, "amount").getMean())
                    .isCloseTo(meanAmount(all, shifted), within(1e-9 * meanAmount(all, shifted)));
            assertThat(drifted.getDrifted()).isTrue();
        }
    }

    /** The simulation's payments from {@code from} (earlier ones skipped) to {@code until}, in event time. */
    private static List<Transactions.Payment> payments(Transactions.Generator generator, long from, long until) {
        List<Transactions.Payment> out = new ArrayList<>();
        while (true) {
            Transactions.Payment payment = generator.nextPayment();
            if (payment.eventTime() >= until) {
                return out; // the one past the end is dropped: the next batch starts where this one stops
            }
            if (payment.eventTime() >= from) {
                out.add(payment);
            }
        }
    }

    private static double meanAmount(List<Transactions.Payment> payments, long windowStart) {
        return payments.stream().filter(p -> p.eventTime() >= windowStart && p.eventTime() < windowStart + WINDOW)
                .mapToDouble(p -> (float) ((Number) p.transaction().get("amount")).doubleValue()).average()
                .orElseThrow();
    }

    private static long countIn(List<Transactions.Payment> payments, long windowStart) {
        return payments.stream().filter(p -> p.eventTime() >= windowStart && p.eventTime() < windowStart + WINDOW)
                .count();
    }

    /** Every committed drift report so far. */
    private static List<DriftReport> reports(ServiceHarness h) {
        List<DriftReport> out = new ArrayList<>();
        try (KafkaConsumer<String, DriftReport> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                AvroSerdes.specific(DriftReport.class, h.registryClient, h.serdeConfig, false).deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(h.topic("drift-reports")).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, DriftReport> r : consumer.poll(Duration.ofMillis(200))) {
                    assertThat(r.key()).isEqualTo(r.value().getModel());
                    out.add(r.value());
                }
            }
        }
        return out;
    }

    private static String describe(DriftReport report) {
        StringBuilder out = new StringBuilder("window " + report.getWindowStart() + ", " + report.getCount() + ":");
        List<FeatureDrift> all = new ArrayList<>(report.getFeatures());
        all.add(report.getPrediction());
        for (FeatureDrift f : all) {
            out.append("\n  ").append(f.getFeature()).append(f.getDrifted() ? " DRIFT" : "");
            f.getMetrics().forEach(m -> out.append(String.format(" %s=%.4f%s", m.getMetric(), m.getValue(),
                    m.getPValue() == null ? "" : String.format("(p %.2g)", m.getPValue()))));
        }
        return out.toString();
    }

    private static FeatureDrift feature(DriftReport report, String name) {
        return report.getFeatures().stream().filter(f -> f.getFeature().equals(name)).findFirst().orElseThrow();
    }

    /** Removes the stopped instance's local state, so that its restart must restore from the changelogs. */
    private static void deleteLocalState(ServiceHarness h) throws IOException {
        Path appState = h.stateDir.resolve(h.prefix + "app");
        try (Stream<Path> paths = Files.walk(appState)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
