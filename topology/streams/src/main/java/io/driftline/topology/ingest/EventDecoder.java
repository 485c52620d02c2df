package io.driftline.topology.ingest;

import io.driftline.schemas.serde.AvroDeserializer;
import io.driftline.schemas.serde.LimitExceededException;
import io.driftline.schemas.serde.WireFormat;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes input values with the producer's own schema (looked up by the id in the Confluent framing).
 * Shared by the ingest stage, the profile join and stages that re-read parked raw bytes, so all decode alike.
 *
 * <p>A registry that cannot be reached pauses decoding: the bytes are probably fine and dead-lettering every
 * event of an outage would turn good data into a replay job. The pause is bounded ({@code registryMaxPause},
 * kept well under {@code max.poll.interval.ms} so the instance stays in its group) and spent once per outage;
 * past it events are dead-lettered as REGISTRY_UNAVAILABLE with their original bytes, ready to replay, until
 * a decode succeeds again. Only events with a schema id
 * this instance has not seen yet need the registry: known ids are cached.
 */
public final class EventDecoder {

    private static final Logger log = LoggerFactory.getLogger(EventDecoder.class);
    private static final long MAX_BACKOFF_MS = 5_000;

    private final Deserializer<GenericRecord> deserializer;
    private final Duration registryMaxPause;
    /** When the current registry outage began (System.nanoTime), or NO_OUTAGE; shared by the stream threads. */
    private final AtomicLong outageSince = new AtomicLong(NO_OUTAGE);
    private static final long NO_OUTAGE = Long.MIN_VALUE;

    public EventDecoder(Deserializer<GenericRecord> deserializer) {
        this(deserializer, Duration.ofSeconds(60));
    }

    public EventDecoder(Deserializer<GenericRecord> deserializer, Duration registryMaxPause) {
        this.deserializer = deserializer;
        this.registryMaxPause = registryMaxPause;
    }

    /**
     * Decodes one value.
     *
     * @throws EventDecodingException with the code that says why the value does not decode; nothing else, not even
     *     a StackOverflowError (TOO_DEEP), so that no value can kill the stream thread that decodes it
     */
    public GenericRecord decode(String topic, byte[] raw) {
        if (raw == null) {
            throw new EventDecodingException(DeadLetterCode.NULL_VALUE, "event has no value (null or tombstone)", null);
        }
        long backoff = 250;
        while (true) {
            try {
                GenericRecord record = deserializer.deserialize(topic, raw);
                outageSince.set(NO_OUTAGE);
                if (record == null) {
                    throw new EventDecodingException(DeadLetterCode.NULL_VALUE, "event value decoded to null", null);
                }
                return record;
            } catch (AvroDeserializer.RegistryUnavailable e) {
                // One pause per outage, not per record: once it is spent, later records of the same outage are
                // dead-lettered at once, so a batch of them cannot keep the thread past max.poll.interval.ms.
                long now = System.nanoTime();
                outageSince.compareAndSet(NO_OUTAGE, now);
                long left = outageSince.get() + registryMaxPause.toNanos() - now;
                if (left <= 0) {
                    throw new EventDecodingException(DeadLetterCode.REGISTRY_UNAVAILABLE, e.getMessage()
                            + " (paused " + registryMaxPause.toSeconds() + " s before dead-lettering)", e);
                }
                log.warn("Schema registry unavailable; pausing decoding of {} for up to {} s more: {}", topic,
                        left / 1_000_000_000L, e.getMessage());
                sleep(Math.min(backoff, left / 1_000_000));
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            } catch (WireFormat.NotFramedException e) {
                throw new EventDecodingException(DeadLetterCode.NOT_AVRO, message(topic, e), e);
            } catch (LimitExceededException e) {
                throw new EventDecodingException(DeadLetterCode.TOO_DEEP, message(topic, e), e);
            } catch (AvroDeserializer.UnknownSchemaId e) {
                throw new EventDecodingException(DeadLetterCode.UNKNOWN_SCHEMA, message(topic, e), e);
            } catch (SerializationException e) {
                throw new EventDecodingException(DeadLetterCode.MALFORMED_AVRO, message(topic, e), e);
            } catch (EventDecodingException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new EventDecodingException(DeadLetterCode.MALFORMED_AVRO, message(topic, e), e);
            } catch (StackOverflowError e) {
                // A deserializer other than ours may recurse without bound; the thread survives, the record is refused.
                throw new EventDecodingException(DeadLetterCode.TOO_DEEP, "cannot decode event from " + topic
                        + ": decoding overflowed the stack (nested too deep)", e);
            }
        }
    }

    private static String message(String topic, RuntimeException e) {
        return "cannot decode event from " + topic + ": " + e.getMessage();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventDecodingException(DeadLetterCode.REGISTRY_UNAVAILABLE, "interrupted while waiting for the registry", e);
        }
    }
}
