package io.driftline.http;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Set;

/**
 * Who may use the HTTP API: everyone (no token configured), or whoever presents the token, as
 * {@code Authorization: Bearer <token>} (tools, Prometheus, other instances forwarding Interactive Queries) or as the
 * password of HTTP basic authentication with any user name (browsers, which then send it with every request the
 * dashboard makes). The probes {@value #HEALTH} and {@value #READY} stay open: an orchestrator's liveness and
 * readiness checks carry no credentials and reveal nothing.
 */
public final class HttpAccess {

    static final String HEALTH = "/health";
    static final String READY = "/ready";
    private static final Set<String> OPEN = Set.of(HEALTH, READY);

    private final byte[] token;

    private HttpAccess(byte[] token) {
        this.token = token;
    }

    /** No token: every request is allowed (the default, for a service on a trusted network). */
    public static HttpAccess open() {
        return new HttpAccess(null);
    }

    /** Requests must carry {@code token}. */
    public static HttpAccess token(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("An HTTP API token must not be empty");
        }
        return new HttpAccess(token.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether a token is required. */
    public boolean required() {
        return token != null;
    }

    /** Whether the request may go on. */
    boolean allows(HttpExchange exchange) {
        if (token == null || OPEN.contains(exchange.getRequestURI().getPath())) {
            return true;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        return header != null && matches(presented(header));
    }

    /** The credential in an Authorization header: a bearer token, or a basic-auth password. */
    private static byte[] presented(String header) {
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        }
        if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return (colon < 0 ? "" : decoded.substring(colon + 1)).getBytes(StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                return new byte[0];
            }
        }
        return new byte[0];
    }

    /** Constant-time, so that timing tells nothing about how much of a guess was right. */
    private boolean matches(byte[] presented) {
        return MessageDigest.isEqual(token, presented);
    }
}
