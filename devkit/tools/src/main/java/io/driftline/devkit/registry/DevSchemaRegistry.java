package io.driftline.devkit.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.driftline.schemas.registry.CompatibilityLevel;
import io.driftline.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A development Schema Registry serving the Avro part of the Confluent REST API, for the embedded
 * default and tests (no Confluent, Karapace or Apicurio server can be installed from the registries
 * Driftline may reach, so this small server is written on the JDK HTTP server).
 *
 * <p>Served: {@code /subjects} (list, register, look up, versions, delete), {@code /schemas/ids/{id}}
 * (with {@code /schema} and {@code /versions}), {@code /schemas/types}, {@code /compatibility/...} and
 * {@code /config} (global and per subject). Ids are global and shared by subjects that register the same
 * schema; compatibility levels behave as Confluent's (BACKWARD by default) using Avro's own
 * {@link org.apache.avro.SchemaCompatibility}; errors carry Confluent's {@code error_code}s. With a
 * file, every change is persisted before it is acknowledged, so a restart keeps ids.
 *
 * <p>Limits, so that no client can stall it or break its file: a request body of at most
 * {@value #MAX_BODY_BYTES} bytes (413 past it, unread; Confluent's own store, a Kafka topic, refuses schemas over
 * about 1 MB too), subject names of at most {@value RegistryStore#MAX_SUBJECT_LENGTH} characters and no control
 * characters (422, error code {@value RegistryStore#INVALID_SUBJECT}), the request time limits and bounded worker
 * pool of {@link HttpServers}. {@code DELETE /subjects/{s}} soft-deletes (ids stay readable);
 * {@code ?permanent=true} afterwards frees the subject and every schema no other subject uses.
 *
 * <p>Not served: schema references, JSON Schema and Protobuf, modes, contexts, exporters, auth.
 */
public final class DevSchemaRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DevSchemaRegistry.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    /** Largest request body read, in bytes. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final RegistryStore store;
    private final String url;

    private DevSchemaRegistry(HttpServer server, ExecutorService executor, RegistryStore store, String host,
                              String userInfo, boolean https) {
        this.server = server;
        this.executor = executor;
        this.store = store;
        this.url = (https ? "https://" : "http://") + host + ":" + server.getAddress().getPort();
        this.authorization = userInfo == null ? null : "Basic " + java.util.Base64.getEncoder()
                .encodeToString(userInfo.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The Authorization header every request must carry, or null when the registry is open. */
    private final String authorization;

    /**
     * Starts a registry on {@code host:port} (port 0 picks a free one), keeping its state in
     * {@code file} (null keeps it in memory only).
     *
     * @throws IllegalStateException when the port is taken
     */
    public static DevSchemaRegistry start(String host, int port, Path file) throws IOException {
        return start(host, port, file, null);
    }

    /**
     * As {@link #start(String, int, Path)}, behind HTTP basic authentication when {@code userInfo}
     * ({@code user:password}, as clients' {@code basic.auth.user.info} gives it) is not null: a request without
     * those credentials is answered 401, as Confluent's registry does.
     */
    public static DevSchemaRegistry start(String host, int port, Path file, String userInfo) throws IOException {
        return start(host, port, file, userInfo, null);
    }

    /** As {@link #start(String, int, Path, String)}, over https with {@code tls}'s key when it is not null. */
    public static DevSchemaRegistry start(String host, int port, Path file, String userInfo,
                                          javax.net.ssl.SSLContext tls) throws IOException {
        RegistryStore store = new RegistryStore(file);
        HttpServer server;
        try {
            server = HttpServers.create(host, port, tls);
        } catch (BindException e) {
            throw new IllegalStateException("Cannot start the schema registry: port " + port + " on " + host
                    + " is in use (choose another with --registry-port)", e);
        }
        ExecutorService executor = HttpServers.executor("dev-schema-registry");
        DevSchemaRegistry registry = new DevSchemaRegistry(server, executor, store, host, userInfo, tls != null);
        server.createContext("/", registry::handle);
        server.setExecutor(executor);
        server.start();
        log.info("Development schema registry listening on {}{}", registry.url,
                file == null ? " (in memory)" : " (state in " + file + ")");
        return registry;
    }

    /** The base URL, e.g. {@code http://localhost:8081}. */
    public String url() {
        return url;
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        if (authorization != null && !java.security.MessageDigest.isEqual(
                authorization.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            try (exchange) {
                byte[] body = "{\"error_code\":401,\"message\":\"Unauthorized\"}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"SchemaRegistry\"");
                exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
                exchange.sendResponseHeaders(401, body.length);
                exchange.getResponseBody().write(body);
            }
            return;
        }
        try (exchange) {
            int status = 200;
            Object body;
            try {
                body = route(exchange.getRequestMethod(), segments(exchange), query(exchange), readBody(exchange));
            } catch (SchemaRegistryException e) {
                status = e.status();
                body = error(e.errorCode(), messageOf(e));
            } catch (IllegalArgumentException e) {
                status = 422;
                body = error(42201, e.getMessage());
            } catch (RuntimeException | StackOverflowError e) { // a deeply nested schema may overflow the parser
                log.warn("Schema registry request failed", e);
                status = 500;
                body = error(50001, "Internal error: " + e);
            }
            byte[] bytes = body instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(body);
            exchange.getResponseHeaders().set("Content-Type", body instanceof String ? "application/json" : CONTENT_TYPE);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Returns a Jackson node, or a String for endpoints that answer a raw schema. */
    private Object route(String method, List<String> path, Map<String, String> query, JsonNode body) {
        String first = path.isEmpty() ? "" : path.get(0);
        switch (first) {
            case "" -> {
                return JSON.createObjectNode();
            }
            case "subjects" -> {
                return subjects(method, path, query, body);
            }
            case "schemas" -> {
                return schemas(method, path);
            }
            case "compatibility" -> {
                return compatibility(method, path, query, body);
            }
            case "config" -> {
                return config(method, path, query, body);
            }
            default -> throw notFound();
        }
    }

    private Object subjects(String method, List<String> path, Map<String, String> query, JsonNode body) {
        if (path.size() == 1 && method.equals("GET")) {
            return array(store.subjects());
        }
        String subject = path.size() > 1 ? path.get(1) : null;
        if (path.size() == 2) {
            if (method.equals("POST")) {
                return version(store.lookup(subject, schemaText(body)));
            }
            if (method.equals("DELETE")) {
                return array(Boolean.parseBoolean(query.getOrDefault("permanent", "false"))
                        ? store.deleteSubjectPermanently(subject) : store.deleteSubject(subject));
            }
        }
        if (path.size() == 3 && path.get(2).equals("versions")) {
            if (method.equals("GET")) {
                return array(store.versions(subject));
            }
            if (method.equals("POST")) {
                int id = store.register(subject, schemaText(body));
                return JSON.createObjectNode().put("id", id);
            }
        }
        if (path.size() >= 4 && path.get(2).equals("versions") && method.equals("GET")) {
            RegistryStore.Version version = store.version(subject, path.get(3));
            if (path.size() == 4) {
                return version(version);
            }
            if (path.size() == 5 && path.get(4).equals("schema")) {
                return version.schema();
            }
        }
        throw notFound();
    }

    private Object schemas(String method, List<String> path) {
        if (!method.equals("GET")) {
            throw notFound();
        }
        if (path.size() == 2 && path.get(1).equals("types")) {
            return array(List.of("AVRO"));
        }
        if (path.size() >= 3 && path.get(1).equals("ids")) {
            int id;
            try {
                id = Integer.parseInt(path.get(2));
            } catch (NumberFormatException e) {
                throw new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND,
                        "Schema " + path.get(2) + " not found");
            }
            if (path.size() == 3) {
                return JSON.createObjectNode().put("schema", store.schema(id));
            }
            if (path.size() == 4 && path.get(3).equals("schema")) {
                return store.schema(id);
            }
            if (path.size() == 4 && path.get(3).equals("versions")) {
                ArrayNode out = JSON.createArrayNode();
                for (RegistryStore.Version v : store.usages(id)) {
                    out.addObject().put("subject", v.subject()).put("version", v.version());
                }
                return out;
            }
        }
        throw notFound();
    }

    private Object compatibility(String method, List<String> path, Map<String, String> query, JsonNode body) {
        // POST /compatibility/subjects/{subject}/versions[/{version}]
        if (!method.equals("POST") || path.size() < 4 || !path.get(1).equals("subjects")
                || !path.get(3).equals("versions") || path.size() > 5) {
            throw notFound();
        }
        String subject = path.get(2);
        String version = path.size() == 5 ? path.get(4) : null;
        List<String> problems;
        try {
            problems = store.checkCompatibility(subject, schemaText(body), version);
        } catch (SchemaRegistryException e) {
            if (version == null || !e.isNotFound() || e.errorCode() != SchemaRegistryException.SUBJECT_NOT_FOUND
                    || !"latest".equals(version)) {
                throw e;
            }
            problems = List.of(); // Confluent: anything is compatible with a subject that does not exist yet
        }
        ObjectNode out = JSON.createObjectNode().put("is_compatible", problems.isEmpty());
        if (Boolean.parseBoolean(query.getOrDefault("verbose", "false"))) {
            ArrayNode messages = out.putArray("messages");
            problems.forEach(messages::add);
        }
        return out;
    }

    private Object config(String method, List<String> path, Map<String, String> query, JsonNode body) {
        String subject = path.size() == 2 ? path.get(1) : null;
        if (path.size() > 2) {
            throw notFound();
        }
        switch (method) {
            case "GET" -> {
                CompatibilityLevel level = subject == null ? store.level(null) : store.subjectLevel(subject);
                if (level == null) {
                    if (!Boolean.parseBoolean(query.getOrDefault("defaultToGlobal", "false"))) {
                        throw new SchemaRegistryException(404, 40408,
                                "Subject '" + subject + "' does not have subject-level compatibility configured");
                    }
                    level = store.level(null);
                }
                return JSON.createObjectNode().put("compatibilityLevel", level.name());
            }
            case "PUT" -> {
                JsonNode requested = body == null ? null : body.get("compatibility");
                CompatibilityLevel level;
                try {
                    level = CompatibilityLevel.parse(requested == null ? null : requested.asText());
                } catch (IllegalArgumentException e) {
                    throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL,
                            "Invalid compatibility level: " + e.getMessage());
                }
                store.setLevel(subject, level);
                return JSON.createObjectNode().put("compatibility", level.name());
            }
            case "DELETE" -> {
                if (subject == null) {
                    throw notFound();
                }
                CompatibilityLevel previous = store.level(subject);
                store.clearLevel(subject);
                return JSON.createObjectNode().put("compatibilityLevel", previous.name());
            }
            default -> throw notFound();
        }
    }

    private static String schemaText(JsonNode body) {
        if (body == null || !body.hasNonNull("schema")) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA,
                    "Request body must be a JSON object with a \"schema\" field");
        }
        String type = body.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA,
                    "Schema type " + type + " is not supported by the development registry (AVRO only)");
        }
        JsonNode references = body.get("references");
        if (references != null && references.size() > 0) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA,
                    "Schema references are not supported by the development registry");
        }
        return body.get("schema").asText();
    }

    private static ObjectNode version(RegistryStore.Version version) {
        return JSON.createObjectNode().put("subject", version.subject()).put("version", version.version())
                .put("id", version.id()).put("schema", version.schema());
    }

    private static ArrayNode array(List<?> values) {
        ArrayNode out = JSON.createArrayNode();
        values.forEach(v -> out.add(JSON.valueToTree(v)));
        return out;
    }

    private static ObjectNode error(int code, String message) {
        return JSON.createObjectNode().put("error_code", code).put("message", message);
    }

    /** The message without the status suffix our exception adds. */
    private static String messageOf(SchemaRegistryException e) {
        String message = e.getMessage();
        int suffix = message.lastIndexOf(" (HTTP ");
        return suffix > 0 ? message.substring(0, suffix) : message;
    }

    private static SchemaRegistryException notFound() {
        return new SchemaRegistryException(404, 404, "HTTP 404 Not Found");
    }

    private static List<String> segments(HttpExchange exchange) {
        List<String> out = new ArrayList<>();
        for (String raw : exchange.getRequestURI().getRawPath().split("/")) {
            if (!raw.isEmpty()) {
                // Percent-decode without turning '+' into a space: a path is not a form.
                out.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static SchemaRegistryException tooLarge(String size) {
        return new SchemaRegistryException(413, 413, "Request body of " + size + " is over the development "
                + "registry's limit of " + MAX_BODY_BYTES + " bytes");
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> out = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                out.put(key, eq < 0 ? "true" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static JsonNode readBody(HttpExchange exchange) {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null && parseLength(length) > MAX_BODY_BYTES) {
            throw tooLarge(length + " bytes");
        }
        try (InputStream in = exchange.getRequestBody()) {
            // Bounded also when chunked (no Content-Length): never more than the limit in memory.
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw tooLarge("over " + MAX_BODY_BYTES + " bytes");
            }
            if (bytes.length == 0) {
                return null;
            }
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA,
                    "Request body is not JSON: " + e.getMessage());
        }
    }
}
