package io.driftline.topology.alert;

import io.driftline.Alert;
import io.driftline.topology.topics.Topic;
import java.util.Objects;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The one way alerts reach the alerts topic: every writer's stream ends here, inside the Kafka Streams transaction,
 * with the topic's own serdes and a sink node named after the writer. Writers key their records with
 * {@link AlertKey}.
 *
 * <p>Each writer keeps its own sink node rather than merging into one: a merge would join the writers'
 * sub-topologies into one, renumbering tasks and moving their state.
 */
public final class AlertSink {

    /** Everything that writes alerts, each with the name of its sink node (names fixed: they are in the topology). */
    public enum Writer {
        /** DATA_DRIFT, PREDICTION_DRIFT and PERFORMANCE alerts from drift reports ({@link AlertStage}). */
        DRIFT("alerts-sink"),
        /** CONCEPT_DRIFT alerts from the concept drift detectors. */
        CONCEPT("concept-alerts-sink"),
        /** MODEL_REJECTED alerts from the model registry's verdicts ({@link ModelRejectionStage}). */
        MODEL_REJECTED("model-rejected-alerts-sink");

        private final String sinkName;

        Writer(String sinkName) {
            this.sinkName = sinkName;
        }

        /** The name of this writer's sink node. */
        public String sinkName() {
            return sinkName;
        }
    }

    private final Topic<String, Alert> topic;

    /** A sink to the alerts topic of the catalogue. */
    public AlertSink(Topic<String, Alert> topic) {
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    /** The topic alerts go to. */
    public String topic() {
        return topic.name();
    }

    /** Ends a writer's stream of alert changes, keyed by {@link AlertKey#toString()}, at the alerts topic. */
    public void write(KStream<String, Alert> alerts, Writer writer) {
        alerts.to(topic.name(), Produced.with(topic.keySerde(), topic.valueSerde()).withName(writer.sinkName()));
    }
}
