package io.driftline.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance's HTTP server: liveness, readiness, Prometheus metrics, the JSON API and the dashboard.
 *
 * <p>The JDK's own HTTP server, not Javalin: a handful of read-only GET routes, no templating, no sessions, so
 * a framework (and Jetty under it, with its own threads and logging) would add weight without adding anything
 * these routes need. Static files come from the classpath: the dashboard from {@code /dashboard/}, chart
 * libraries from WebJars ({@code /webjars/...}).
 */
public final class HttpApi implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "json", "application/json",
            "svg", "image/svg+xml", "png", "image/png", "ico", "image/x-icon");

    /**
     * Largest request body accepted, in bytes. Every route is a GET, so a body this size is already a mistake;
     * a larger declared one is answered 413 without being read.
     */
    public static final long MAX_REQUEST_BYTES = 64 * 1024;

    private static final String ENTITIES = "/api/entities/";
    private static final String MODELS = "/api/models/";
    private static final String HISTORY = "/history";
    private static final String AGGREGATES = "/aggregates";

    private final HttpServer server;
    private final ExecutorService executor;
    private final InstanceView view;
    private final HttpAccess access;

    private HttpApi(HttpServer server, ExecutorService executor, InstanceView view, HttpAccess access) {
        this.server = server;
        this.executor = executor;
        this.view = view;
        this.access = access;
    }

    /**
     * Starts the server on {@code host:port} (port 0 picks a free one).
     *
     * @throws IllegalStateException when the port is taken
     */
    public static HttpApi start(String host, int port, InstanceView view) throws IOException {
        return start(host, port, view, HttpAccess.open());
    }

    /** As {@link #start(String, int, InstanceView)}, letting in only the requests {@code access} allows. */
    public static HttpApi start(String host, int port, InstanceView view, HttpAccess access) throws IOException {
        return start(host, port, view, access, null);
    }

    /** As {@link #start(String, int, InstanceView, HttpAccess)}, over https when {@code tls} is given. */
    public static HttpApi start(String host, int port, InstanceView view, HttpAccess access, HttpTls tls)
            throws IOException {
        HttpServer server;
        try {
            server = HttpServers.create(host, port, tls == null ? null : tls.server());
        } catch (BindException e) {
            throw new IllegalStateException("Cannot start the HTTP server: port " + port + " on " + host
                    + " is in use (choose another with --http-port, or http.port)", e);
        }
        ExecutorService executor = HttpServers.executor("driftline-http");
        HttpApi api = new HttpApi(server, executor, view, access);
        server.createContext("/", api::handle);
        server.setExecutor(executor);
        server.start();
        log.info("HTTP API, metrics and dashboard on {}://{}:{}/{}", tls == null ? "http" : "https", host, api.port(),
                access.required() ? " (token required: http.auth.token)" : "");
        return api;
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            long declared = declaredLength(exchange);
            if (declared > MAX_REQUEST_BYTES) {
                json(exchange, 413, Map.of("error", "request body of " + declared + " bytes is over the limit of "
                        + MAX_REQUEST_BYTES + " bytes"));
                return;
            }
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                json(exchange, 405, Map.of("error", "method " + exchange.getRequestMethod() + " not allowed: GET only"));
                return;
            }
            if (!access.allows(exchange)) {
                // Basic first: a browser prompts for it; tools send the bearer token.
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"Driftline\", charset=\"UTF-8\"");
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"Driftline\"");
                json(exchange, 401, Map.of("error", "this Driftline API needs its token: Authorization: Bearer <token>,"
                        + " or basic authentication with the token as password"));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            try {
                switch (path) {
                    case "/health" -> {
                        Map<String, Object> health = view.health();
                        json(exchange, "UP".equals(health.get("status")) ? 200 : 503, health);
                    }
                    case "/ready" -> {
                        Map<String, Object> ready = view.readiness();
                        json(exchange, Boolean.TRUE.equals(ready.get("ready")) ? 200 : 503, ready);
                    }
                    case "/metrics" -> send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                            view.prometheus().getBytes(StandardCharsets.UTF_8));
                    case "/api/summary" -> json(exchange, 200, view.summary());
                    case "/api/models" -> json(exchange, 200, view.models());
                    case "/api/windows/live" -> json(exchange, 200, view.liveWindows());
                    case "/api/windows/shares" -> send(exchange, 200, "application/octet-stream", view.windowShares());
                    default -> {
                        if (path.startsWith(MODELS) && path.endsWith(HISTORY)
                                && path.length() > MODELS.length() + HISTORY.length()) {
                            json(exchange, 200, view.modelHistory(
                                    path.substring(MODELS.length(), path.length() - HISTORY.length())));
                        } else if (path.startsWith(ENTITIES) && path.endsWith(AGGREGATES) && path.length() > ENTITIES.length() + AGGREGATES.length()) {
                            // getPath() is decoded once already; decoding again broke keys with '%' in them.
                            String key = path.substring(ENTITIES.length(), path.length() - AGGREGATES.length());
                            Map<String, String> query = query(exchange);
                            Long asOf = query.containsKey("asOf") ? asOf(query.get("asOf")) : null;
                            json(exchange, 200, view.aggregates(key, asOf, query.containsKey("forwarded")));
                        } else {
                            staticFile(exchange, path);
                        }
                    }
                }
            } catch (InstanceView.ApiException e) {
                json(exchange, e.status(), Map.of("error", String.valueOf(e.getMessage())));
            } catch (NumberFormatException e) {
                json(exchange, 400, Map.of("error", "bad number: " + e.getMessage()));
            } catch (IllegalArgumentException e) { // a malformed query escape, for one
                json(exchange, 400, Map.of("error", "bad request: " + e.getMessage()
                        + (exchange.getRequestURI().getRawQuery() == null ? "" : " in query '"
                        + exchange.getRequestURI().getRawQuery() + "'")));
            } catch (RuntimeException | LinkageError | AssertionError e) {
                // A bug behind a route: the client still gets a JSON answer, not a dropped connection.
                log.warn("HTTP {} failed", path, e);
                json(exchange, 500, Map.of("error", e.getMessage() == null ? e.getClass().getName()
                        : e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }
    }

    /** The declared body length: Content-Length, or -1 when absent or chunked (never read by these routes). */
    private static long declaredLength(HttpExchange exchange) {
        String value = exchange.getRequestHeaders().getFirst("Content-Length");
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // the JDK rejects most of these itself; treat the rest as too large
        }
    }

    private static long asOf(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InstanceView.ApiException(400, "asOf must be a time in epoch milliseconds, not '" + value + "'");
        }
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> out = new java.util.HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                out.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : java.net.URLDecoder.decode(
                        pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private void staticFile(HttpExchange exchange, String path) throws IOException {
        if (path.contains("..")) {
            json(exchange, 400, Map.of("error", "bad path: " + path));
            return;
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (!path.equals("/") && !name.contains(".")) {
            // Every file served has an extension; without one it is a folder, whose listing is nobody's business.
            json(exchange, 404, Map.of("error", "not found: " + path));
            return;
        }
        String resource = path.startsWith("/webjars/") ? "META-INF/resources" + path
                : "dashboard" + (path.equals("/") ? "/index.html" : path);
        try (InputStream in = HttpApi.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                json(exchange, 404, Map.of("error", "not found: " + path));
                return;
            }
            String extension = resource.substring(resource.lastIndexOf('.') + 1);
            send(exchange, 200, TYPES.getOrDefault(extension, "application/octet-stream"), in.readAllBytes());
        }
    }

    private static void json(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json", JSON.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
