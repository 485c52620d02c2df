package io.driftline.app;

import io.driftline.Alert;
import io.driftline.DriftReport;
import io.driftline.FeatureDrift;
import io.driftline.MetricResult;
import io.driftline.ModelAuditEvent;
import io.driftline.app.metrics.ConsumerLag;
import io.driftline.http.InstanceView;
import io.driftline.topology.enrich.window.AggregateSpec;
import io.driftline.topology.enrich.window.SampleEntry;
import io.driftline.topology.enrich.window.WindowAggregateQuery;
import io.driftline.topology.enrich.window.WindowAggregateStage;
import io.driftline.topology.score.ModelEvent;
import io.driftline.topology.score.ModelRoute;
import io.driftline.topology.score.ScoreMetrics;
import io.driftline.topology.score.ServingModel;
import io.driftline.topology.stats.LiveWindows;
import io.driftline.topology.stats.StatsStage;
import io.driftline.topology.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/** The running service as the HTTP API shows it: plain maps and lists, serialised to JSON by the server. */
final class ServiceView implements InstanceView {

    private final PeerClient peers;

    private final DriftlineService service;

    ServiceView(DriftlineService service) {
        this.service = service;
        io.driftline.http.HttpTls tls = service.httpTls();
        this.peers = new PeerClient(PeerClient.CONNECT_TIMEOUT, PeerClient.REQUEST_TIMEOUT,
                service.config().httpAuthToken(), tls == null ? null : tls.client());
    }

    @Override
    public Map<String, Object> readiness() {
        KafkaStreams.State state = service.state();
        int models = service.models().serving().size();
        Map<String, Map<String, Long>> restoring = service.restoring();
        String reason = service.notReadyReason();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ready", reason == null);
        out.put("streams", String.valueOf(state));
        out.put("models", models);
        out.put("restoring", restoring);
        out.put("stuckPartitions", service.stuckPartitions());
        if (reason != null) {
            out.put("reason", reason);
        }
        return out;
    }

    @Override
    public Map<String, Object> health() {
        String failure = service.failure();
        return failure == null ? Map.of("status", "UP") : Map.of("status", "DOWN", "reason", failure);
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
        out.put("instance", service.httpPort() < 0 ? null : service.advertisedServer());
        out.put("time", System.currentTimeMillis());
        out.put("state", String.valueOf(service.state()));
        out.put("eventsIn", service.metrics().ingest().eventsIn());
        out.put("predictionsOut", score.predictions());
        Map<String, Long> deadLetters = new LinkedHashMap<>();
        service.metrics().deadLetters().snapshot().forEach((code, n) -> deadLetters.put(code.name(), n));
        out.put("deadLetters", deadLetters);
        out.put("parked", score.parked());
        out.put("unrouted", score.unroutedByTopic());
        // endToEnd: event time to the prediction visible downstream (the commit under exactly-once); scored: to it
        // being made. Scoring per event, and its means split into encoding and the ONNX run.
        out.put("latencyMs", Map.of("scoring", percentiles(score.scoringPercentilesMs()),
                "endToEnd", percentiles(score.endToEndPercentilesMs()),
                "scored", percentiles(score.scoredPercentilesMs())));
        out.put("scoringMicrosPerEvent", Map.of("encode", finiteOrZero(score.meanEncodeMicros()),
                "onnx", finiteOrZero(score.meanOnnxMicros()), "meanBatch", finiteOrZero(score.meanBatchSize())));
        List<Map<String, Object>> lag = new ArrayList<>();
        for (ConsumerLag.PartitionLag l : service.lag()) {
            lag.add(Map.of("topic", l.topic(), "partition", l.partition(), "records", l.records(), "seconds", l.seconds()));
        }
        out.put("lag", lag);
        out.putAll(models());
        out.put("drift", drift());
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (Alert a : service.openAlerts()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("model", a.getModel());
            row.put("version", a.getModelVersion());
            row.put("type", a.getType().name());
            row.put("severity", a.getSeverity().name());
            row.put("subject", a.getSubject());
            row.put("metric", a.getMetric());
            row.put("value", a.getValue());
            row.put("threshold", a.getThreshold());
            row.put("openedAt", a.getCreatedAt().toEpochMilli());
            row.put("message", a.getMessage());
            row.put("topFeatures", a.getTopFeatures());
            alerts.add(row);
        }
        out.put("alerts", alerts);
        return out;
    }

