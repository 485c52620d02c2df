package io.driftline.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftline.devkit.cli.DevCli;
import io.driftline.testing.ExternalTools;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The dashboard in a real browser against a real Driftline: the demo runs through the CLI (embedded KRaft broker,
 * development registry, service with its HTTP server, model, event generator), Debian's headless Chromium opens
 * the dashboard URL the demo prints, and the test drives it over the Chrome DevTools Protocol. The page must load
 * with no console errors or uncaught exceptions, show numbers that change while events flow, draw its charts,
 * and show the "disconnected" badge once the demo has stopped. A screenshot is saved to
 * {@code target/dashboard.png} as an artifact.
 */
class DashboardBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEMO_DURATION = Duration.ofSeconds(60);

    @Test
    void shouldShowLiveNumbersWithoutConsoleErrorsAndSayWhenDisconnected(@TempDir Path tmp) throws Exception {
        ExternalTools.require(CHROMIUM.toString(), "apt-get install chromium");
        StringWriter console = new StringWriter();
        CommandLine demo = DevCli.commandLine();
        demo.setOut(new PrintWriter(console, true));
        demo.setErr(new PrintWriter(console, true));
        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> demo.execute("demo",
                "--kafka-port", "0", "--registry-port", "0", "--http-port", "0",
                "--data-dir", tmp.resolve("demo").toString(), "--rate", "100",
                "--duration", DEMO_DURATION.toSeconds() + "s", "--report-every", "2s"));
        try {
            String url = awaitConsole(console, running, Pattern.compile("Dashboard\\s*:\\s*(http://\\S+)"));
            URI dashboard = URI.create(url.endsWith("/") ? url : url + "/");
            awaitEventsFlowing(dashboard.resolve("api/summary"), console);

            try (Browser browser = Browser.start(tmp.resolve("chromium"));
                 DevTools page = browser.newPage()) {
                page.send("Runtime.enable");
                page.send("Log.enable");
                page.send("Page.enable");
                page.send("Emulation.setDeviceMetricsOverride",
                        Map.of("width", 1280, "height", 900, "deviceScaleFactor", 1, "mobile", false));
                page.send("Page.navigate", Map.of("url", dashboard.toString()));

                await("the page polled the summary (badge 'live')", Duration.ofSeconds(30),
                        () -> "live".equals(page.text("#conn")), page);
                long first = number(page.text("#events-in"));
                await("#events-in changed", Duration.ofSeconds(20),
                        () -> number(page.text("#events-in")) > first, page);
                long second = number(page.text("#events-in"));
                assertThat(second).as("events in, read twice from the page").isGreaterThan(first);
                assertThat(number(page.text("#predictions-out"))).as("predictions out").isPositive();
                await("a throughput rate shows", Duration.ofSeconds(10),
                        () -> page.text("#events-rate").matches("[0-9,.]+"), page);
                assertThat(page.text("#state")).isEqualTo("RUNNING");
                await("both demo models on the page", Duration.ofSeconds(20),
                        () -> page.text("#models").contains("merchant-category"), page);
                assertThat(page.text("#models")).contains("fraud").contains("v1")
                        .contains("merchant-events \u2192 merchant-category-predictions");
                assertThat(page.text("#history")).contains("DEPLOYED");
                // Whether a drift window has closed yet depends on when we look: wait for the panel to agree with
                // the service's own state (no report: the placeholder; reports: the model's block), not a moment.
                URI summary = dashboard.resolve("api/summary");
                await("the drift panel agrees with /api/summary's drift reports", Duration.ofSeconds(20), () -> {
                    JsonNode drift = get(summary).path("drift");
                    String panel = page.text("#drift");
                    if (drift.isEmpty()) {
                        return panel.equals("no drift report yet");
                    }
                    for (JsonNode report : drift) { // one block per model that has reports
                        if (!panel.contains(report.path("model").asText())) {
                            return false;
                        }
                    }
                    return !panel.contains("no drift report yet");
                }, page);
                assertThat(page.text("#alerts")).isEqualTo("no open alerts");
                assertThat(page.eval("document.querySelectorAll('.uplot canvas').length").asInt())
                        .as("uPlot charts drawn (throughput, lag, scoring, end to end)").isGreaterThanOrEqualTo(4);
                await("the lag chart has a series per partition", Duration.ofSeconds(10),
                        () -> page.text("#chart-lag").contains("events-0"), page);

                Thread.sleep(8_000); // a few more polls, so that the screenshot's charts have lines
                Path screenshot = Path.of("target", "dashboard.png");
                Files.createDirectories(screenshot.getParent());
                Files.write(screenshot, Base64.getDecoder().decode(
                        page.send("Page.captureScreenshot", Map.of("format", "png")).path("data").asText()));
                assertThat(Files.size(screenshot)).isGreaterThan(10_000);

                assertThat(page.problems()).as("console errors and uncaught exceptions while the demo ran")
                        .isEmpty();

                // When Driftline goes away, the page says so instead of throwing.
                int exit = running.get(DEMO_DURATION.toSeconds() + 60, TimeUnit.SECONDS);
                assertThat(exit).as(console.toString()).isZero();
                await("the 'disconnected' badge", Duration.ofSeconds(20),
                        () -> "disconnected".equals(page.text("#conn")), page);
                assertThat(page.uncaughtExceptions()).as("uncaught exceptions after the server stopped").isEmpty();
                assertThat(number(page.text("#events-in"))).as("the last numbers stay on screen")
                        .isGreaterThanOrEqualTo(second);
            }
        } finally {
            // Never leave the demo (and its broker JVM) running past the test.
            running.get(DEMO_DURATION.toSeconds() + 90, TimeUnit.SECONDS);
        }
    }

    private static long number(String text) {
        String digits = text.replace(",", "").trim();
        return digits.matches("[0-9]+") ? Long.parseLong(digits) : -1;
    }

    private static String awaitConsole(StringWriter console, CompletableFuture<Integer> running, Pattern pattern)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            Matcher m = pattern.matcher(console.toString());
            if (m.find()) {
                return m.group(1);
            }
            if (running.isDone()) {
                throw new AssertionError("the demo stopped (" + running.getNow(null) + ") before printing "
                        + pattern + ":\n" + console);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the demo console never showed " + pattern + ":\n" + console);
    }

    /** Waits until the real service has read events and written predictions, as its own API reports. */
    /** The JSON at {@code uri}, or an empty object when it does not answer 200 now. */
    private static JsonNode get(URI uri) {
        try {
            HttpResponse<String> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return res.statusCode() == 200 ? JSON.readTree(res.body()) : JSON.createObjectNode();
        } catch (java.io.IOException e) {
            return JSON.createObjectNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return JSON.createObjectNode();
        }
    }

    private static void awaitEventsFlowing(URI summary, StringWriter console) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> res = http.send(HttpRequest.newBuilder(summary).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.ofString());
                last = res.statusCode() + " " + res.body();
                JsonNode body = res.statusCode() == 200 ? JSON.readTree(res.body()) : null;
                if (body != null && body.path("eventsIn").asLong() > 0 && body.path("predictionsOut").asLong() > 0) {
                    return;
                }
            } catch (java.io.IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no events flowed through " + summary + "; last answer: " + last + "\n" + console);
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition, DevTools page)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                + "; #conn says '" + page.text("#conn") + "' (" + page.eval("document.getElementById('conn').title")
                .asText() + "); problems: " + page.problems());
    }

    /** Debian's Chromium, headless, with the DevTools protocol on a free port. */
    static final class Browser implements AutoCloseable {
        private final Process process;
        private final String browserWs;
        private final List<String> log;

        private Browser(Process process, String browserWs, List<String> log) {
            this.process = process;
            this.browserWs = browserWs;
            this.log = log;
        }

        static Browser start(Path userDataDir) throws Exception {
            Files.createDirectories(userDataDir);
            // The flags that keep Chromium off the (closed) network and out of first-run work; see the machine notes.
            Process process = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars",
                    "--user-data-dir=" + userDataDir, "--remote-debugging-port=0", "--window-size=1280,900",
                    "about:blank").redirectErrorStream(true).start();
            List<String> log = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        if (log.size() < 500) {
                            log.add(line);
                        }
                    }
                } catch (java.io.IOException ignored) {
                    // the process ended
                }
            }, "chromium-output");
            reader.setDaemon(true);
            reader.start();
            // Chromium writes the port it chose and the browser's DevTools path to DevToolsActivePort.
            Path portFile = userDataDir.resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                if (Files.isRegularFile(portFile)) {
                    List<String> lines = Files.readAllLines(portFile);
                    if (lines.size() >= 2) {
                        return new Browser(process, "ws://127.0.0.1:" + lines.get(0).trim() + lines.get(1).trim(), log);
                    }
                }
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(100);
            }
            process.destroyForcibly();
            throw new AssertionError("Chromium did not open its DevTools port:\n" + String.join("\n", log));
        }

        /** A new tab, attached with a flat session on the browser's DevTools connection. */
        DevTools newPage() throws Exception {
            DevTools browser = DevTools.connect(browserWs);
            String targetId = browser.send("Target.createTarget", Map.of("url", "about:blank")).path("targetId")
                    .asText();
            String sessionId = browser.send("Target.attachToTarget", Map.of("targetId", targetId, "flatten", true))
                    .path("sessionId").asText();
            return browser.session(sessionId);
        }

        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A minimal Chrome DevTools Protocol client on {@link java.net.http.WebSocket}: commands, replies, events. */
    static final class DevTools implements AutoCloseable {
        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final List<JsonNode> events = new CopyOnWriteArrayList<>();
        private WebSocket socket;
        private String sessionId;
        private DevTools root;

        static DevTools connect(String url) throws Exception {
            DevTools devTools = new DevTools();
            devTools.root = devTools;
            devTools.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create(url), devTools.listener()).get(10, TimeUnit.SECONDS);
            return devTools;
        }

        /** The same connection, addressed to one attached target. */
        DevTools session(String id) {
            DevTools session = new DevTools();
            session.root = this;
            session.socket = socket;
            session.sessionId = id;
            return session;
        }

        private WebSocket.Listener listener() {
            return new WebSocket.Listener() {
                private final StringBuilder message = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    message.append(data);
                    if (last) {
                        String text = message.toString();
                        message.setLength(0);
                        try {
                            JsonNode node = JSON.readTree(text);
                            if (node.has("id")) {
                                CompletableFuture<JsonNode> reply = pending.remove(node.get("id").asInt());
                                if (reply != null) {
                                    reply.complete(node);
                                }
                            } else {
                                events.add(node);
                            }
                        } catch (java.io.IOException e) {
                            events.add(JSON.createObjectNode().put("method", "unparseable").put("text", text));
                        }
                    }
                    webSocket.request(1);
                    return null;
                }
            };
        }

        JsonNode send(String method) throws Exception {
            return send(method, Map.of());
        }

        /** Sends a command and returns its result; a protocol error fails the test. */
        JsonNode send(String method, Map<String, ?> params) throws Exception {
            int id = root.ids.incrementAndGet();
            ObjectNode command = JSON.createObjectNode().put("id", id).put("method", method);
            command.set("params", JSON.valueToTree(params));
            if (sessionId != null) {
                command.put("sessionId", sessionId);
            }
            CompletableFuture<JsonNode> reply = new CompletableFuture<>();
            root.pending.put(id, reply);
            synchronized (root) {
                socket.sendText(JSON.writeValueAsString(command), true).get(10, TimeUnit.SECONDS);
            }
            JsonNode answer = reply.get(30, TimeUnit.SECONDS);
            if (answer.has("error")) {
                throw new AssertionError(method + " failed: " + answer.get("error"));
            }
            return answer.path("result");
        }

        /** Evaluates a JavaScript expression in the page and returns its value. */
        JsonNode eval(String expression) {
            try {
                JsonNode result = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
                if (result.has("exceptionDetails")) {
                    throw new AssertionError(expression + " threw: " + result.get("exceptionDetails"));
                }
                return result.path("result").path("value");
            } catch (AssertionError e) {
                throw e;
            } catch (Exception e) {
                throw new AssertionError("evaluating " + expression + " failed", e);
            }
        }

        /** The trimmed text of the first element matching a CSS selector, or "" if there is none. */
        String text(String selector) {
            return eval("(function(){var e=document.querySelector(" + quote(selector)
                    + ");return e?e.textContent.trim():'';})()").asText();
        }

        private static String quote(String s) {
            try {
                return JSON.writeValueAsString(s);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private List<JsonNode> sessionEvents() {
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode e : root.events) {
                if (sessionId == null || sessionId.equals(e.path("sessionId").asText())) {
                    out.add(e);
                }
            }
            return out;
        }

        /** Uncaught exceptions in the page. */
        List<String> uncaughtExceptions() {
            List<String> out = new ArrayList<>();
            for (JsonNode e : sessionEvents()) {
                if ("Runtime.exceptionThrown".equals(e.path("method").asText())) {
                    JsonNode details = e.path("params").path("exceptionDetails");
                    out.add("Uncaught: " + details.path("exception").path("description").asText(details.path("text")
                            .asText()));
                }
            }
            return out;
        }

        /** Uncaught exceptions, console.error/assert calls, and browser log errors (failed loads, CSP, ...). */
        List<String> problems() {
            List<String> out = new ArrayList<>(uncaughtExceptions());
            for (JsonNode e : sessionEvents()) {
                JsonNode params = e.path("params");
                switch (e.path("method").asText()) {
                    case "Runtime.consoleAPICalled" -> {
                        String type = params.path("type").asText();
                        if (type.equals("error") || type.equals("assert")) {
                            List<String> args = new ArrayList<>();
                            params.path("args").forEach(a -> args.add(a.path("value").asText(a.path("description")
                                    .asText())));
                            out.add("console." + type + ": " + String.join(" ", args));
                        }
                    }
                    case "Log.entryAdded" -> {
                        JsonNode entry = params.path("entry");
                        if (entry.path("level").asText().equals("error")) {
                            out.add("log error: " + entry.path("text").asText() + " " + entry.path("url").asText(""));
                        }
                    }
                    default -> {
                    }
                }
            }
            return out;
        }

        @Override
        public void close() {
            if (root == this || sessionId != null) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
            }
        }
    }
}
