package io.driftline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftline.Prediction;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.topology.score.ScoreConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Live events scored in batches on a real broker under exactly-once: a backlog read at start is scored many
 * events per model run, every event exactly once, and in input order per key (a key's events share a partition).
 * {@code DirtyInputIT} checks that a bad event among them still goes alone to the dead-letter topic, and the kill -9
 * test ({@code CrashRestartIT}) that a crash loses or repeats none.
 */
class ScoreBatchingIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    void shouldScoreABacklogInBatchesEachEventOnceInOrderPerKey() throws Exception {
        try (ServiceHarness h = new ServiceHarness()) {
            DriftlineService first = h.start();
            h.publish("fraud", DemoModel.train("1", 5, 2_000).toUpdate());
            ServiceHarness.await("fraud v1 serving", TIMEOUT, () -> "1".equals(first.models().currentVersion("fraud")));
            h.stop();

            List<String> ids = h.produce(6_000); // the backlog the next start reads
            DriftlineService second = h.override(ScoreConfig.BATCH_MAX_RECORDS, 128).start();
            List<Prediction> predictions = h.readPredictions(ids.size(), TIMEOUT);

            Map<String, Long> perId = predictions.stream()
                    .collect(Collectors.groupingBy(Prediction::getEventId, Collectors.counting()));
            assertThat(perId.keySet()).as("every event scored").containsExactlyInAnyOrderElementsOf(ids);
            assertThat(perId.values()).as("none twice").allMatch(n -> n == 1);
            Map<String, Long> lastOffset = new HashMap<>();
            for (Prediction p : predictions) { // the predictions topic is keyed as the input: read in order per key
                Long previous = lastOffset.put(p.getEntityKey(), p.getSourceOffset());
                assertThat(previous == null || previous < p.getSourceOffset())
                        .as("key %s: offset %s after %s", p.getEntityKey(), p.getSourceOffset(), previous).isTrue();
            }
            assertThat(predictions.stream().map(Prediction::getSourcePartition).distinct().count())
                    .as("the events span partitions").isGreaterThan(1);
            assertThat(second.metrics().score().meanBatchSize()).as("events per model run under a backlog")
                    .isGreaterThan(4);
            assertThat(second.metrics().score().largestRecentBatch()).isLessThanOrEqualTo(128);
            // Each prediction timed once as visible, at the commit of its transaction, never before it was made.
            var visible = second.meters().find("driftline.end.to.end.latency").timer();
            var scored = second.meters().find("driftline.end.to.end.scored.latency").timer();
            assertThat(visible.count()).isEqualTo(ids.size());
            assertThat(scored.count()).isEqualTo(ids.size());
            assertThat(visible.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(scored.totalTime(
                    TimeUnit.MILLISECONDS));
            assertThat(second.metrics().score().meanEncodeMicros()).isPositive();
            assertThat(second.metrics().score().meanOnnxMicros()).isPositive();
            assertThat(second.metrics().score().meanScoringMicros()).isCloseTo(second.metrics().score()
                    .meanEncodeMicros() + second.metrics().score().meanOnnxMicros(), within(1e-6));
            System.out.printf("ScoreBatchingIT: %,d events in %,d model runs (mean %.1f, largest %.0f)%n", ids.size(),
                    second.metrics().score().batches(), second.metrics().score().meanBatchSize(),
                    second.metrics().score().largestRecentBatch());
        }
    }
}
