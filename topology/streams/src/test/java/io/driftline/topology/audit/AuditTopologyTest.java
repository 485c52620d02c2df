package io.driftline.topology.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.ModelAction;
import io.driftline.ModelAuditEvent;
import io.driftline.ModelAuditType;
import io.driftline.ModelUpdate;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.models.bundle.ModelBundle;
import io.driftline.topology.TopologyFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The model audit trail through the whole topology: one entry per model-updates record, in offset order, each
 * once this instance's registry has judged the record, with who published what and what was decided and why. The
 * model-update listener is played by hand ({@code registry.apply(key, update, partition, offset)}).
 */
class AuditTopologyTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static ModelBundle v1;
    private static ModelBundle v3;

    @BeforeAll
    static void train() {
        v1 = DemoModel.train("1", 11, 1_000);
        v3 = DemoModel.train("3", 33, 1_000);
    }

    private static ModelUpdate published(ModelBundle bundle, String by, ModelAction action) {
        ModelUpdate update = bundle.toUpdate();
        update.setPublishedBy(by);
        update.setDescription("version " + bundle.toUpdate().getVersion() + " for the audit");
        update.setAction(action);
        return update;
    }

    @Test
    void shouldWriteOneEntryPerRecordWithWhoWhatAndTheVerdictInOffsetOrder() throws Exception {
        try (TopologyFixture fx = new TopologyFixture()) {
            TestInputTopic<String, byte[]> updates = fx.driver.createInputTopic(fx.topics.modelUpdates().name(),
                    Serdes.String().serializer(), Serdes.ByteArray().serializer());
            TestOutputTopic<String, ModelAuditEvent> audit = fx.driver.createOutputTopic(
                    fx.topics.modelAudit().name(), Serdes.String().deserializer(),
                    fx.topics.modelAudit().valueSerde().deserializer());

            ModelUpdate first = published(v1, "alice@ci-runner", ModelAction.DEPLOY);
            first.setTrainingDataStart(Instant.parse("2026-10-01T00:00:00Z"));
            first.setTrainingDataEnd(Instant.parse("2026-11-01T00:00:00Z"));
            ModelUpdate tampered = published(DemoModel.train("2", 22, 1_000), "mallory@laptop", ModelAction.DEPLOY);
            tampered.setSha256("0".repeat(64));
            fx.models.apply("fraud", first, 0, 0);
            fx.models.apply("fraud", tampered, 0, 1);
            fx.models.apply("fraud", published(v3, "bob@ci-runner", ModelAction.SHADOW), 0, 2);
            fx.models.apply("fraud", null, 0, 3); // a tombstone retires the model
            for (int i = 0; i < 4; i++) {
                updates.pipeInput("fraud", new byte[] {(byte) i}, T0.plusSeconds(i));
            }

            List<TestRecord<String, ModelAuditEvent>> entries = audit.readRecordsToList();
            assertThat(entries).extracting(TestRecord::key).containsOnly("fraud");
            assertThat(entries).extracting(r -> r.value().getType()).containsExactly(ModelAuditType.DEPLOYED,
                    ModelAuditType.REJECTED, ModelAuditType.SHADOW_DEPLOYED, ModelAuditType.RETIRED);
            assertThat(entries).extracting(r -> r.value().getEventId()).containsExactly("model-updates/0/0",
                    "model-updates/0/1", "model-updates/0/2", "model-updates/0/3");

            ModelAuditEvent deployed = entries.get(0).value();
            assertThat(deployed.getVersion()).isEqualTo("1");
            assertThat(deployed.getActor()).isEqualTo("alice@ci-runner");
            assertThat(deployed.getRequestedAction()).isEqualTo("DEPLOY");
            assertThat(deployed.getSha256()).isEqualTo(first.getSha256());
            assertThat(deployed.getDescription()).isEqualTo("version 1 for the audit");
            assertThat(deployed.getTrainingRows()).isEqualTo(first.getReferenceProfile().getSampleSize());
            assertThat(deployed.getTrainingDataStart()).isEqualTo(Instant.parse("2026-10-01T00:00:00Z"));
            assertThat(deployed.getTrainingDataEnd()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
            assertThat(deployed.getReferenceMetrics()).containsKeys("accuracy", "auc");
            assertThat(deployed.getVerdict()).isEqualTo("serving");
            assertThat(deployed.getPreviousVersion()).isNull();
            assertThat(deployed.getInstance()).contains("@");

            ModelAuditEvent rejected = entries.get(1).value();
            assertThat(rejected.getActor()).isEqualTo("mallory@laptop");
            assertThat(rejected.getReason()).isNotBlank();
            assertThat(rejected.getVerdict()).isEqualTo("rejected: " + rejected.getReason());
            assertThat(rejected.getPreviousVersion()).as("v1 serves on").isEqualTo("1");
            assertThat(rejected.getMessage()).isNotBlank();

            assertThat(entries.get(2).value().getVerdict()).isEqualTo("serving as shadow");
            assertThat(entries.get(2).value().getActor()).isEqualTo("bob@ci-runner");
            assertThat(entries.get(3).value().getRequestedAction()).isEqualTo("RETIRE");
        }
    }

    @Test
    void shouldArchiveVerifiedBundlesByteForByteAndRecordPromotionsAndRollbacks() throws Exception {
        try (TopologyFixture fx = new TopologyFixture()) {
            TestInputTopic<String, byte[]> updates = fx.driver.createInputTopic(fx.topics.modelUpdates().name(),
                    Serdes.String().serializer(), Serdes.ByteArray().serializer());
            TestOutputTopic<String, ModelAuditEvent> audit = fx.driver.createOutputTopic(
                    fx.topics.modelAudit().name(), Serdes.String().deserializer(),
                    fx.topics.modelAudit().valueSerde().deserializer());
            TestOutputTopic<String, byte[]> archive = fx.driver.createOutputTopic(fx.topics.modelBundles().name(),
                    Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
            ModelUpdate shadow = published(v3, "bob", ModelAction.SHADOW);
            ModelUpdate rejected = published(DemoModel.train("2", 22, 1_000), "mallory", ModelAction.DEPLOY);
            rejected.setSha256("0".repeat(64));
            fx.models.apply("fraud", published(v1, "alice", ModelAction.DEPLOY), 0, 0);
            fx.models.apply("fraud", shadow, 0, 1);
            fx.models.apply("fraud", rejected, 0, 2);
            fx.models.apply("fraud", shadow, 0, 3, true); // the shadow's bytes again, as champion
            fx.models.apply("fraud", published(v1, "alice", ModelAction.DEPLOY), 0, 4, true);
            byte[] v1Bytes = {1, 1, 1};
            byte[] v3Bytes = {3, 3, 3};
            updates.pipeInput("fraud", v1Bytes, T0);
            updates.pipeInput("fraud", v3Bytes, T0.plusSeconds(1));
            updates.pipeInput("fraud", new byte[] {2}, T0.plusSeconds(2));
            updates.pipeInput(new TestRecord<>("fraud", v3Bytes, new org.apache.kafka.common.header.internals
                    .RecordHeaders().add(AuditStage.LIFECYCLE_HEADER, "PROMOTE".getBytes())
                    .add(AuditStage.ACTOR_HEADER, "carol@ops".getBytes())
                    .add("driftline.evidence", "policy=auto;windows=3".getBytes()), T0.plusSeconds(3)));
            updates.pipeInput(new TestRecord<>("fraud", v1Bytes, new org.apache.kafka.common.header.internals
                    .RecordHeaders().add(AuditStage.LIFECYCLE_HEADER, "ROLLBACK".getBytes())
                    .add(AuditStage.ACTOR_HEADER, "dave@ops".getBytes()), T0.plusSeconds(4)));

            List<ModelAuditEvent> entries = audit.readValuesToList();
            assertThat(entries).extracting(ModelAuditEvent::getType).containsExactly(ModelAuditType.DEPLOYED,
                    ModelAuditType.SHADOW_DEPLOYED, ModelAuditType.REJECTED, ModelAuditType.PROMOTED,
                    ModelAuditType.ROLLED_BACK);
            ModelAuditEvent promoted = entries.get(3);
            assertThat(promoted.getActor()).isEqualTo("carol@ops");
            assertThat(promoted.getRequestedAction()).isEqualTo("PROMOTE");
            assertThat(promoted.getEvidence()).containsEntry("from", "1").containsEntry("to", "3")
                    .containsEntry("bundlePublishedBy", "bob").containsEntry("policy", "auto")
                    .containsEntry("windows", "3");
            assertThat(entries.get(4).getActor()).isEqualTo("dave@ops");
            assertThat(entries.get(4).getEvidence()).containsEntry("from", "3").containsEntry("to", "1");

            // Verified bundles only, byte for byte, by model/version; the rejected v2 is not archived.
            List<org.apache.kafka.streams.KeyValue<String, byte[]>> archived = archive.readKeyValuesToList();
            assertThat(archived).extracting(kv -> kv.key).containsExactly("fraud/1", "fraud/3", "fraud/3", "fraud/1");
            assertThat(archived.get(0).value).isEqualTo(v1Bytes);
            assertThat(archived.get(1).value).isEqualTo(v3Bytes);
        }
    }

    @Test
    void shouldWaitForTheVerdictAndWriteNothingTwice() throws Exception {
        try (TopologyFixture fx = new TopologyFixture()) {
            TestInputTopic<String, byte[]> updates = fx.driver.createInputTopic(fx.topics.modelUpdates().name(),
                    Serdes.String().serializer(), Serdes.ByteArray().serializer());
            TestOutputTopic<String, ModelAuditEvent> audit = fx.driver.createOutputTopic(
                    fx.topics.modelAudit().name(), Serdes.String().deserializer(),
                    fx.topics.modelAudit().valueSerde().deserializer());
            updates.pipeInput("fraud", new byte[] {1}, T0);
            updates.pipeInput("fraud", new byte[] {2}, T0.plusSeconds(1));
            fx.driver.advanceWallClockTime(Duration.ofSeconds(1));
            assertThat(audit.isEmpty()).as("no verdict yet").isTrue();

            fx.models.apply("fraud", published(v1, "alice", ModelAction.DEPLOY), 0, 0);
            fx.driver.advanceWallClockTime(Duration.ofSeconds(1));
            assertThat(audit.readValuesToList()).extracting(ModelAuditEvent::getVersion).containsExactly("1");

            fx.models.verdicts().passed(0, 1); // the listener went past offset 1 without a verdict
            fx.driver.advanceWallClockTime(Duration.ofSeconds(1));
            fx.driver.advanceWallClockTime(Duration.ofSeconds(1));
            assertThat(audit.readValuesToList()).singleElement().satisfies(e -> {
                assertThat(e.getType()).isEqualTo(ModelAuditType.OTHER);
                assertThat(e.getEventId()).isEqualTo("model-updates/0/1");
            });
        }
    }
}
