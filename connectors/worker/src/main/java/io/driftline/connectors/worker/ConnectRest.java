package io.driftline.connectors.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The few calls of Kafka Connect's REST API that registering Driftline's sinks takes: create or update a connector's
 * configuration, and wait for it and its tasks to run.
 */
public final class ConnectRest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ConnectRest(URI base) {
        this.base = base;
    }

    /**
     * Creates the connector or replaces its configuration ({@code PUT /connectors/{name}/config}), retrying while the
     * worker is still joining its group (Connect answers 409 or 503 then).
     */
    public void put(String name, Map<String, String> config, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String body;
        try {
            body = JSON.writeValueAsString(config);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        while (true) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/connectors/" + name + "/config"))
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)));
            if (response != null && response.statusCode() / 100 == 2) {
                return;
            }
            boolean retriable = response == null || response.statusCode() == 409 || response.statusCode() >= 500;
            if (!retriable || System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka Connect refused connector " + name + ": "
                        + (response == null ? "no answer from " + base : response.statusCode() + " " + response.body()));
            }
            Thread.sleep(500);
        }
    }

    /** Waits until the connector and every one of its tasks are RUNNING; a FAILED one fails at once, with its trace. */
    public void awaitRunning(String name, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no status yet";
        while (System.nanoTime() < deadline) {
            JsonNode status = status(name);
            if (status != null) {
                last = status.toString();
                String state = status.path("connector").path("state").asText();
                JsonNode tasks = status.path("tasks");
                for (JsonNode task : tasks) {
                    if ("FAILED".equals(task.path("state").asText())) {
                        throw new IllegalStateException("Connector " + name + " task " + task.path("id").asText()
                                + " failed: " + task.path("trace").asText());
                    }
                }
                if ("FAILED".equals(state)) {
                    throw new IllegalStateException("Connector " + name + " failed: "
                            + status.path("connector").path("trace").asText());
                }
                boolean tasksRunning = tasks.size() > 0;
                for (JsonNode task : tasks) {
                    tasksRunning &= "RUNNING".equals(task.path("state").asText());
                }
                if ("RUNNING".equals(state) && tasksRunning) {
                    return;
                }
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("Connector " + name + " not running after " + timeout + ": " + last);
    }

    /** {@code GET /connectors/{name}/status}, or null while the worker does not know the connector (yet). */
    public JsonNode status(String name) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/connectors/" + name + "/status"))
                .GET());
        if (response == null || response.statusCode() != 200) {
            return null;
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            return null;
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
