package io.driftline.topology.audit;

import io.driftline.ModelAuditEvent;
import io.driftline.topology.score.ModelVerdicts;
import io.driftline.topology.topics.Topic;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The model audit trail: for every record of the model-updates topic, one {@link ModelAuditEvent} on the
 * append-only model-audit topic, written inside the Kafka Streams transaction with the input offset it is about, so
 * that a crash neither loses an entry nor writes one twice. The entry carries what the record said (who published
 * which bundle, when, its digest and reference figures) and what this instance's registry decided, with the reason.
 *
 * <p>One instance, the owner of the model-updates task, writes each entry with its own verdict; every instance
 * verifies every bundle, normally alike, and the entry names the instance that decided.
 */
public final class AuditStage {

    /** Per model-updates partition: records read whose verdict is not known yet (changelogged). */
    public static final String PENDING_STORE = "model-audit-pending";
    /**
     * Header of a model-updates record that promotes a shadow or rolls back to an earlier champion (PROMOTE,
     * ROLLBACK): {@code driftline model promote} and {@code rollback} republish the archived bundle with it, byte
     * for byte, so a signed bundle stays signed; every instance deploys it as champion.
     */
    public static final String LIFECYCLE_HEADER = io.driftline.topology.score.ModelUpdateListener.LIFECYCLE_HEADER;
    /** Header of such a record: who asked for it. */
    public static final String ACTOR_HEADER = "driftline.actor";
    /** The sink to the model-bundles archive. */
    public static final String ARCHIVE_SINK = "model-bundles-sink";
    /** The processor that turns verdicts into entries. */
    public static final String PROCESSOR = "model-audit-entries";
    /** The sink to the model-audit topic. */
    public static final String SINK = "model-audit-sink";

    private AuditStage() {
    }

    /**
     * Writes the trail of {@code modelUpdates} (the shared model-updates source) to {@code audit}.
     *
     * @param retryInterval how often records read before the registry judged them are looked at again
     */
    public static void trail(StreamsBuilder builder, KStream<String, byte[]> modelUpdates, ModelVerdicts verdicts,
                             Duration retryInterval, Topic<String, ModelAuditEvent> audit,
                             Topic<String, byte[]> archive) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_STORE),
                Serdes.Long(), PendingRecord.LAYOUT));
        KStream<String, AuditOutput> out = modelUpdates.process(
                () -> new AuditProcessor(verdicts, retryInterval, instance()), Named.as(PROCESSOR), PENDING_STORE);
        out.filter((key, value) -> value instanceof AuditOutput.Entry, Named.as("model-audit-entries-only"))
                .mapValues(value -> ((AuditOutput.Entry) value).event(), Named.as("model-audit-entry"))
                .to(audit.name(), Produced.with(audit.keySerde(), audit.valueSerde()).withName(SINK));
        out.filter((key, value) -> value instanceof AuditOutput.Archived, Named.as("model-bundles-only"))
                .mapValues(value -> ((AuditOutput.Archived) value).value(), Named.as("model-bundles-value"))
                .to(archive.name(), Produced.with(archive.keySerde(), archive.valueSerde()).withName(ARCHIVE_SINK));
    }

    /**
     * The entry for a judged model-updates record as one instance decided it: what the audit task writes for the
     * task owner, and what each instance publishes as its own verdict.
     */
    public static ModelAuditEvent entry(String eventId, io.driftline.topology.score.ModelEvent event,
                                        io.driftline.topology.score.BundleFacts facts, String instance) {
        return AuditEntries.of(eventId, event, facts, instance);
    }

    /** The archive's key of a model's version. */
    public static String archiveKey(String model, String version) {
        return model + "/" + version;
    }

    /** This JVM as the JDK names it ({@code pid@host}): which instance decided. */
    static String instance() {
        return ManagementFactory.getRuntimeMXBean().getName();
    }
}
