package io.driftline.topology.promote;

import io.driftline.DriftReport;
import io.driftline.topology.topics.Topic;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The automatic promotion policy ({@code promotion.mode=auto}): from the drift reports, a challenger (shadow) that
 * passed {@link PromotionPolicy} in enough consecutive windows is promoted the way {@code driftline model promote}
 * does it: its verified bundle, from the model-bundles archive (a global store, since the archive is keyed by
 * model and version and the reports by model), is published to model-updates again byte for byte with the
 * lifecycle header PROMOTE, the actor {@value #ACTOR} and the evidence; every instance serves it as champion and
 * the audit trail records the promotion with that evidence. Inside the Streams transaction: a crash neither loses
 * nor repeats a decision.
 */
public final class PromotionStage {

    /** Per model: the challenger being judged and its consecutive passing windows (changelogged). */
    public static final String STORE = "promotion-state";
    /** The archive of verified bundles, as a global store. */
    public static final String ARCHIVE_STORE = "promotion-bundle-archive";
    /** The header with the decision's evidence, {@code key=value} pairs separated by ';'. */
    public static final String EVIDENCE_HEADER = "driftline.evidence";
    /** Who the audit trail says promoted. */
    public static final String ACTOR = "driftline promotion policy";

    private PromotionStage() {
    }

    /** Adds the policy to the topology when it is automatic. */
    public static void promotions(StreamsBuilder builder, KStream<String, DriftReport> reports, PromotionPolicy policy,
                                  Topic<String, byte[]> archive, Topic<String, byte[]> modelUpdates) {
        if (!policy.anyAuto()) {
            return;
        }
        builder.globalTable(archive.name(), Consumed.with(Serdes.String(), Serdes.ByteArray())
                        .withName("promotion-bundle-archive-source"),
                Materialized.<String, byte[], KeyValueStore<Bytes, byte[]>>as(ARCHIVE_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                PromotionState.LAYOUT));
        reports.process(() -> new PromotionProcessor(policy), Named.as("promotion-decisions"), STORE)
                .to(modelUpdates.name(), Produced.with(Serdes.String(), Serdes.ByteArray())
                        .withName("promotion-requests-sink"));
    }
}
