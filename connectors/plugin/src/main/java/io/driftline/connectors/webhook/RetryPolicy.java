package io.driftline.connectors.webhook;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.LongUnaryOperator;

/**
 * How many times to retry and how long to wait: exponential back-off with "equal jitter" (retry n waits between
 * half and all of {@code min(max, base * 2^n)}), so that tasks failing together do not retry in step, yet each
 * waits at least half its share. A server's {@code Retry-After} replaces the back-off, capped at the same max.
 */
final class RetryPolicy {

    private final int maxRetries;
    private final long baseMillis;
    private final long maxMillis;
    private final LongUnaryOperator random;

    /** @param random a uniform draw in [0, bound] for a bound given (the jitter) */
    RetryPolicy(int maxRetries, Duration base, Duration max, LongUnaryOperator random) {
        this.maxRetries = maxRetries;
        this.baseMillis = base.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
    }

    /** Retries after the first attempt. */
    int maxRetries() {
        return maxRetries;
    }

    /**
     * The wait before retry {@code retry} (0 for the first retry).
     *
     * @param retryAfter what the server asked for, if it did
     */
    Duration delay(int retry, Optional<Duration> retryAfter) {
        if (retryAfter.isPresent()) {
            return Duration.ofMillis(Math.min(retryAfter.get().toMillis(), maxMillis));
        }
        // min(max, base * 2^retry) without overflow: base above max / 2^retry means the cap applies.
        int shift = Math.min(retry, 62);
        long ceiling = baseMillis > (maxMillis >> shift) ? maxMillis : baseMillis << shift;
        long half = ceiling / 2;
        return Duration.ofMillis(half + random.applyAsLong(ceiling - half));
    }

    /**
     * A {@code Retry-After} header: delay-seconds or an HTTP-date; empty when absent or unreadable, so that the
     * back-off applies.
     */
    static Optional<Duration> parseRetryAfter(Optional<String> header, Instant now) {
        if (header.isEmpty() || header.get().isBlank()) {
            return Optional.empty();
        }
        String value = header.get().trim();
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration until = Duration.between(now, at);
                return Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }
}
