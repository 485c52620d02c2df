package io.driftline.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client for the Confluent Schema Registry REST API (Avro only), written here because Confluent's
 * client is not on Maven Central. Works against Confluent Schema Registry, Karapace, Redpanda and
 * Driftline's development registry.
 *
 * <p>Ids and the schemas they name never change, so {@link #schemaById}, {@link #register} and
 * {@link #lookup} answers are cached forever; {@link #latest} is cached for a configurable time
 * (default 30 s). Requests that fail with an I/O error or HTTP 5xx are retried with exponential
 * back-off, rotating through the configured URLs, and then fail with
 * {@link RegistryUnavailableException}.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

    /** Comma-separated registry base URLs. */
    public static final String URL_CONFIG = "schema.registry.url";
    /** {@code user:password} for HTTP basic authentication (Confluent's key). */
    public static final String BASIC_AUTH_USER_INFO_CONFIG = "basic.auth.user.info";
    /** Trust store for an {@code https://} registry (Confluent's name); unset: the JDK's default trust. */
    public static final String SSL_TRUSTSTORE_LOCATION_CONFIG = "schema.registry.ssl.truststore.location";
    /** Its password. */
    public static final String SSL_TRUSTSTORE_PASSWORD_CONFIG = "schema.registry.ssl.truststore.password";
    /** Its type: PKCS12 (default) or JKS. */
    public static final String SSL_TRUSTSTORE_TYPE_CONFIG = "schema.registry.ssl.truststore.type";
    /** Retries after the first failed attempt (default 3). */
    public static final String RETRIES_CONFIG = "schema.registry.retries";
    /** First back-off in milliseconds, doubled per retry up to 5 s (default 200). */
    public static final String RETRY_BACKOFF_MS_CONFIG = "schema.registry.retry.backoff.ms";
    /** Request timeout in milliseconds (default 10000). */
    public static final String REQUEST_TIMEOUT_MS_CONFIG = "schema.registry.request.timeout.ms";
    /** How long an answer to "latest version of a subject" is reused, in seconds (default 30). */
    public static final String LATEST_CACHE_TTL_SEC_CONFIG = "latest.cache.ttl.sec";

    private static final Logger log = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_BACKOFF_MS = 5_000;

    private final List<URI> baseUris;
    private final String authorization;
    private final int retries;
    private final long backoffMs;
    private final Duration requestTimeout;
    private final long latestTtlNanos;
    private final HttpClient http;
    private final AtomicInteger nextUri = new AtomicInteger();

    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, RegisteredSchema> lookups = new ConcurrentHashMap<>();
    private final Map<String, Timed> latestBySubject = new ConcurrentHashMap<>();

    private RestSchemaRegistryClient(List<URI> baseUris, String userInfo, int retries, long backoffMs,
                                     Duration requestTimeout, Duration latestTtl, javax.net.ssl.SSLContext tls) {
        if (baseUris.isEmpty()) {
            throw new IllegalArgumentException(URL_CONFIG + " must name at least one URL");
        }
        this.baseUris = List.copyOf(baseUris);
        this.authorization = userInfo == null || userInfo.isBlank() ? null
                : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
        this.retries = retries;
        this.backoffMs = backoffMs;
        this.requestTimeout = requestTimeout;
        this.latestTtlNanos = latestTtl.toNanos();
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (tls != null) {
            http.sslContext(tls);
        }
        this.http = http.build();
    }

    /** The trust for an https registry from {@value #SSL_TRUSTSTORE_LOCATION_CONFIG}, or null for the JDK's. */
    private static javax.net.ssl.SSLContext trust(Map<String, ?> config) {
        String location = stringOr(config, SSL_TRUSTSTORE_LOCATION_CONFIG, null);
        if (location == null || location.isBlank()) {
            return null;
        }
        String password = stringOr(config, SSL_TRUSTSTORE_PASSWORD_CONFIG, "");
        String type = stringOr(config, SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(location))) {
            java.security.KeyStore store = java.security.KeyStore.getInstance(type);
            store.load(in, password.toCharArray());
            javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot read the registry trust store " + location + " ("
                    + SSL_TRUSTSTORE_LOCATION_CONFIG + "): " + e.getMessage(), e);
        }
    }

    /** A client for one or more comma-separated base URLs with default settings. */
    public static RestSchemaRegistryClient create(String urls) {
        return create(Map.of(URL_CONFIG, urls));
    }

    /** A client configured from serde-style settings (see the {@code *_CONFIG} keys). */
    public static RestSchemaRegistryClient create(Map<String, ?> config) {
        Object urls = config.get(URL_CONFIG);
        if (urls == null || urls.toString().isBlank()) {
            throw new IllegalArgumentException("Missing " + URL_CONFIG);
        }
        List<URI> uris = new ArrayList<>();
        for (String url : urls.toString().split(",")) {
            if (!url.isBlank()) {
                String trimmed = url.trim();
                uris.add(URI.create(trimmed.endsWith("/") ? trimmed : trimmed + "/"));
            }
        }
        return new RestSchemaRegistryClient(uris,
                stringOr(config, BASIC_AUTH_USER_INFO_CONFIG, null),
                (int) longOr(config, RETRIES_CONFIG, 3),
                longOr(config, RETRY_BACKOFF_MS_CONFIG, 200),
                Duration.ofMillis(longOr(config, REQUEST_TIMEOUT_MS_CONFIG, 10_000)),
                Duration.ofSeconds(longOr(config, LATEST_CACHE_TTL_SEC_CONFIG, 30)), trust(config));
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("POST", "subjects/" + encode(subject) + "/versions", schemaBody(schema));
        int id = answer.path("id").asInt(-1);
        if (id < 0) {
            throw new SchemaRegistryException(200, -1, "Registry answered a registration without an id: " + answer);
        }
        schemasById.putIfAbsent(id, schema);
        idsBySubjectSchema.put(key, id);
        latestBySubject.remove(subject);
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("GET", "schemas/ids/" + id, null);
        requireAvro(answer, "schema id " + id);
        Schema schema = parse(answer.path("schema").asText());
        Schema previous = schemasById.putIfAbsent(id, schema);
        return previous != null ? previous : schema;
    }

    @Override
    public RegisteredSchema latest(String subject) {
        Timed cached = latestBySubject.get(subject);
        long now = System.nanoTime();
        if (cached != null && now - cached.atNanos < latestTtlNanos) {
            return cached.value;
        }
        RegisteredSchema latest = version(subject, "latest");
        latestBySubject.put(subject, new Timed(latest, now));
        return latest;
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
        return version(subject, Integer.toString(version));
    }

    private RegisteredSchema version(String subject, String version) {
        JsonNode answer = send("GET", "subjects/" + encode(subject) + "/versions/" + version, null);
        return registered(answer, subject);
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        RegisteredSchema cached = lookups.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("POST", "subjects/" + encode(subject), schemaBody(schema));
        RegisteredSchema found = registered(answer, subject);
        lookups.put(key, found);
        idsBySubjectSchema.put(key, found.id());
        return found;
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        try {
            JsonNode answer = send("POST", "compatibility/subjects/" + encode(subject) + "/versions/latest",
                    schemaBody(schema));
            return answer.path("is_compatible").asBoolean(false);
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
                    || e.errorCode() == SchemaRegistryException.VERSION_NOT_FOUND) {
                return true; // nothing registered yet: anything is compatible
            }
            throw e;
        }
    }

    @Override
    public List<String> subjects() {
        List<String> out = new ArrayList<>();
        send("GET", "subjects", null).forEach(node -> out.add(node.asText()));
        out.sort(null);
        return out;
    }

    @Override
    public List<Integer> versions(String subject) {
        List<Integer> out = new ArrayList<>();
        send("GET", "subjects/" + encode(subject) + "/versions", null).forEach(node -> out.add(node.asInt()));
        return out;
    }

    @Override
    public CompatibilityLevel compatibility(String subject) {
        JsonNode answer = send("GET", subject == null ? "config" : "config/" + encode(subject) + "?defaultToGlobal=true", null);
        String level = answer.has("compatibilityLevel") ? answer.path("compatibilityLevel").asText()
                : answer.path("compatibility").asText();
        return CompatibilityLevel.parse(level);
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        ObjectNode body = JSON.createObjectNode().put("compatibility", level.name());
        send("PUT", subject == null ? "config" : "config/" + encode(subject), body);
    }

    @Override
    public void close() {
        // The JDK HttpClient of Java 17 has no close(); its connections end with it.
        schemasById.clear();
        latestBySubject.clear();
    }

    @Override
    public String toString() {
        return "RestSchemaRegistryClient" + baseUris;
    }

    private JsonNode send(String method, String path, JsonNode body) {
        IOException lastIo = null;
        String lastServerError = null;
        long backoff = backoffMs;
        for (int attempt = 0; attempt <= retries; attempt++) {
            URI uri = baseUris.get(Math.floorMod(nextUri.getAndIncrement(), baseUris.size())).resolve(path);
            try {
                HttpResponse<String> response = http.send(request(method, uri, body),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
                }
                if (status < 500) {
                    throw error(status, response.body(), method, path);
                }
                lastServerError = method + " " + uri + " answered HTTP " + status + ": " + response.body();
            } catch (IOException e) {
                lastIo = e;
                lastServerError = method + " " + uri + " failed: " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryUnavailableException("Interrupted while calling the schema registry", e);
            }
            if (attempt < retries) {
                log.warn("Schema registry call failed (attempt {} of {}), retrying in {} ms: {}",
                        attempt + 1, retries + 1, backoff, lastServerError);
                sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            }
        }
        throw new RegistryUnavailableException("Schema registry " + baseUris + " unavailable after "
                + (retries + 1) + " attempts; last: " + lastServerError, lastIo);
    }

    private HttpRequest request(String method, URI uri, JsonNode body) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(requestTimeout)
                .header("Accept", CONTENT_TYPE + ", application/json");
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8);
        if (body != null) {
            builder.header("Content-Type", CONTENT_TYPE);
        }
        return builder.method(method, publisher).build();
    }

    private static SchemaRegistryException error(int status, String body, String method, String path) {
        int code = status;
        String message = body;
        try {
            JsonNode json = JSON.readTree(body);
            code = json.path("error_code").asInt(status);
            message = json.path("message").asText(body);
        } catch (IOException | RuntimeException ignored) {
            // not JSON: keep the raw body as the message
        }
        return new SchemaRegistryException(status, code, method + " /" + path + ": " + message);
    }

    private static RegisteredSchema registered(JsonNode answer, String subject) {
        requireAvro(answer, "subject " + subject);
        return new RegisteredSchema(answer.path("subject").asText(subject), answer.path("id").asInt(),
                answer.path("version").asInt(), parse(answer.path("schema").asText()));
    }

    private static void requireAvro(JsonNode answer, String what) {
        String type = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            throw new SchemaRegistryException(200, -1, what + " is a " + type + " schema; Driftline reads Avro only");
        }
    }

    private static JsonNode schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString());
    }

    private static Schema parse(String text) {
        return new Schema.Parser().parse(text);
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("Interrupted while waiting to retry the schema registry", e);
        }
    }

    private static String stringOr(Map<String, ?> config, String key, String fallback) {
        Object value = config.get(key);
        return value == null ? fallback : value.toString();
    }

    private static long longOr(Map<String, ?> config, String key, long fallback) {
        Object value = config.get(key);
        return value == null ? fallback : Long.parseLong(value.toString().trim());
    }

    /** Cache key: a subject and a schema, compared by the schema's canonical text. */
    private record SubjectSchema(String subject, String schema) {
        SubjectSchema(String subject, Schema schema) {
            this(Objects.requireNonNull(subject, "subject"), schema.toString());
        }
    }

    private record Timed(RegisteredSchema value, long atNanos) {
    }

}
