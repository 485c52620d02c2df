package io.driftline.topology.promote;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.ChallengerComparison;
import io.driftline.DriftReport;
import io.driftline.devkit.registry.DevSchemaRegistry;
import io.driftline.schemas.serde.AvroSerdes;
import io.driftline.topology.audit.AuditStage;
import io.driftline.topology.topics.Topic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The automatic promotion policy on the reports it reads: a challenger no worse than its champion (with
 * significance) in three consecutive windows is promoted once, with its archived bundle byte for byte and the
 * evidence; a worse one, a broken streak, too few labels or a report read twice never count towards it.
 */
class PromotionStageTest {

    /** The folders this class makes (state, data) go under it, and JUnit deletes it after the class. */
    @TempDir
    static Path tempRoot;

    private static final long MINUTE = 60_000;
    private static final byte[] BUNDLE = {0, 0, 0, 0, 42, 1, 2, 3};
    private static final PromotionPolicy POLICY = new PromotionPolicy(true, 3, 0.01, 0.05, 100);

    private DevSchemaRegistry registry;
    private TopologyTestDriver driver;
    private TestInputTopic<String, DriftReport> reports;
    private TestOutputTopic<String, byte[]> updates;

    @BeforeEach
    void start() throws Exception {
        registry = DevSchemaRegistry.start("localhost", 0, null);
        Serde<DriftReport> serde = AvroSerdes.specific(DriftReport.class,
                Map.of("schema.registry.url", registry.url()), false);
        StreamsBuilder builder = new StreamsBuilder();
        PromotionStage.promotions(builder, builder.stream("reports", Consumed.with(Serdes.String(), serde)), POLICY,
                new Topic<>("model-bundles", Serdes.String(), Serdes.ByteArray()),
                new Topic<>("model-updates", Serdes.String(), Serdes.ByteArray()));
        Properties props = new Properties();
        props.put("application.id", "promotion-test");
        props.put("bootstrap.servers", "unused:9092");
        props.put("state.dir", Files.createTempDirectory(tempRoot, "promotion").toString());
        driver = new TopologyTestDriver(builder.build(), props);
        reports = driver.createInputTopic("reports", Serdes.String().serializer(), serde.serializer());
        updates = driver.createOutputTopic("model-updates", Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        driver.createInputTopic("model-bundles", Serdes.String().serializer(), Serdes.ByteArray().serializer())
                .pipeInput(AuditStage.archiveKey("fraud", "2"), BUNDLE);
    }

    @AfterEach
    void stop() {
        driver.close();
        registry.close();
    }

    /** A shadow report of v2 for window {@code i}: b pairs only the champion got right, c only the challenger. */
    private static DriftReport report(int i, long paired, long b, long c) {
        ChallengerComparison comparison = ChallengerComparison.newBuilder().setChampionVersion("1").setEvents(paired)
                .setLabelled(paired).setPairedLabelled(paired).setPerformanceMetric("accuracy")
                .setChampionPerformance(0.9).setChallengerPerformance(0.9 + (double) (c - b) / paired)
                .setChampionOnlyCorrect(b).setChallengerOnlyCorrect(c).build();
        return DriftReport.newBuilder().setModel("fraud").setModelVersion("2")
                .setWindowStart(Instant.ofEpochMilli(i * MINUTE)).setWindowEnd(Instant.ofEpochMilli((i + 1) * MINUTE))
                .setCount(paired).setFeatures(List.of()).setDrifted(false).setCreatedAt(Instant.ofEpochMilli(0))
                .setShadow(true).setComparison(comparison).build();
    }

    @Test
    void shouldPromoteABetterChallengerOnceAfterThreeWindowsWithItsArchivedBundleAndTheEvidence() {
        reports.pipeInput("fraud", report(0, 500, 5, 20));
        reports.pipeInput("fraud", report(1, 500, 4, 18));
        reports.pipeInput("fraud", report(1, 500, 4, 18)); // read again: counts once
        assertThat(updates.isEmpty()).as("two windows so far").isTrue();
        reports.pipeInput("fraud", report(2, 500, 6, 21));

        TestRecord<String, byte[]> promotion = updates.readRecord();
        assertThat(promotion.key()).isEqualTo("fraud");
        assertThat(promotion.value()).isEqualTo(BUNDLE);
        assertThat(header(promotion, AuditStage.LIFECYCLE_HEADER)).isEqualTo("PROMOTE");
        assertThat(header(promotion, AuditStage.ACTOR_HEADER)).isEqualTo(PromotionStage.ACTOR);
        assertThat(header(promotion, PromotionStage.EVIDENCE_HEADER)).contains("windows=3", "champion=1",
                "pairedLabelled=500", "margin=0.01");

        reports.pipeInput("fraud", report(3, 500, 5, 20));
        assertThat(updates.isEmpty()).as("promoted once").isTrue();
    }

    @Test
    void shouldNeverPromoteAWorseChallengerOrOneWhoseStreakBrokeOrWithTooFewLabels() {
        for (int i = 0; i < 5; i++) {
            reports.pipeInput("fraud", report(i, 500, 40, 5)); // clearly worse
        }
        reports.pipeInput("fraud", report(5, 500, 5, 20));
        reports.pipeInput("fraud", report(6, 500, 5, 20));
        reports.pipeInput("fraud", report(7, 500, 40, 5)); // the streak breaks
        reports.pipeInput("fraud", report(8, 500, 5, 20));
        reports.pipeInput("fraud", report(9, 50, 0, 5)); // too few labelled pairs to judge
        reports.pipeInput("fraud", report(10, 500, 5, 20));

        assertThat(updates.isEmpty()).isTrue();
    }

    @Test
    void shouldLeaveModelsOutsideTheAutomaticListToAPerson() {
        PromotionPolicy onlyChurn = new PromotionPolicy(true, 3, 0.01, 0.05, 100, java.util.Set.of("churn"));
        assertThat(onlyChurn.appliesTo("fraud")).isFalse();
        assertThat(onlyChurn.appliesTo("churn")).isTrue();
        assertThat(POLICY.appliesTo("fraud")).as("empty list: every model").isTrue();
        assertThat(PromotionPolicy.manual().appliesTo("fraud")).isFalse();
    }

    @Test
    void shouldGiveEachModelItsOwnFiguresWhereConfigured() {
        org.apache.kafka.common.config.AbstractConfig config = new org.apache.kafka.common.config.AbstractConfig(
                PromotionConfig.configDef(), Map.of(PromotionConfig.MODE, "manual",
                        "promotion.model.fraud.mode", "auto", "promotion.model.fraud.windows", "5",
                        "promotion.model.fraud.margin", "0.02", "promotion.model.credit.v2.minLabelled", "1000"));
        PromotionPolicy policy = PromotionConfig.from(config);

        assertThat(policy.appliesTo("fraud")).isTrue();
        assertThat(policy.forModel("fraud").windows()).isEqualTo(5);
        assertThat(policy.forModel("fraud").margin()).isEqualTo(0.02);
        assertThat(policy.forModel("fraud").alpha()).as("unset: the common one").isEqualTo(0.05);
        assertThat(policy.appliesTo("credit.v2")).as("its own policy, manual like the common one").isFalse();
        assertThat(policy.forModel("credit.v2").minLabelled()).isEqualTo(1000);
        assertThat(policy.appliesTo("churn")).isFalse();
        assertThat(policy.anyAuto()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PromotionConfig.from(
                new org.apache.kafka.common.config.AbstractConfig(PromotionConfig.configDef(),
                        Map.of("promotion.model.fraud.window", "5"))))
                .hasMessageContaining("unknown field window");
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
