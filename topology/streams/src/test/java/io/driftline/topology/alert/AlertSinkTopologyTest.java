package io.driftline.topology.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.topology.DriftlineTopology;
import io.driftline.topology.TopologyFixture;
import io.driftline.topology.label.LabelSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/** Every writer of the alerts topic goes through the one {@link AlertSink}, each with its own named sink node. */
class AlertSinkTopologyTest {

    @Test
    void shouldWriteEveryAlertThroughTheOneSinkAndNothingElse() throws Exception {
        var settings = DriftlineTopology.Settings.defaults().withLabels(LabelSettings.disabled().withEnabled(true));
        try (TopologyFixture fx = new TopologyFixture(settings)) {
            List<String> alertSinks = new ArrayList<>();
            for (TopologyDescription.Subtopology sub : fx.topology.describe().subtopologies()) {
                for (TopologyDescription.Node node : sub.nodes()) {
                    if (node instanceof TopologyDescription.Sink sink && fx.topics.alerts().name().equals(sink.topic())) {
                        alertSinks.add(sink.name());
                    }
                }
            }
            assertThat(alertSinks).containsExactlyInAnyOrderElementsOf(
                    Arrays.stream(AlertSink.Writer.values()).map(AlertSink.Writer::sinkName).toList());
            assertThat(alertSinks).containsExactlyInAnyOrder("alerts-sink", "concept-alerts-sink",
                    "model-rejected-alerts-sink");
        }
    }

    @Test
    void shouldNumberTheModelRejectionSubTopologyLastSoThatNoExistingTaskMoved() throws Exception {
        var settings = DriftlineTopology.Settings.defaults().withLabels(LabelSettings.disabled().withEnabled(true));
        try (TopologyFixture fx = new TopologyFixture(settings)) {
            List<TopologyDescription.Subtopology> subs = new ArrayList<>(fx.topology.describe().subtopologies());
            TopologyDescription.Subtopology last = subs.stream()
                    .max(java.util.Comparator.comparingInt(TopologyDescription.Subtopology::id)).orElseThrow();
            assertThat(last.nodes()).extracting(TopologyDescription.Node::name)
                    .contains(ModelRejectionStage.SOURCE, "model-rejected-alerts", "model-rejected-alerts-sink",
                            io.driftline.topology.audit.AuditStage.PROCESSOR, io.driftline.topology.audit.AuditStage.SINK,
                            io.driftline.topology.audit.AuditStage.ARCHIVE_SINK);
            // Sub-topologies are numbered in build order: the stage came last, and every other kept its number.
            List<String> firstSources = subs.stream()
                    .sorted(java.util.Comparator.comparingInt(TopologyDescription.Subtopology::id))
                    .map(sub -> sub.nodes().stream().filter(n -> n instanceof TopologyDescription.Source)
                            .map(TopologyDescription.Node::name).sorted().findFirst().orElseThrow())
                    .toList();
            assertThat(firstSources).containsExactly("ingest-source", "labels-source",
                    "label-join-predictions-repartition-source", "concept-signals-repartition-source",
                    "stats-partials-repartition-source", ModelRejectionStage.SOURCE);
            assertThat(last.nodes()).filteredOn(n -> n instanceof TopologyDescription.Processor)
                    .flatExtracting(n -> ((TopologyDescription.Processor) n).stores())
                    .containsExactlyInAnyOrder(ModelRejectionStage.STORE, ModelRejectionStage.PENDING_STORE,
                            io.driftline.topology.audit.AuditStage.PENDING_STORE);
        }
    }
}
