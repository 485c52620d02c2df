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

    /** The consumer's completed fetches: each call of {@code incrementAndGet} is one fetch response. */
    private java.util.concurrent.atomic.AtomicLong fetches(String client) {
        java.util.concurrent.atomic.AtomicLong value = new java.util.concurrent.atomic.AtomicLong();
        MetricName name = metrics.metricName("fetch-total", "consumer-fetch-manager-metrics", "",
                Map.of("client-id", client));
        metrics.addMetric(name, (Measurable) (config, now) -> value.get());
        return value;
    }

    @Test
    void shouldBeCaughtUpOnlyWhenEveryInputPartitionHasAKnownLagOfZero() throws InterruptedException {
        fetches("c");
        AtomicReference<Double> events0 = lag("events", 0);
        AtomicReference<Double> events1 = lag("events", 1);
        AtomicReference<Double> labels0 = lag("labels", 0);
        lag("changelog", 0).set(99.0); // not an input: ignored
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        InputBacklog backlog = new InputBacklog(Set.of("events", "labels"), metrics::metrics, () -> 2, running::get, 60_000);

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
    void shouldNotCountAZeroLagAsCaughtUpWhenTheConsumerStopsCompletingFetches() throws InterruptedException {
        // The broker bounce: records-lag keeps its last zero while the broker is away and records pile up unseen.
        java.util.concurrent.atomic.AtomicLong fetched = fetches("c");
        lag("events", 0).set(0.0);
        InputBacklog backlog = new InputBacklog(Set.of("events"), metrics::metrics, () -> 1, () -> true, 600);

        assertThat(backlog.caughtUp(0)).as("first sight of the consumer counts as a fetch").isTrue();
        for (int i = 0; i < 4; i++) { // an idle consumer's long polls keep completing
            Thread.sleep(InputBacklog.REFRESH_MS + 10);
            fetched.incrementAndGet();
            assertThat(backlog.caughtUp(0)).as("idle, fetching").isTrue();
        }
        Thread.sleep(700); // no fetch response for longer than the allowance
        assertThat(backlog.caughtUp(0)).as("zero lag, but no fetch completed lately").isFalse();
        assertThat(backlog.allCaughtUp()).isFalse();

        fetched.incrementAndGet(); // the broker is back
        Thread.sleep(InputBacklog.REFRESH_MS + 10);
        assertThat(backlog.caughtUp(0)).isTrue();
        assertThat(backlog.allCaughtUp()).isTrue();
    }

    @Test
    void shouldNotBeCaughtUpBeforeKafkaStreamsExists() {
        assertThat(new InputBacklog(Set.of("events"), () -> null, () -> 1, () -> true, 60_000).allCaughtUp()).isFalse();
    }
}
