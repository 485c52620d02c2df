package io.driftline.connectors.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A webhook receiver on a free local port: records every request, answers each path from a script of replies
 * (200 once the script is used up).
 */
final class WebhookServer implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One request as received. */
    record Received(String path, String query, Map<String, String> headers, String body, long atNanos) {
        String header(String name) {
            return headers.get(name);
        }

        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** One scripted answer; an echo sends the request's body and Authorization header back. */
    record Reply(int status, Map<String, String> headers, boolean echo, Duration delay) {
        static Reply status(int status) {
            return new Reply(status, Map.of(), false, Duration.ZERO);
        }

        static Reply retryAfter(int status, String retryAfter) {
            return new Reply(status, Map.of("Retry-After", retryAfter), false, Duration.ZERO);
        }

        static Reply echo(int status) {
            return new Reply(status, Map.of(), true, Duration.ZERO);
        }

        static Reply slow(Duration delay) {
            return new Reply(200, Map.of(), false, delay);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Deque<Reply>> scripts = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private WebhookServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static WebhookServer start() {
        try {
            return new WebhookServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The address of a path (and query) on this server. */
    URI url(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
    }

    /** Answers the next requests to a path (query aside) with these replies, in order. */
    WebhookServer script(String path, Reply... replies) {
        scripts.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(List.of(replies));
        return this;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
        String path = exchange.getRequestURI().getPath();
        received.add(new Received(path, exchange.getRequestURI().getRawQuery(), headers, body, System.nanoTime()));
        Reply reply;
        synchronized (scripts) {
            Deque<Reply> script = scripts.get(path);
            reply = script == null || script.isEmpty() ? Reply.status(200) : script.poll();
        }
        try {
            Thread.sleep(reply.delay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
            return;
        }
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        String answer = reply.echo() ? body + " auth=" + headers.get("Authorization") : "";
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
