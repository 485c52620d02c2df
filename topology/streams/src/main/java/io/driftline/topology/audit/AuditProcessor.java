package io.driftline.topology.audit;

import io.driftline.ModelAuditEvent;
import io.driftline.ModelAuditType;
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
final class AuditProcessor extends ContextualProcessor<String, byte[], String, AuditOutput> {

    private final ModelVerdicts verdicts;
    private final Duration retryInterval;
    private final String instance;
    private PendingVerdicts<PendingRecord> pending;

    AuditProcessor(ModelVerdicts verdicts, Duration retryInterval, String instance) {
        this.verdicts = verdicts;
        this.retryInterval = retryInterval;
        this.instance = instance;
    }

    @Override
    public void init(ProcessorContext<String, AuditOutput> context) {
        super.init(context);
        KeyValueStore<Long, PendingRecord> waiting = context.getStateStore(AuditStage.PENDING_STORE);
        pending = new PendingVerdicts<>(waiting, verdicts);
        context.schedule(retryInterval, PunctuationType.WALL_CLOCK_TIME, now -> drain());
    }

    private static String header(Record<String, byte[]> record, String name) {
        org.apache.kafka.common.header.Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null
                : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        long offset = context().recordMetadata().orElseThrow().offset();
        pending.add(offset, new PendingRecord(record.timestamp(), header(record, AuditStage.LIFECYCLE_HEADER),
                header(record, AuditStage.ACTOR_HEADER), header(record, "driftline.evidence"), record.value()));
        drain();
    }

    private void drain() {
        int partition = context().taskId().partition();
        pending.drain(partition, (offset, kept, verdict) -> {
            String id = "model-updates/" + partition + "/" + offset;
            ModelAuditEvent entry = verdict.status() == ModelVerdicts.Status.DECIDED
                    ? AuditEntries.of(id, verdict.event(), verdict.facts(), kept.lifecycle(), kept.actor(),
                            kept.evidence(), instance)
                    : AuditEntries.skipped(id, instance, context().currentSystemTimeMs());
            long at = entry.getDecidedAt().toEpochMilli();
            context().forward(new Record<>(entry.getModel(), new AuditOutput.Entry(entry), at));
            boolean verified = entry.getType() != ModelAuditType.REJECTED && entry.getType() != ModelAuditType.RETIRED
                    && entry.getType() != ModelAuditType.OTHER && entry.getType() != ModelAuditType.UNCHANGED;
            if (verified && kept.value() != null && entry.getVersion() != null) {
                // The bundle as published, verified: what promote and rollback republish (model-updates is
                // compacted by model, so its earlier versions do not stay there).
                context().forward(new Record<>(AuditStage.archiveKey(entry.getModel(), entry.getVersion()),
                        new AuditOutput.Archived(kept.value()), at));
            }
        });
    }
}
