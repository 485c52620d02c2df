package io.driftline.connectors.webhook;

import java.net.URI;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Keeps the configuration's secrets out of what this connector says. {@link #url(URI)} is the only form of a URL
 * that goes into a message or a log line; {@link #scrub(String)} cleans text that came from elsewhere (an exception
 * of the HTTP stack, a response body that may echo the request) before it does.
 */
final class Redactor {

    static final String REDACTED = "[redacted]";

    private final List<String> secrets;

    /** @param secrets strings to hide; nulls and blanks, and a lone "/", are ignored */
    Redactor(Collection<String> secrets) {
        // Longest first, so that a whole URL is hidden before its path is.
        this.secrets = secrets.stream().filter(Objects::nonNull).map(String::trim)
                .filter(s -> !s.isEmpty() && !s.equals("/")).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /** {@code scheme://host[:port]/…}: where a URL points, without its path, query or user info. */
    static String url(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort()) + "/…";
    }

    /** The text with every known secret replaced by {@value #REDACTED}; null stays null. */
    String scrub(String text) {
        if (text == null) {
            return null;
        }
        String clean = text;
        for (String secret : secrets) {
            clean = clean.replace(secret, REDACTED);
        }
        return clean;
    }

    /** An exception's class and scrubbed message, for a message of ours; its stack and cause are left behind. */
    String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + scrub(message));
    }
}