    /** Recent drift reports, oldest first per model, shaped for the dashboard's heat map. */
    private List<Map<String, Object>> drift() {
        List<Map<String, Object>> out = new ArrayList<>();
        service.driftReports().forEach((model, reports) -> {
            for (DriftReport report : reports) {
                out.add(reportRow(report));
            }
        });
        return out;
    }

    /** A drift report as the API shows it: per feature (and the score) each metric's value and p-value. */
    private static Map<String, Object> reportRow(DriftReport report) {
        Map<String, Object> features = new LinkedHashMap<>();
        List<FeatureDrift> all = new ArrayList<>(report.getFeatures());
        if (report.getPrediction() != null) {
            all.add(report.getPrediction());
        }
        for (FeatureDrift feature : all) {
            Map<String, Object> metrics = new LinkedHashMap<>();
            for (MetricResult metric : feature.getMetrics()) {
                metrics.put(metric.getMetric(), metric.getValue());
                if (metric.getPValue() != null) {
                    metrics.put(metric.getMetric() + "PValue", metric.getPValue());
                }
            }
            metrics.put("drifted", feature.getDrifted());
            metrics.put("count", feature.getCount());
            if (feature.getMean() != null) {
                metrics.put("mean", feature.getMean());
            }
            features.put(feature.getFeature(), metrics);
        }
        Map<String, Object> performance = new LinkedHashMap<>();
        for (MetricResult metric : report.getPerformance()) {
            performance.put(metric.getMetric(), metric.getValue());
            performance.put(metric.getMetric() + "Fallen", metric.getDrifted());
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("model", report.getModel());
        row.put("version", report.getModelVersion());
        row.put("window", List.of(report.getWindowStart().toEpochMilli(), report.getWindowEnd().toEpochMilli()));
        row.put("count", report.getCount());
        row.put("drifted", report.getDrifted());
        row.put("features", features);
        if (report.getLabelled() > 0) {
            row.put("labelled", report.getLabelled());
            row.put("performance", performance);
        }
        return row;
    }

    @Override
    public Map<String, Object> liveWindows() {
        if (!service.settings().drift().enabled()) {
            throw new ApiException(404, "the drift stage is off (" + DriftlineConfig.DRIFT_ENABLED + ")");
        }
        KafkaStreams streams = service.streams();
        if (streams == null) {
            throw new ApiException(503, "not started");
        }
        List<byte[]> shares = new ArrayList<>(localShares(streams));
        String self = service.advertisedServer();
        List<String> answered = new ArrayList<>(List.of(self));
        Map<String, String> missing = new LinkedHashMap<>();
        for (StreamsMetadata instance : streams.streamsMetadataForStore(StatsStage.ACCUMULATOR_STORE)) {
            String server = instance.host() + ":" + instance.port();
            if (server.equals(self)) {
                continue;
            }
            try {
                shares.addAll(LiveWindows.unpack(peers.windowShares(server)));
                answered.add(server);
            } catch (ApiException e) {
                missing.put(server, e.getMessage());
            }
        }
        long now = System.currentTimeMillis();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("asOf", now);
        out.put("windows", LiveWindows.judge(shares, service.models(), service.settings().drift(), now).stream()
                .map(ServiceView::reportRow).toList());
        out.put("instances", answered);
        out.put("missing", missing);
        return out;
    }

    @Override
    public byte[] windowShares() {
        KafkaStreams streams = service.streams();
        if (streams == null) {
            throw new ApiException(503, "not started");
        }
        return LiveWindows.pack(localShares(streams));
    }

    private static List<byte[]> localShares(KafkaStreams streams) {
        try {
            return LiveWindows.local(streams);
        } catch (IllegalStateException | InvalidStateStoreException e) {
            throw new ApiException(503, "window statistics not queryable now: " + e.getMessage());
        }
    }

    @Override
    public Map<String, Object> modelHistory(String model) {
        Topics topics = service.topics();
        List<ModelAuditEvent> entries;
        try {
            entries = AuditTrail.read(service.config().clientConfig(), topics.modelAudit().name(),
                    topics.modelAudit().valueSerde().deserializer(), model, Duration.ofSeconds(10));
        } catch (IllegalStateException e) {
            throw new ApiException(503, e.getMessage());
        }
        Map<String, List<ModelAuditEvent>> verdicts = AuditTrail.instanceVerdicts(service.config().clientConfig(),
                topics.modelAuditVerdicts().name(), topics.modelAuditVerdicts().valueSerde().deserializer(), model,
                Duration.ofSeconds(10));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", model);
        out.put("entries", entries.stream().map(e -> {
            Map<String, Object> entry = AuditTrail.json(e);
            entry.put("instanceVerdicts", verdicts.getOrDefault(e.getEventId().toString(), List.of()).stream()
                    .map(v -> Map.of("instance", v.getInstance().toString(), "verdict", v.getVerdict().toString()))
                    .toList());
            return entry;
        }).toList());
        return out;
    }

    @Override
    public Map<String, Object> models() {
        List<Map<String, Object>> serving = new ArrayList<>();
        ScoreMetrics score = service.metrics().score();
        Map<String, Long> championFailures = score.championFailuresByModel();
        Map<String, Long> shadowFailures = score.shadowFailuresByModel();
        for (ServingModel m : service.models().serving()) {
            ModelRoute route = ModelRoute.of(m.manifest(), service.config().topicNames());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("model", m.model());
            row.put("version", m.version());
            row.put("shadow", m.shadow());
            row.put("since", m.loadedAt().toEpochMilli());
            row.put("sha256", m.sha256());
            row.put("inputTopics", new java.util.TreeSet<>(route.inputTopics()));
            row.put("outputTopic", route.outputTopic());
            if (route.filterField() != null || route.filterHeader() != null) {
                row.put("filter", Map.of(route.filterField() != null ? "field" : "header",
                        route.filterField() != null ? route.filterField().path() : route.filterHeader(),
                        "values", new java.util.TreeSet<>(route.filterValues())));
            }
            String label = m.model() + " v" + m.version();
            // Failures on this instance: a champion's events went to the dead-letter topic for it; a shadow's
            // only lost the shadow's prediction.
            row.put("failures", m.shadow() ? shadowFailures.getOrDefault(label + " (shadow)", 0L)
                    : championFailures.getOrDefault(label, 0L));
            serving.add(row);
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

    @Override
    public Map<String, Object> aggregates(String key, Long asOf, boolean forwarded) {
        List<AggregateSpec> specs = service.config().aggregates();
        if (specs.isEmpty()) {
            throw new ApiException(404, "no window aggregates are configured (" + DriftlineConfig.AGGREGATES + ")");
        }
        KafkaStreams streams = service.streams();
        if (streams == null) {
            throw new ApiException(503, "not started");
        }
        KeyQueryMetadata owner = streams.queryMetadataForKey(WindowAggregateStage.STORE, key, Serdes.String().serializer());
        if (owner == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner)) {
            throw new ApiException(503, "the owner of key '" + key + "' is not known yet (rebalancing?)");
        }
        long t = asOf != null ? asOf : System.currentTimeMillis();
        String self = service.advertisedServer();
        String ownerServer = owner.activeHost().host() + ":" + owner.activeHost().port();
        if (!ownerServer.equals(self)) {
            if (forwarded) {
                throw new ApiException(503, "key '" + key + "' moved to " + ownerServer + " while forwarding");
            }
            return peers.aggregates(ownerServer, key, t);
        }
        ReadOnlyWindowStore<String, SampleEntry> store;
        try {
            store = streams.store(StoreQueryParameters.fromNameAndType(WindowAggregateStage.STORE,
                    QueryableStoreTypes.<String, SampleEntry>windowStore()).withPartition(owner.partition()));
        } catch (InvalidStateStoreException e) {
            throw new ApiException(503, "store not queryable now: " + e.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", key);
        out.put("asOf", t);
        out.put("aggregates", new WindowAggregateQuery(specs).at(store, key, t));
        out.put("servedBy", self);
        out.put("partition", owner.partition());
        return out;
    }

    private static Map<String, Double> percentiles(Map<Double, Double> byPercentile) {
        Map<String, Double> out = new LinkedHashMap<>();
        byPercentile.forEach((p, v) -> out.put("p" + Math.round(p * 100), v));
        return out;
    }

    private static double finiteOrZero(double value) {
        return Double.isFinite(value) ? value : 0.0;
    }
}
