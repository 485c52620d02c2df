package io.driftline.topology;

import io.driftline.Prediction;
import io.driftline.topology.ingest.EventDecoder;
import io.driftline.topology.ingest.IngestStage;
import io.driftline.topology.ingest.InputEvent;
import io.driftline.topology.score.ModelRegistry;
import io.driftline.topology.score.ScoreMetrics;
import io.driftline.topology.score.ScoreStage;
import io.driftline.topology.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The whole pipeline in data-flow order: ingest → score → predictions. Later stages (enrich, stats, drift,
 * alert) plug in here. Building is apart from running, so the same topology runs under TopologyTestDriver.
 */
public final class DriftlineTopology {

    /** What the stages need from the running instance. */
    public record Context(Topics topics, ModelRegistry registry, EventDecoder decoder, ScoreMetrics scoreMetrics,
                          Clock clock, Duration parkedDrainInterval) {
    }

    private DriftlineTopology() {
    }

    /** Builds the topology. */
    public static Topology build(Context ctx) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, InputEvent> events = IngestStage.events(builder, ctx.topics().events(), ctx.decoder());
        KStream<String, Prediction> predictions = ScoreStage.score(builder, events, ctx.registry(), ctx.decoder(),
                ctx.scoreMetrics(), ctx.clock(), ctx.parkedDrainInterval(), ctx.topics().eventsDlq().name());
        predictions.to(ctx.topics().predictions().name(), Produced.with(ctx.topics().predictions().keySerde(),
                ctx.topics().predictions().valueSerde()).withName("predictions-sink"));
        return builder.build();
    }
}
