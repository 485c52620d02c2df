package io.driftline.connectors.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Parsing and checking of http(s) URLs in the configuration. A problem is described by the URL's position and the
 * kind of fault, never by the URL or any part of it: the URL may be a secret.
 */
final class HttpUrls {

    private HttpUrls() {
    }

    /**
     * The URLs of a comma-separated list, in order.
     *
     * @throws ConfigException naming the position of the first bad URL
     */
    static List<URI> parseList(String name, Object value) {
        if (value == null) {
            throw new ConfigException(name, null, "at least one http(s) URL is required");
        }
        String text = value instanceof Password password ? password.value() : value.toString();
        String[] parts = text.split(",", -1);
        List<URI> urls = new ArrayList<>(parts.length);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].trim();
            String problem = part.isEmpty() ? "is empty" : problem(part);
            if (problem != null) {
                // The value goes in as a Password, which prints as [hidden].
                throw new ConfigException(name, new Password(text), "URL #" + (i + 1) + " of " + parts.length + " "
                        + problem);
            }
            urls.add(URI.create(part));
        }
        return List.copyOf(urls);
    }

    /** What is wrong with one URL, or null when it is an absolute http(s) URL with a host. */
    static String problem(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            // getReason() is the fault alone; getMessage() would quote the input.
            return "is not a valid URI (" + e.getReason() + " at index " + e.getIndex() + ")";
        }
        if (!uri.isAbsolute()) {
            return "is not absolute: it must start with http:// or https://";
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "has a scheme other than http or https";
        }
        if (uri.getHost() == null) {
            return "has no host that java.net.URI accepts (a host name may not contain '_')";
        }
        return null;
    }

    /** Checks {@link AlertWebhookConfig#URLS}. */
    static final class ListValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            parseList(name, value);
        }

        @Override
        public String toString() {
            return "one or more absolute http(s) URLs, comma-separated";
        }
    }

    /** Checks an optional single URL that is not a secret. */
    static final class OptionalValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || value.toString().isBlank()) {
                return;
            }
            String problem = problem(value.toString().trim());
            if (problem != null) {
                throw new ConfigException(name, value, "the URL " + problem);
            }
        }

        @Override
        public String toString() {
            return "an absolute http(s) URL, or empty";
        }
    }
}
