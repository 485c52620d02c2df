package io.driftline.topology.alert;

import io.driftline.Alert;
import io.driftline.AlertType;
import io.driftline.topology.score.ModelEvent;
import io.driftline.topology.score.ModelVerdicts;
import io.driftline.topology.score.PendingVerdicts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the registry's verdicts on model-updates records into MODEL_REJECTED alerts, in offset order: a rejected
 * bundle opens {@code model|MODEL_REJECTED|version} (again, with the new rejection, if that version is rejected
 * again); the model's next champion that deploys resolves every open one of the model. Shadows, retirements and
 * unchanged bundles change nothing. Each alert record names the model-updates record whose verdict caused it in the
 * headers {@value ModelRejectionStage#PARTITION_HEADER} and {@value ModelRejectionStage#OFFSET_HEADER}.
 *
 * <p>The registry may not have judged a record yet when this task reads it (verification runs on the model-update
 * thread and can take seconds), so records wait, by offset, in the changelogged
 * {@value ModelRejectionStage#PENDING_STORE} and are retried on wall-clock time; nothing waits in memory across a
 * commit.
 */
final class ModelRejectionProcessor extends ContextualProcessor<String, byte[], String, Alert> {

    private static final Logger log = LoggerFactory.getLogger(ModelRejectionProcessor.class);

    private final ModelVerdicts verdicts;
    private final Duration retryInterval;
    private PendingVerdicts<Long> pending; // offset -> the record's timestamp
    private AlertLedger<RejectedBundle> open;

    ModelRejectionProcessor(ModelVerdicts verdicts, Duration retryInterval) {
        this.verdicts = verdicts;
        this.retryInterval = retryInterval;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        super.init(context);
        KeyValueStore<Long, Long> waiting = context.getStateStore(ModelRejectionStage.PENDING_STORE);
        pending = new PendingVerdicts<>(waiting, verdicts);
        open = AlertLedger.open(context, ModelRejectionStage.STORE, null);
        context.schedule(retryInterval, PunctuationType.WALL_CLOCK_TIME, now -> drain());
    }

    @Override
    public void process(Record<String, byte[]> record) {
        // The task reads one partition of the model-updates topic: its offsets order the records.
        long offset = context().recordMetadata().orElseThrow().offset();
        pending.add(offset, record.timestamp());
        drain();
    }

    /** Acts on the waiting records whose verdict is known, oldest first, up to the first still undecided. */
    private void drain() {
        int partition = context().taskId().partition();
        pending.drain(partition, (offset, timestamp, verdict) -> {
            if (verdict.status() == ModelVerdicts.Status.DECIDED) {
                apply(verdict.event(), source(partition, offset));
            } else {
                log.warn("No verdict on model-updates partition {} offset {} (the registry skipped it); no alert",
                        partition, offset);
            }
        });
    }

    /** The headers that name the model-updates record a verdict is about. */
    private static Headers source(int partition, long offset) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ModelRejectionStage.PARTITION_HEADER, Integer.toString(partition).getBytes(StandardCharsets.UTF_8));
        headers.add(ModelRejectionStage.OFFSET_HEADER, Long.toString(offset).getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    private void apply(ModelEvent event, Headers source) {
        switch (event.kind()) {
            case REJECTED -> {
                RejectedBundle rejected = RejectedBundle.of(event);
                open.put(rejected.key(), rejected);
                forward(rejected.key(), rejected.opened(), source);
            }
            case DEPLOYED -> {
                if (event.shadow()) {
                    return; // a shadow serves no one: the champion's rejection stays open
                }
                String prefix = AlertKey.prefix(event.model(), AlertType.MODEL_REJECTED);
                for (RejectedBundle rejected : open.withPrefix(prefix)) {
                    if (rejected.model().equals(event.model())) { // "a|MODEL_REJECTED|x" as a model shares a's prefix
                        forward(rejected.key(), rejected.resolved(event.version(), event.at()), source);
                        open.delete(rejected.key());
                    }
                }
            }
            default -> {
            }
        }
    }

    private void forward(AlertKey key, Alert alert, Headers source) {
        context().forward(new Record<>(key.toString(), alert, alert.getUpdatedAt().toEpochMilli(), source));
    }
}
