package io.driftline.topology.promote;

import io.driftline.ChallengerComparison;
import io.driftline.DriftReport;
import io.driftline.topology.audit.AuditStage;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counts each challenger's consecutive passing windows and promotes it once, when they reach the policy's. */
final class PromotionProcessor extends ContextualProcessor<String, DriftReport, String, byte[]> {

    private static final Logger log = LoggerFactory.getLogger(PromotionProcessor.class);

    private final PromotionPolicy policy;
    private KeyValueStore<String, PromotionState> states;
    private TimestampedKeyValueStore<String, byte[]> archive;

    PromotionProcessor(PromotionPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        super.init(context);
        states = context.getStateStore(PromotionStage.STORE);
        archive = context.getStateStore(PromotionStage.ARCHIVE_STORE);
    }

    @Override
    public void process(Record<String, DriftReport> record) {
        DriftReport report = record.value();
        if (report == null || !report.getShadow() || report.getComparison() == null
                || !policy.appliesTo(report.getModel())) {
            return;
        }
        String model = report.getModel();
        String version = report.getModelVersion();
        PromotionState state = states.get(model);
        if (state == null || !version.equals(state.challenger())) {
            state = new PromotionState(version, 0, Long.MIN_VALUE, false);
        }
        long start = report.getWindowStart().toEpochMilli();
        if (state.promoted() || start <= state.lastWindowStart()) {
            return; // promoted already, or a window counted before
        }
        ChallengerComparison comparison = report.getComparison();
        PromotionPolicy own = policy.forModel(model);
        double p = own.pValue(comparison);
        int passed = !Double.isNaN(p) && p < own.alpha() ? state.passed() + 1 : 0;
        if (passed < own.windows()) {
            states.put(model, new PromotionState(version, passed, start, false));
            return;
        }
        ValueAndTimestamp<byte[]> bundle = archive.get(AuditStage.archiveKey(model, version));
        if (bundle == null || bundle.value() == null) {
            log.warn("Challenger {} v{} passed {} windows but its bundle is not in the archive (yet): not promoted",
                    model, version, passed);
            states.put(model, new PromotionState(version, passed, start, false));
            return;
        }
        String evidence = "policy=auto;windows=" + passed + ";margin=" + own.margin() + ";alpha=" + own.alpha()
                + ";lastWindowStart=" + report.getWindowStart() + ";lastPValue=" + p + ";champion="
                + comparison.getChampionVersion() + ";championAccuracy=" + comparison.getChampionPerformance()
                + ";challengerAccuracy=" + comparison.getChallengerPerformance() + ";pairedLabelled="
                + comparison.getPairedLabelled();
        RecordHeaders headers = new RecordHeaders();
        headers.add(AuditStage.LIFECYCLE_HEADER, "PROMOTE".getBytes(StandardCharsets.UTF_8));
        headers.add(AuditStage.ACTOR_HEADER, PromotionStage.ACTOR.getBytes(StandardCharsets.UTF_8));
        headers.add(PromotionStage.EVIDENCE_HEADER, evidence.getBytes(StandardCharsets.UTF_8));
        log.info("Promoting challenger {} v{} over v{}: {}", model, version, comparison.getChampionVersion(), evidence);
        context().forward(new Record<>(model, bundle.value(), record.timestamp(), headers));
        states.put(model, new PromotionState(version, passed, start, true));
    }
}
