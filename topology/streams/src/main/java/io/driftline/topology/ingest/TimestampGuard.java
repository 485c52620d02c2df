package io.driftline.topology.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Keeps record times that the broker, or stream time, cannot take away from the pipeline: a time is accepted when
 * it is not negative and at most {@code maxFutureSkew} ahead of the wall clock. Records outside are dead-lettered as
 * TIMESTAMP_OUT_OF_RANGE with their original time in the {@code __driftline.source.timestamp} header; nothing is
 * clamped, so nothing is silently changed.
 *
 * <p>Why both an extractor and a check: Kafka Streams advances a partition's stream time from the
 * {@link TimestampExtractor}'s result <i>before</i> any processor sees the record, so a processor alone can
 * dead-letter an event 30 minutes ahead but not undo the 30 minutes it added to stream time, which made every later
 * event of its partition LATE_EVENT until the wall clock caught up. So {@link #extractor()} gives such a record the
 * partition's current time instead (it moves nothing) and marks it with a header, and the first processor
 * ({@link #check}) rejects every marked record. The extractor cannot dead-letter by itself: returning a negative
 * time makes Kafka Streams drop the record with no more than a log line.
 *
 * <p>A label's own timestamp becomes the record time on the label join's internal topics; one of Long.MAX_VALUE is
 * refused by the broker and stops the stream thread on every retry, so labels pass {@link #check(long, Headers,
 * String)} with their own time too. Times are judged against the wall clock when the record is read, so a record
 * replayed long after it was written may pass where it once failed; that is the replay's point.
 */
public final class TimestampGuard {

    /** Marks a record whose Kafka timestamp the extractor refused; the value is that timestamp (decimal text). */
    static final String REFUSED_TIMESTAMP = "__driftline.refused.timestamp";

    private final Clock clock;
    private final long maxFutureSkewMs;

    /** @param maxFutureSkew how far ahead of the wall clock a time may be, zero or more */
    public TimestampGuard(Clock clock, Duration maxFutureSkew) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("max future skew must be >= 0: " + maxFutureSkew);
        }
        this.maxFutureSkewMs = maxFutureSkew.toMillis();
    }

    /** Whether {@code timestamp} (epoch milliseconds) is accepted now. */
    public boolean accepts(long timestamp) {
        return timestamp >= 0 && timestamp - clock.millis() <= maxFutureSkewMs;
    }

    /**
     * The timestamp extractor of Driftline's sources: a record's own timestamp when accepted; otherwise the
     * partition's time so far (0 before the first record), so that it moves no stream time, and the record marked
     * for {@link #check} to reject.
     */
    public TimestampExtractor extractor() {
        return (ConsumerRecord<Object, Object> record, long partitionTime) -> {
            Headers headers = record.headers();
            headers.remove(REFUSED_TIMESTAMP); // a producer's (or a replayed record's) own marker means nothing
            long timestamp = record.timestamp();
            if (accepts(timestamp)) {
                return timestamp;
            }
            headers.add(REFUSED_TIMESTAMP, Long.toString(timestamp).getBytes(StandardCharsets.UTF_8));
            return Math.max(partitionTime, 0);
        };
    }

    /**
     * Rejects a record whose Kafka timestamp {@link #extractor()} refused.
     *
     * @param what the record, for the error: built only then (every event passes here)
     *
     * @throws RejectedRecordException TIMESTAMP_OUT_OF_RANGE
     */
    public void check(Headers headers, Supplier<String> what) {
        Long refused = refusedTimestamp(headers);
        if (refused != null) {
            throw outOfRange(refused, what.get() + " has a Kafka timestamp");
        }
    }

    /**
     * Rejects a time that is not accepted now (a label's own timestamp, say).
     *
     * @throws RejectedRecordException TIMESTAMP_OUT_OF_RANGE
     */
    public void check(long timestamp, String what) {
        if (!accepts(timestamp)) {
            throw outOfRange(timestamp, what + " has a timestamp");
        }
    }

    /** The Kafka timestamp the extractor refused for the record with these headers, or null. */
    public static Long refusedTimestamp(Headers headers) {
        Header header = headers == null ? null : headers.lastHeader(REFUSED_TIMESTAMP);
        if (header == null) {
            return null;
        }
        try {
            return Long.parseLong(new String(header.value(), StandardCharsets.UTF_8));
        } catch (NumberFormatException | NullPointerException e) {
            return null; // never written so by the extractor, which removes any other first
        }
    }

    private RejectedRecordException outOfRange(long timestamp, String what) {
        long now = clock.millis();
        String when = timestamp < 0 ? "negative" : "more than " + Duration.ofMillis(maxFutureSkewMs)
                + " ahead of the wall clock " + now + " (" + Instant.ofEpochMilli(now) + ")";
        return new RejectedRecordException(DeadLetterCode.TIMESTAMP_OUT_OF_RANGE, what + " " + timestamp + " ("
                + describe(timestamp) + "), " + when + "; refused before it reaches stream time or an internal topic",
                null);
    }

    private static String describe(long timestamp) {
        try {
            return Instant.ofEpochMilli(timestamp).toString();
        } catch (RuntimeException e) {
            return "not a representable instant";
        }
    }
}
