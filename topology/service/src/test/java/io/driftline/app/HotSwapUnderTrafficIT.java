package io.driftline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.Prediction;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.testing.SharedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/**
 * README "Hot swap": v2 published while events are produced and consumed, on the real broker. Every event has
 * exactly one committed prediction, and per input partition, in offset order, the versions are v1 then v2 with a
 * single switch point: no event scored twice, none lost, no v1 after v2 on any partition.
 */
class HotSwapUnderTrafficIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    void shouldSwitchEachPartitionFromV1ToV2OnceWithExactlyOnePredictionPerEventWhileTrafficFlows() throws Exception {
        try (ServiceHarness h = new ServiceHarness()) {
            DriftlineService service = h.start();
            h.publish("fraud", DemoModel.train("1", 31, 1_000).toUpdate());
            ServiceHarness.await("v1 serving", TIMEOUT, () -> "1".equals(service.models().currentVersion("fraud")));

            Set<String> sent = ConcurrentHashMap.newKeySet();
            AtomicBoolean stop = new AtomicBoolean();
            Thread producer = new Thread(() -> {
                while (!stop.get()) {
                    sent.addAll(h.produce(50)); // a steady trickle, flushed every 50 events
                }
            }, "hot-swap-traffic");
            producer.start();
            try {
                // Every partition's task is scoring with v1 before v2 arrives: each must show its own switch point.
                int partitions = partitions(h.topic("events"));
                ServiceHarness.await("v1 predictions on all " + partitions + " partitions", TIMEOUT, () ->
                        h.readPredictions(Integer.MAX_VALUE, Duration.ofSeconds(1)).stream()
                                .filter(p -> p.getModelVersion().equals("1")).map(Prediction::getSourcePartition)
                                .distinct().count() == partitions);
                h.publish("fraud", DemoModel.train("2", 32, 1_000).toUpdate());
                ServiceHarness.await("v2 serving", TIMEOUT, () -> "2".equals(service.models().currentVersion("fraud")));
                ServiceHarness.await("v2 predictions flowing", TIMEOUT, () -> count(service, "fraud v2") >= 1_000);
            } finally {
                stop.set(true);
                producer.join();
            }

            List<Prediction> predictions = h.readPredictions(sent.size(), TIMEOUT);
            Map<String, Long> perEvent = predictions.stream()
                    .collect(Collectors.groupingBy(Prediction::getEventId, Collectors.counting()));
            assertThat(perEvent.keySet()).as("every event predicted").isEqualTo(sent);
            assertThat(perEvent.entrySet()).as("exactly one prediction per event")
                    .allSatisfy(e -> assertThat(e.getValue()).as(e.getKey()).isEqualTo(1L));

            Map<Integer, List<Prediction>> byPartition = new TreeMap<>(predictions.stream()
                    .collect(Collectors.groupingBy(Prediction::getSourcePartition)));
            int switched = 0;
            for (Map.Entry<Integer, List<Prediction>> partition : byPartition.entrySet()) {
                List<String> versions = partition.getValue().stream()
                        .sorted(Comparator.comparingLong(Prediction::getSourceOffset))
                        .map(Prediction::getModelVersion).toList();
                List<String> runs = new ArrayList<>();
                for (String v : versions) {
                    if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(v)) {
                        runs.add(v);
                    }
                }
                assertThat(runs).as("versions of partition %d in offset order", partition.getKey())
                        .isIn(List.of("1"), List.of("2"), List.of("1", "2"));
                switched += runs.equals(List.of("1", "2")) ? 1 : 0;
                System.out.printf("HotSwapUnderTrafficIT: partition %d: %s%n", partition.getKey(), partition.getValue()
                        .stream().collect(Collectors.groupingBy(Prediction::getModelVersion, TreeMap::new,
                                Collectors.counting())));
            }
            System.out.printf("HotSwapUnderTrafficIT: %d events, %d partitions, %d switched from v1 to v2 mid-stream%n",
                    sent.size(), byPartition.size(), switched);
            assertThat(switched).as("every partition switched while its traffic flowed").isEqualTo(byPartition.size());
        }
    }

    private static int partitions(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()))) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        }
    }

    /** Predictions of one serving (not shadow) version, as /metrics reports them. */
    private static long count(DriftlineService service, String label) {
        String[] modelAndVersion = label.split(" v", 2);
        var counter = service.meters().find("driftline.predictions").tag("model", modelAndVersion[0])
                .tag("version", modelAndVersion[1]).tag("shadow", "false").counter();
        return counter == null ? 0 : (long) counter.count();
    }
}
