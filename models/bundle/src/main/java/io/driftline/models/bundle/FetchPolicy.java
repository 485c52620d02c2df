package io.driftline.models.bundle;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Where an instance may fetch an external ONNX model from, how much it may read and for how long.
 *
 * <p>A bundle is input from whoever can write to the model-updates topic, so its {@code onnxUri} is checked
 * against this policy before a single byte is read: {@code file:} URIs must name a regular file under the models
 * directory (after resolving symbolic links and {@code ..}), or under a {@code file:} prefix of the allow-list;
 * {@code http:} and {@code https:} URIs must match an entry of the allow-list. Entries are either a bare scheme
 * ({@code https:} admits every https URI) or a prefix ({@code https://models.example.com/prod/} admits that host
 * and port and paths under that path). Redirects are not followed unless the policy allows it, and then only to
 * URIs the allow-list admits. Every fetch is bounded by {@link #maxBytes()} and {@link #timeout()} in total.
 */
public final class FetchPolicy {

    /** Default bound on one ONNX model: 256 MiB, room for large tree ensembles, far below a default heap's worth. */
    public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;
    /** Default bound on one fetch, connect to last byte. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /**
     * Default models directory, relative to the working directory: a folder of the data directory, beside the
     * state directory ({@code ./.driftline/state}), not the repository's {@code models} module.
     */
    public static final Path DEFAULT_MODELS_DIR = Path.of(".driftline", "models");

    private static final Set<String> SCHEMES = Set.of("file", "http", "https");

    private final Path modelsDir;
    private final List<String> allowedSchemes;
    private final List<URI> allowedPrefixes;
    private final long maxBytes;
    private final Duration timeout;
    private final boolean followRedirects;

    private FetchPolicy(Path modelsDir, List<String> schemes, List<URI> prefixes, long maxBytes, Duration timeout,
                        boolean followRedirects) {
        this.modelsDir = modelsDir;
        this.allowedSchemes = List.copyOf(schemes);
        this.allowedPrefixes = List.copyOf(prefixes);
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.followRedirects = followRedirects;
    }

    /**
     * A policy.
     *
     * @param modelsDir       directory whose regular files {@code file:} URIs may name; null admits no file but those
     *                        under a {@code file:} allow-list entry
     * @param allowedUris     allow-list entries: {@code scheme:} or an absolute URI prefix (file, http or https)
     * @param maxBytes        most bytes one model may have, at least 1
     * @param timeout         most time one fetch may take, positive
     * @param followRedirects whether an HTTP redirect to a URI the allow-list admits is followed
     * @throws IllegalArgumentException for a bad entry or bound, naming it
     */
    public static FetchPolicy of(Path modelsDir, List<String> allowedUris, long maxBytes, Duration timeout,
                                 boolean followRedirects) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be >= 1: " + maxBytes);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        List<String> schemes = new ArrayList<>();
        List<URI> prefixes = new ArrayList<>();
        for (String raw : allowedUris) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            String lower = entry.toLowerCase(Locale.ROOT);
            if (lower.endsWith(":") && SCHEMES.contains(lower.substring(0, lower.length() - 1))) {
                schemes.add(lower.substring(0, lower.length() - 1));
                continue;
            }
            URI prefix;
            try {
                prefix = new URI(entry).normalize();
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("allowed URI entry is not a URI: '" + entry + "'", e);
            }
            String scheme = prefix.getScheme() == null ? null : prefix.getScheme().toLowerCase(Locale.ROOT);
            if (scheme == null || !SCHEMES.contains(scheme) || prefix.getRawPath() == null
                    || (!scheme.equals("file") && prefix.getHost() == null)) {
                throw new IllegalArgumentException("allowed URI entry must be 'file:', 'http:', 'https:' or an absolute "
                        + "file, http or https URI prefix with a host: '" + entry + "'");
            }
            prefixes.add(prefix);
        }
        return new FetchPolicy(modelsDir == null ? null : modelsDir.toAbsolutePath().normalize(), schemes, prefixes,
                maxBytes, timeout, followRedirects);
    }

    /** Files under {@code ./.driftline/models} only, default bounds, no redirects. */
    public static FetchPolicy defaults() {
        return of(DEFAULT_MODELS_DIR, List.of(), DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, false);
    }

    /** The directory {@code file:} URIs may name files in, absolute; null for none. */
    public Path modelsDir() {
        return modelsDir;
    }

    /** Most bytes one model may have. */
    public long maxBytes() {
        return maxBytes;
    }

    /** Most time one fetch may take, all redirects included. */
    public Duration timeout() {
        return timeout;
    }

    /** Whether redirects to admitted URIs are followed. */
    public boolean followRedirects() {
        return followRedirects;
    }

    /**
     * Checks a URI against the policy without reading it.
     *
     * @return for a {@code file:} URI the real path of the file to read, otherwise null
     * @throws BundleException URI_NOT_ALLOWED (with the reason) when the policy does not admit it
     */
    Path admit(URI uri, String id) throws BundleException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            throw notAllowed(id, uri, "only file, http and https URIs can be fetched");
        }
        if (uri.getRawUserInfo() != null) {
            throw notAllowed(id, uri, "URIs with user information are not fetched");
        }
        if (scheme.equals("file")) {
            return admitFile(uri, id);
        }
        URI normal = uri.normalize();
        if (hasDotSegment(normal.getRawPath())) {
            throw notAllowed(id, uri, "the path has '..' segments");
        }
        if (allowedSchemes.contains(scheme)) {
            return null;
        }
        for (URI prefix : allowedPrefixes) {
            if (matches(prefix, normal)) {
                return null;
            }
        }
        throw notAllowed(id, uri, "it matches no entry of the allow-list " + describeAllowList());
    }

    private Path admitFile(URI uri, String id) throws BundleException {
        Path path;
        try {
            path = Path.of(uri);
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw notAllowed(id, uri, "not a plain file URI: " + e.getMessage());
        }
        Path real;
        try {
            // Symbolic links and '..' resolved, so that a link in the models directory cannot point elsewhere.
            real = path.toRealPath();
        } catch (IOException e) {
            throw new BundleException(BundleException.Reason.FETCH_FAILED,
                    "cannot read ONNX for " + id + " from " + uri + ": no such file (" + e.getMessage() + ")", e);
        }
        boolean admitted = allowedSchemes.contains("file") || (modelsDir != null && isUnder(real, modelsDir));
        for (URI prefix : allowedPrefixes) {
            if (!admitted && "file".equalsIgnoreCase(prefix.getScheme())) {
                admitted = isUnder(real, Path.of(prefix.getPath()));
            }
        }
        if (!admitted) {
            throw notAllowed(id, uri, "files are read only under the models directory " + modelsDir
                    + " and the allow-list " + describeAllowList() + " (the file is " + real + ")");
        }
        if (!Files.isRegularFile(real)) {
            throw notAllowed(id, uri, real + " is not a regular file");
        }
        return real;
    }

    private static boolean isUnder(Path real, Path dir) {
        Path base;
        try {
            base = dir.toRealPath();
        } catch (IOException e) {
            base = dir.toAbsolutePath().normalize();
        }
        return real.startsWith(base) && !real.equals(base);
    }

    private static boolean matches(URI prefix, URI uri) {
        if (!prefix.getScheme().equalsIgnoreCase(uri.getScheme()) || prefix.getHost() == null || uri.getHost() == null
                || !prefix.getHost().equalsIgnoreCase(uri.getHost()) || port(prefix) != port(uri)) {
            return false;
        }
        String want = prefix.getRawPath().isEmpty() ? "/" : prefix.getRawPath();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        // A prefix path matches whole segments: /models admits /models and /models/x, not /models-old.
        return want.endsWith("/") ? path.startsWith(want) : path.equals(want) || path.startsWith(want + "/");
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static boolean hasDotSegment(String rawPath) {
        if (rawPath == null) {
            return false;
        }
        for (String segment : rawPath.split("/")) {
            if (segment.equals("..") || segment.equalsIgnoreCase("%2e%2e")) {
                return true;
            }
        }
        return false;
    }

    private String describeAllowList() {
        List<String> entries = new ArrayList<>();
        allowedSchemes.forEach(s -> entries.add(s + ":"));
        allowedPrefixes.forEach(p -> entries.add(p.toString()));
        return entries.toString();
    }

    private static BundleException notAllowed(String id, URI uri, String why) {
        return new BundleException(BundleException.Reason.URI_NOT_ALLOWED,
                "ONNX URI of " + id + " not allowed, nothing read: " + uri + ": " + why
                        + " (see models.dir and models.allowed.uris)");
    }

    @Override
    public String toString() {
        return "FetchPolicy[modelsDir " + modelsDir + ", allowed " + describeAllowList() + ", maxBytes " + maxBytes
                + ", timeout " + timeout + ", followRedirects " + followRedirects + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FetchPolicy p && Objects.equals(modelsDir, p.modelsDir)
                && allowedSchemes.equals(p.allowedSchemes) && allowedPrefixes.equals(p.allowedPrefixes)
                && maxBytes == p.maxBytes && timeout.equals(p.timeout) && followRedirects == p.followRedirects;
    }

    @Override
    public int hashCode() {
        return Objects.hash(modelsDir, allowedSchemes, allowedPrefixes, maxBytes, timeout, followRedirects);
    }
}
