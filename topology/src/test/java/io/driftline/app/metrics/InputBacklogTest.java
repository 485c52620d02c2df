package io.driftline.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.Metrics;
import org.junit.jupiter.api.Test;

/** Caught up means a known lag of zero on every input partition; unknown (not fetched yet) is not caught up. */
class InputBacklogTest {

    private final Metrics metrics = new Metrics();

    private AtomicReference<Double> lag(String topic, int partition) {
        AtomicReference<Double> value = new AtomicReference<>(Double.NaN);
        MetricName name = metrics.metricName("records-lag", "consumer-fetch-manager-metrics", "",
                Map.of("client-id", "c", "topic", topic, "partition", Integer.toString(partition)));
        metrics.addMetric(name, (Measurable) (config, now) -> value.get());
        return value;
    }

    @Test
    void shouldBeCaughtUpOnlyWhenEveryInputPartitionHasAKnownLagOfZero() throws InterruptedException {
        AtomicReference<Double> events0 = lag("events", 0);
        AtomicReference<Double> events1 = lag("events", 1);
        AtomicReference<Double> labels0 = lag("labels", 0);
        lag("changelog", 0).set(99.0); // not an input: ignored
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        InputBacklog backlog = new InputBacklog(Set.of("events", "labels"), metrics::metrics, () -> 2, running::get);

        assertThat(backlog.caughtUp(0)).as("not fetched yet").isFalse();
        events0.set(0.0);
        events1.set(3.0);
        labels0.set(0.0);
        Thread.sleep(InputBacklog.REFRESH_MS + 10);
        assertThat(backlog.caughtUp(0)).isTrue();
        assertThat(backlog.caughtUp(1)).isFalse();
        assertThat(backlog.caughtUp(7)).as("not assigned here").isFalse();
        assertThat(backlog.allCaughtUp()).isFalse();

        events1.set(0.0);
        Thread.sleep(InputBacklog.REFRESH_MS + 10);
        assertThat(backlog.caughtUp(1)).isTrue();
        assertThat(backlog.allCaughtUp()).as("labels-1 has no lag here yet (restoring, or elsewhere)").isFalse();

        lag("labels", 1).set(0.0);
        Thread.sleep(InputBacklog.REFRESH_MS + 10);
        assertThat(backlog.allCaughtUp()).isTrue();

        running.set(false);
        assertThat(backlog.caughtUp(0)).as("a store restoring, or Kafka Streams not running").isFalse();
        assertThat(backlog.allCaughtUp()).isFalse();
    }

    @Test
    void shouldNotBeCaughtUpBeforeKafkaStreamsExists() {
        assertThat(new InputBacklog(Set.of("events"), () -> null, () -> 1, () -> true).allCaughtUp()).isFalse();
    }
}
