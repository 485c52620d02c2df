package io.driftline.app;

import io.driftline.app.metrics.ConsumerLag;
import io.driftline.http.InstanceView;
import io.driftline.topology.score.ModelEvent;
import io.driftline.topology.score.ScoreMetrics;
import io.driftline.topology.score.ServingModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/** The running service as the HTTP API shows it: plain maps and lists, serialised to JSON by the server. */
final class ServiceView implements InstanceView {

    private final DriftlineService service;

    ServiceView(DriftlineService service) {
        this.service = service;
    }

    @Override
    public Map<String, Object> readiness() {
        KafkaStreams.State state = service.state();
        int models = service.models().serving().size();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ready", state == KafkaStreams.State.RUNNING && service.models().hasServingModel());
        out.put("streams", String.valueOf(state));
        out.put("models", models);
        return out;
    }

    @Override
    public String prometheus() {
        service.lag(); // refreshes the lag gauges
        return service.meters().scrape();
    }

    @Override
    public Map<String, Object> summary() {
        ScoreMetrics score = service.metrics().score();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("instance", service.config().httpHost() + ":" + service.httpPort());
        out.put("time", System.currentTimeMillis());
        out.put("state", String.valueOf(service.state()));
        out.put("eventsIn", service.metrics().ingest().eventsIn());
        out.put("predictionsOut", score.predictions());
        Map<String, Long> deadLetters = new LinkedHashMap<>();
        service.metrics().deadLetters().snapshot().forEach((code, n) -> deadLetters.put(code.name(), n));
        out.put("deadLetters", deadLetters);
        out.put("parked", score.parked());
        out.put("latencyMs", Map.of("scoring", percentiles(score.scoringPercentilesMs()),
                "endToEnd", percentiles(score.endToEndPercentilesMs())));
        List<Map<String, Object>> lag = new ArrayList<>();
        for (ConsumerLag.PartitionLag l : service.lag()) {
            lag.add(Map.of("topic", l.topic(), "partition", l.partition(), "records", l.records(), "seconds", l.seconds()));
        }
        out.put("lag", lag);
        out.putAll(models());
        out.put("drift", List.of());
        out.put("alerts", List.of());
        return out;
    }

    @Override
    public Map<String, Object> models() {
        List<Map<String, Object>> serving = new ArrayList<>();
        for (ServingModel m : service.models().serving()) {
            serving.add(Map.of("model", m.model(), "version", m.version(), "shadow", m.shadow(),
                    "since", m.loadedAt().toEpochMilli(), "sha256", m.sha256()));
        }
        List<Map<String, Object>> history = new ArrayList<>();
        for (ModelEvent e : service.models().history()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("time", e.at().toEpochMilli());
            row.put("kind", e.kind().name());
            row.put("model", e.model());
            row.put("version", e.version());
            row.put("previous", e.previousVersion());
            row.put("shadow", e.shadow());
            row.put("reason", e.reason());
            row.put("message", e.message());
            row.put("durationMs", e.durationMs());
            history.add(row);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("models", serving);
        out.put("history", history);
        return out;
    }

    private static Map<String, Double> percentiles(Map<Double, Double> byPercentile) {
        Map<String, Double> out = new LinkedHashMap<>();
        byPercentile.forEach((p, v) -> out.put("p" + Math.round(p * 100), v));
        return out;
    }
}
