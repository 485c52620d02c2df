package io.driftline.topology.audit;

import io.driftline.ModelAuditEvent;
import io.driftline.topology.score.ModelVerdicts;
import io.driftline.topology.score.PendingVerdicts;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One audit entry per model-updates record, in offset order, once this instance's registry has judged the record;
 * records wait in {@value AuditStage#PENDING_STORE} until then (see {@link PendingVerdicts}). A record the registry
 * went past without a verdict still gets an entry, saying so.
 */
final class AuditProcessor extends ContextualProcessor<String, byte[], String, ModelAuditEvent> {

    private final ModelVerdicts verdicts;
    private final Duration retryInterval;
    private final String instance;
    private PendingVerdicts pending;

    AuditProcessor(ModelVerdicts verdicts, Duration retryInterval, String instance) {
        this.verdicts = verdicts;
        this.retryInterval = retryInterval;
        this.instance = instance;
    }

    @Override
    public void init(ProcessorContext<String, ModelAuditEvent> context) {
        super.init(context);
        KeyValueStore<Long, Long> waiting = context.getStateStore(AuditStage.PENDING_STORE);
        pending = new PendingVerdicts(waiting, verdicts);
        context.schedule(retryInterval, PunctuationType.WALL_CLOCK_TIME, now -> drain());
    }

    @Override
    public void process(Record<String, byte[]> record) {
        long offset = context().recordMetadata().orElseThrow().offset();
        pending.add(offset, record.timestamp());
        drain();
    }

    private void drain() {
        int partition = context().taskId().partition();
        pending.drain(partition, (offset, verdict) -> {
            String id = "model-updates/" + partition + "/" + offset;
            ModelAuditEvent entry = verdict.status() == ModelVerdicts.Status.DECIDED
                    ? AuditEntries.of(id, verdict.event(), verdict.facts(), instance)
                    : AuditEntries.skipped(id, instance, context().currentSystemTimeMs());
            context().forward(new Record<>(entry.getModel(), entry, entry.getDecidedAt().toEpochMilli()));
        });
    }
}
