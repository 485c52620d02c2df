package io.driftline.topology.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.DriftReport;
import io.driftline.FeatureDrift;
import io.driftline.MetricResult;
import io.driftline.RetrainRequest;
import io.driftline.devkit.registry.DevSchemaRegistry;
import io.driftline.schemas.registry.RestSchemaRegistryClient;
import io.driftline.schemas.serde.AvroSerdes;
import io.driftline.topology.DriftlineTopology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retrain requests from sustained drift: the threshold in windows, the cooldown in event time, the evidence. */
class RetrainStageTest {

    /** The folders this class makes (state, data) go under it, and JUnit deletes it after the class. */
    @TempDir
    static Path tempRoot;

    private static final long MINUTE = 60_000;

    private DevSchemaRegistry registry;
    private RestSchemaRegistryClient client;
    private TopologyTestDriver driver;
    private TestInputTopic<String, DriftReport> reports;
    private TestOutputTopic<String, RetrainRequest> requests;
    private long window;

    private void start(RetrainPolicy policy) throws Exception {
        registry = DevSchemaRegistry.start("localhost", 0, null);
        client = RestSchemaRegistryClient.create(registry.url());
        Map<String, Object> serde = Map.of("schema.registry.url", registry.url());
        var reportSerde = AvroSerdes.specific(DriftReport.class, client, serde, false);
        var requestSerde = AvroSerdes.specific(RetrainRequest.class, client, serde, false);
        StreamsBuilder builder = new StreamsBuilder();
        RetrainStage.requests(builder, builder.stream("drift-reports", Consumed.with(Serdes.String(), reportSerde)), policy)
                .to("retrain-requests", Produced.with(Serdes.String(), requestSerde));
        var props = DriftlineTopology.streamsConfig("driftline", io.driftline.topology.topics.TopicNames.defaults());
        props.put("state.dir", Files.createTempDirectory(tempRoot, "driftline-retrain").toString());
        driver = new TopologyTestDriver(builder.build(), props);
        reports = driver.createInputTopic("drift-reports", Serdes.String().serializer(), reportSerde.serializer());
        requests = driver.createOutputTopic("retrain-requests", Serdes.String().deserializer(), requestSerde.deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
        client.close();
        registry.close();
    }

    @Test
    void shouldAskOnceDriftLastsThreeWindowsWithEvidenceAndTheDataRange() throws Exception {
        start(RetrainPolicy.defaults());
        pipe(false);
        long episodeStart = window;
        pipe(true);
        pipe(true);
        assertThat(requests.isEmpty()).as("two drifted windows are not sustained drift yet").isTrue();
        pipe(true);

        var record = requests.readRecord();
        RetrainRequest request = record.value();
        assertThat(record.key()).isEqualTo("fraud");
        assertThat(request.getModelVersion()).isEqualTo("3");
        assertThat(request.getDataWindowStart().toEpochMilli()).isEqualTo(episodeStart);
        assertThat(request.getDataWindowEnd().toEpochMilli()).isEqualTo(window);
        assertThat(request.getDriftedFeatures()).extracting(e -> e.getFeature()).containsExactly("amount");
        assertThat(request.getDriftedFeatures().get(0).getMetrics()).extracting(MetricResult::getMetric).containsExactly("psi");
        assertThat(request.getReasons()).singleElement().asString().contains("3 consecutive windows", "amount");
        assertThat(request.getRequestId()).isEqualTo("fraud|3|" + episodeStart + "|" + window);

        pipe(true);
        pipe(true);
        assertThat(requests.isEmpty()).as("inside the six-hour cooldown").isTrue();
    }

    @Test
    void shouldAskAgainAfterTheCooldownAndStartOverAfterACleanWindow() throws Exception {
        start(new RetrainPolicy(2, Duration.ofMinutes(4)));
        pipe(true);
        pipe(true);
        assertThat(requests.readValuesToList()).hasSize(1);
        pipe(false);
        pipe(true);
        assertThat(requests.isEmpty()).as("a clean window ends the episode").isTrue();
        pipe(true);
        assertThat(requests.isEmpty()).as("4 minutes of event time have not passed since the last request").isTrue();
        pipe(true);
        assertThat(requests.readValuesToList()).hasSize(1);
    }

    @Test
    void shouldIgnoreShadowModelsAndWindowsWithoutAVerdict() throws Exception {
        start(new RetrainPolicy(2, Duration.ZERO));
        pipe(true);
        DriftReport shadow = report(true);
        shadow.setShadow(true);
        reports.pipeInput("fraud", shadow);
        DriftReport thin = report(false);
        thin.setSufficientSample(false);
        reports.pipeInput("fraud", thin);
        assertThat(requests.isEmpty()).isTrue();
        pipe(true);
        assertThat(requests.readValuesToList()).as("the ignored windows neither counted nor reset").hasSize(1);
    }

    @Test
    void shouldAskWhenPerformanceFallsForTheWindowsEvenWithoutDataDrift() throws Exception {
        start(new RetrainPolicy(2, Duration.ofHours(6)));
        reports.pipeInput("fraud", withAccuracy(report(false), 0.91, false, 100)); // judged, fine
        reports.pipeInput("fraud", withAccuracy(report(false), 0.70, true, 400));
        DriftReport fewEvents = withAccuracy(report(false), 0.65, true, 400);
        fewEvents.setSufficientSample(false); // too few events for data drift; the labels still judge performance
        reports.pipeInput("fraud", fewEvents);
        RetrainRequest request = requests.readValue();
        assertThat(requests.isEmpty()).isTrue();
        assertThat(request.getReasons()).singleElement().asString().startsWith("PERFORMANCE fell")
                .contains("accuracy 0.6500 past 0.8500");
        assertThat(request.getDriftedFeatures()).singleElement().satisfies(e -> {
            assertThat(e.getFeature()).isEqualTo(RetrainStage.PERFORMANCE);
            assertThat(e.getMetrics()).extracting(MetricResult::getMetric).containsExactly("accuracy");
        });
        assertThat(request.getDataWindowStart()).isEqualTo(Instant.ofEpochMilli(MINUTE));
        reports.pipeInput("fraud", withAccuracy(report(false), 0.60, false, 50)); // unjudged: changes nothing
        assertThat(requests.isEmpty()).isTrue();
    }

    /** The report with an accuracy metric; a threshold of NaN (fewer labels than the minimum) means no verdict. */
    private static DriftReport withAccuracy(DriftReport report, double accuracy, boolean fallen, long labelled) {
        boolean judged = labelled >= 100;
        report.setLabelled(labelled);
        report.setPerformance(List.of(MetricResult.newBuilder().setMetric("accuracy").setValue(accuracy)
                .setThreshold(judged ? 0.85 : Double.NaN).setDrifted(fallen && judged).build()));
        return report;
    }

    private void pipe(boolean drifted) {
        reports.pipeInput("fraud", report(drifted));
    }

    private DriftReport report(boolean drifted) {
        long start = window;
        window += MINUTE;
        MetricResult psi = MetricResult.newBuilder().setMetric("psi").setValue(drifted ? 0.4 : 0.01).setThreshold(0.25)
                .setDrifted(drifted).build();
        MetricResult ks = MetricResult.newBuilder().setMetric("ks").setValue(0.01).setPValue(0.5).setThreshold(0.01)
                .setDrifted(false).build();
        FeatureDrift amount = FeatureDrift.newBuilder().setFeature("amount").setCount(2_000).setMissingRate(0)
                .setMetrics(List.of(psi, ks)).setDrifted(drifted).build();
        FeatureDrift hour = FeatureDrift.newBuilder().setFeature("hour").setCount(2_000).setMissingRate(0)
                .setMetrics(List.of(ks)).setDrifted(false).build();
        return DriftReport.newBuilder().setModel("fraud").setModelVersion("3")
                .setWindowStart(Instant.ofEpochMilli(start)).setWindowEnd(Instant.ofEpochMilli(start + MINUTE))
                .setCount(2_000).setFeatures(List.of(amount, hour)).setPrediction(null).setPerformance(List.of())
                .setCorrection("holm").setSufficientSample(true).setDrifted(drifted)
                .setCreatedAt(Instant.ofEpochMilli(start + MINUTE)).build();
    }
}
