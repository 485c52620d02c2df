package io.driftline.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.testing.ExternalTools;
import io.driftline.testing.SharedKafka;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP endpoints and metric values of a running instance after a known number of events, and a real
 * Prometheus (Debian's package, installed by {@code .ci/run}) scraping it.
 */
class MetricsIT {

    /** The folders this class makes (state, data) go under it, and JUnit deletes it after the class. */
    @TempDir
    static Path tempRoot;

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void shouldServeHealthReadinessSummaryAndMetrics() throws Exception {
        try (ServiceHarness h = new ServiceHarness()) {
            DriftlineService service = h.start();
            String base = "http://localhost:" + service.httpPort();
            assertThat(get(base + "/health").body()).isEqualTo("{\"status\":\"UP\"}");
            assertThat(get(base + "/ready").statusCode()).as("no model yet").isEqualTo(503);

            h.publish("fraud", DemoModel.train("1", 3, 1_000).toUpdate());
            ServiceHarness.await("v1 serving", TIMEOUT, () -> "1".equals(service.models().currentVersion("fraud")));
            h.produce(300);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
                    new StringSerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < 3; i++) {
                    producer.send(new ProducerRecord<>(h.topic("events"), "bad-" + i, ("junk " + i).getBytes()));
                }
            }
            assertThat(h.readPredictions(300, TIMEOUT)).hasSize(300);
            ServiceHarness.await("dead letters counted", TIMEOUT,
                    () -> service.metrics().deadLetters().total() == 3);

            HttpResponse<String> ready = get(base + "/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("\"ready\":true", "\"streams\":\"RUNNING\"");

            String metrics = get(base + "/metrics").body();
            assertThat(value(metrics, "driftline_events_in_total", "")).isEqualTo(303);
            assertThat(value(metrics, "driftline_predictions_total", "model=\"fraud\",shadow=\"false\",version=\"1\"")).isEqualTo(300);
            assertThat(value(metrics, "driftline_dead_letters_total", "code=\"NOT_AVRO\"")).isEqualTo(3);
            assertThat(value(metrics, "driftline_dead_letters_total", "code=\"MISSING_FEATURE\"")).isZero();
            // Live events are gathered into batches: one model run, and one scoring time per event, per batch.
            double runs = value(metrics, "driftline_scoring_batch_size_events_count", "");
            assertThat(runs).as("model runs").isBetween(1.0, 300.0);
            assertThat(value(metrics, "driftline_scoring_batch_size_events_sum", "")).isEqualTo(300);
            assertThat(value(metrics, "driftline_scoring_latency_seconds_count", "")).isEqualTo(runs);
            assertThat(value(metrics, "driftline_scoring_latency_seconds_bucket", "le=\"+Inf\"")).isEqualTo(runs);
            assertThat(value(metrics, "driftline_scoring_latency_seconds_bucket", "le=\"1.0\"")).isEqualTo(runs);
            assertThat(value(metrics, "driftline_scoring_encode_latency_seconds_count", "")).isEqualTo(runs);
            assertThat(value(metrics, "driftline_scoring_onnx_latency_seconds_count", "")).isEqualTo(runs);
            assertThat(value(metrics, "driftline_scoring_onnx_latency_seconds_sum", "")).isPositive();
            // Each champion prediction timed once to being made, and once to being visible (its commit).
            assertThat(value(metrics, "driftline_end_to_end_latency_seconds_count", "")).isEqualTo(300);
            assertThat(value(metrics, "driftline_end_to_end_latency_seconds_bucket", "le=\"+Inf\"")).isEqualTo(300);
            assertThat(value(metrics, "driftline_end_to_end_scored_latency_seconds_count", "")).isEqualTo(300);
            assertThat(value(metrics, "driftline_end_to_end_latency_seconds_sum", "")).isGreaterThanOrEqualTo(
                    value(metrics, "driftline_end_to_end_scored_latency_seconds_sum", ""));
            // The recent percentiles (HdrHistogram, see RecentPercentiles): between 0 and the largest latency timed.
            double p99 = value(metrics, "driftline_end_to_end_latency_percentile_seconds", "quantile=\"0.99\"");
            assertThat(p99).isPositive().isLessThanOrEqualTo(
                    1.01 * value(metrics, "driftline_end_to_end_latency_seconds_max", ""));
            assertThat(value(metrics, "driftline_end_to_end_latency_percentile_seconds", "quantile=\"0.5\""))
                    .isPositive().isLessThanOrEqualTo(p99);
            assertThat(value(metrics, "driftline_end_to_end_scored_latency_percentile_seconds", "quantile=\"0.99\""))
                    .isPositive().isLessThanOrEqualTo(p99 * 1.01);
            assertThat(value(metrics, "driftline_labels_in_total", "")).as("labels are off").isZero();
            assertThat(value(metrics, "driftline_drift_failed_total", "")).as("every scored event counted").isZero();
            assertThat(value(metrics, "driftline_model_version_info", "model=\"fraud\",shadow=\"false\",version=\"1\"")).isEqualTo(1);
            assertThat(value(metrics, "driftline_model_swaps_total", "model=\"fraud\"")).isEqualTo(1);
            assertThat(metrics).contains("driftline_consumer_lag_records{", "driftline_consumer_lag_seconds{",
                    "kafka_stream_thread_process_total", "jvm_memory_used_bytes");

            JsonNode summary = new ObjectMapper().readTree(get(base + "/api/summary").body());
            assertThat(summary.path("eventsIn").asLong()).isEqualTo(303);
            assertThat(summary.path("predictionsOut").asLong()).isEqualTo(300);
            assertThat(summary.path("deadLetters").path("NOT_AVRO").asLong()).isEqualTo(3);
            assertThat(summary.path("models").get(0).path("version").asText()).isEqualTo("1");
            assertThat(summary.path("history").get(0).path("kind").asText()).isEqualTo("DEPLOYED");
            assertThat(summary.path("lag").size()).isEqualTo(3);
            assertThat(summary.path("latencyMs").path("endToEnd").has("p99")).isTrue();
            assertThat(summary.path("latencyMs").path("scored").has("p99")).isTrue();
            assertThat(summary.path("scoringMicrosPerEvent").path("onnx").asDouble()).isPositive();
            assertThat(summary.path("scoringMicrosPerEvent").path("meanBatch").asDouble()).isBetween(1.0, 300.0);
        }
    }

    /**
     * A real Prometheus scrapes an instance. Apart from the test above, and the tool looked up first, so that
     * without Prometheus this one is reported as skipped before it runs anything.
     */
    @Test
    void shouldBeScrapedByARealPrometheus() throws Exception {
        Path prometheus = ExternalTools.require("prometheus", "apt-get install prometheus");
        try (ServiceHarness h = new ServiceHarness()) {
            DriftlineService service = h.start();
            h.publish("fraud", DemoModel.train("1", 3, 1_000).toUpdate());
            ServiceHarness.await("v1 serving", TIMEOUT, () -> "1".equals(service.models().currentVersion("fraud")));
            h.produce(30);
            assertThat(h.readPredictions(30, TIMEOUT)).hasSize(30);
            assertPrometheusScrapes(prometheus, service.httpPort(), 30);
        }
    }

    /** Starts Debian's Prometheus against the instance and asks its HTTP API for a series. */
    private static void assertPrometheusScrapes(Path prometheus, int port, long expectedEvents) throws Exception {
        Path dir = Files.createTempDirectory(tempRoot, "driftline-prometheus");
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: driftline
                    static_configs:
                      - targets: ['localhost:%d']
                """.formatted(port));
        int webPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            webPort = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(prometheus.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + webPort)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        try {
            String query = "http://127.0.0.1:" + webPort + "/api/v1/query?query="
                    + URLEncoder.encode("driftline_events_in_total{job=\"driftline\"}", StandardCharsets.UTF_8);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            String last = "";
            while (System.nanoTime() < deadline) {
                try {
                    last = get(query).body();
                    if (last.contains("\"value\":[") && last.contains("\"" + expectedEvents + "\"")) {
                        assertThat(last).contains("\"status\":\"success\"", "\"__name__\":\"driftline_events_in_total\"");
                        return;
                    }
                } catch (java.io.IOException notUpYet) {
                    // Prometheus still starting
                }
                Thread.sleep(500);
            }
            throw new AssertionError("Prometheus never returned driftline_events_in_total = " + expectedEvents
                    + "; last answer: " + last + "\nlog: " + Files.readString(dir.resolve("prometheus.log")));
        } finally {
            process.destroy();
            process.waitFor();
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The value of a sample whose labels contain {@code labels} (in Prometheus' sorted order). */
    private static double value(String exposition, String name, String labels) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(?:\\{([^}]*)\\})? (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(exposition);
        while (m.find()) {
            if (m.group(1) == null ? labels.isEmpty() : m.group(1).contains(labels)) {
                return Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError("no sample " + name + "{..." + labels + "...} in:\n" + exposition.lines()
                .filter(l -> l.startsWith(name)).toList());
    }
}
