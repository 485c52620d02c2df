package io.driftline.schemas.serde;

import io.driftline.schemas.registry.RegistryUnavailableException;
import io.driftline.schemas.registry.RestSchemaRegistryClient;
import io.driftline.schemas.registry.SchemaRegistryClient;
import io.driftline.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-framed Avro: looks up the writer's schema by the id in the frame and decodes with it.
 *
 * <p>Given a generated class, it resolves the writer's schema to that class's schema (Avro schema
 * resolution, so compatible older or newer writers work). Without one it returns {@code GenericRecord}s
 * in the writer's own schema, or generated classes when {@code specific.avro.reader} is true and the
 * class is on the classpath.
 *
 * <p>Every failure is a {@link SerializationException} naming the cause; a registry that cannot be
 * reached is a {@link RegistryUnavailable} so that callers can tell it from bad bytes; bytes that are not framed
 * are a {@link WireFormat.NotFramedException}, an id the registry does not know an {@link UnknownSchemaId}, and a
 * generic value nested too deep to decode safely (a recursive schema) a {@link LimitExceededException}.
 */
public final class AvroDeserializer<T> implements Deserializer<T> {

    private final Class<T> specificType;
    private SchemaRegistryClient client;
    private boolean ownsClient;
    private boolean specificReader;
    private final Map<Integer, DatumReader<Object>> readers = new ConcurrentHashMap<>();

    /** A generic deserializer that creates its registry client in {@link #configure}. */
    public AvroDeserializer() {
        this(null, null);
    }

    /**
     * A deserializer for {@code specificType} (a generated class; null for generic records) using a
     * shared client (null to create one in {@link #configure}).
     */
    public AvroDeserializer(Class<T> specificType, SchemaRegistryClient client) {
        this.specificType = specificType;
        this.client = client;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        if (client == null) {
            client = RestSchemaRegistryClient.create(configs);
            ownsClient = true;
        }
        specificReader = config.specificReader();
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("AvroDeserializer used before configure()");
        }
        int id = WireFormat.schemaId(data);
        try {
            DatumReader<Object> reader = readers.get(id);
            if (reader == null) {
                reader = reader(id, topic);
                readers.put(id, reader);
            }
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_SIZE,
                    data.length - WireFormat.HEADER_SIZE, null);
            Object value = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new SerializationException("Avro value for topic " + topic + " with schema id " + id
                        + " has trailing bytes: the payload does not match its schema");
            }
            return (T) value;
        } catch (SerializationException e) {
            throw e;
        } catch (StackOverflowError e) {
            // The depth bound should make this unreachable; should a schema still nest too deep for the thread's
            // stack (grammar building recurses too), refuse this value rather than let the Error kill the thread.
            throw new LimitExceededException("Avro value for topic " + topic + " with schema id " + id
                    + " overflowed the stack while decoding", e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot decode Avro value for topic " + topic + " with schema id "
                    + id + ": " + e, e);
        }
    }

    private DatumReader<Object> reader(int id, String topic) {
        Schema writer;
        try {
            writer = client.schemaById(id);
        } catch (RegistryUnavailableException e) {
            throw new RegistryUnavailable("Schema registry unavailable while reading schema id " + id
                    + " for topic " + topic + ": " + e.getMessage(), e);
        } catch (SchemaRegistryException e) {
            throw new UnknownSchemaId("Unknown schema id " + id + " for topic " + topic + ": "
                    + e.getMessage(), e);
        }
        if (specificType != null) {
            SpecificData data = SpecificData.getForClass(specificType);
            return new SpecificDatumReader<>(writer, data.getSchema(specificType), data);
        }
        if (specificReader) {
            return new SpecificDatumReader<>(writer, writer, SpecificData.get());
        }
        // Only a schema that can nest without bound (recursive) or deeper than the bound needs the bounded reader,
        // which has to do without Avro's fast reader; every other schema bounds its own depth.
        return BoundedDatumReader.needed(writer) ? new BoundedDatumReader<>(writer, writer, GenericData.get())
                : new GenericDatumReader<>(writer, writer, GenericData.get());
    }

    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }

    /** The registry could not be reached: the bytes may be fine, retrying later may succeed. */
    public static final class RegistryUnavailable extends SerializationException {
        RegistryUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The frame names a schema id that the registry does not know. */
    public static final class UnknownSchemaId extends SerializationException {
        UnknownSchemaId(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
