package io.driftline.schemas.serde;

import io.driftline.Prediction;
import io.driftline.schemas.registry.RegisteredSchema;
import io.driftline.schemas.registry.RestSchemaRegistryClient;
import io.driftline.schemas.registry.SchemaRegistryClient;
import io.driftline.schemas.registry.SubjectNameStrategy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records (generated or generic) and primitives in the Confluent wire format, registering
 * or looking up their schema as {@link AvroSerdeConfig} says. Safe for concurrent use, as a producer
 * shared by threads requires.
 */
public final class AvroSerializer<T> implements Serializer<T> {

    private SchemaRegistryClient client;
    private boolean ownsClient;
    private boolean isKey;
    private boolean autoRegister;
    private boolean useLatest;
    private SubjectNameStrategy strategy;
    /** Per topic, the id and writer schema chosen for each record schema seen. */
    private final Map<String, Map<Schema, Target>> targets = new ConcurrentHashMap<>();
    // Apart for generated and generic records: the two need different writers for the same schema (a generated
    // class holds an Instant where a generic record of the same schema holds a long).
    private final Map<Schema, DatumWriter<Object>> specificWriters = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<Object>> genericWriters = new ConcurrentHashMap<>();
    /**
     * The topic and record schema last written, with the target and writer the maps gave for them: a stream sends
     * one kind of record to one topic over and over, and the two map lookups per record (each a few cache misses
     * in a busy stream thread) were a quarter of the prediction's serialisation in a profile. Immutable, so a
     * thread racing another sees one whole entry; any other topic or schema goes through the maps.
     */
    private volatile Recent recent;

    /**
     * A thread's output buffer and encoder, reused from record to record: one copy of the bytes per record (the
     * result), not a buffer grown from 64 bytes and then copied. The encoder is Avro's buffered one: it gathers a
     * record's bytes and hands them to the stream once, at flush (a direct encoder makes a synchronized
     * {@code ByteArrayOutputStream.write} call per field). Per thread because Kafka Streams shares a serde between
     * its stream threads; dropped after a failed write, which leaves a partial record in the encoder.
     */
    private static final class Buffer {
        static final int KEEP_BYTES = 64 * 1024;
        final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        final byte[] header = new byte[WireFormat.HEADER_SIZE];
        BinaryEncoder encoder;
    }

    private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);

    /** A serializer that creates its registry client from {@code schema.registry.url} in {@link #configure}. */
    public AvroSerializer() {
    }

    /** A serializer that uses (and does not close) a shared registry client. */
    public AvroSerializer(SchemaRegistryClient client) {
        this.client = client;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        if (client == null) {
            client = RestSchemaRegistryClient.create(configs);
            ownsClient = true;
        }
        this.isKey = isKey;
        this.autoRegister = config.autoRegister();
        this.useLatest = config.useLatestVersion();
        this.strategy = config.subjectNameStrategy(isKey);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (strategy == null) {
            throw new IllegalStateException("AvroSerializer used before configure()");
        }
        try {
            Schema schema = schemaOf(data);
            boolean specific = data instanceof SpecificRecord;
            Recent last = recent;
            if (last == null || last.schema() != schema || last.specific() != specific || !last.topic().equals(topic)) {
                Target target = targets.computeIfAbsent(topic, t -> new ConcurrentHashMap<>())
                        .computeIfAbsent(schema, s -> resolve(topic, s));
                last = new Recent(topic, schema, specific, target, writer(target.writerSchema, data));
                recent = last;
            }
            Buffer buffer = BUFFERS.get();
            ByteArrayOutputStream out = buffer.out;
            out.reset();
            WireFormat.writeHeader(last.target().id, buffer.header);
            out.write(buffer.header);
            buffer.encoder = EncoderFactory.get().binaryEncoder(out, buffer.encoder);
            last.writer().write(data, buffer.encoder);
            buffer.encoder.flush();
            byte[] bytes = out.toByteArray();
            if (out.size() > Buffer.KEEP_BYTES) {
                BUFFERS.remove(); // a large record (a model bundle) once: its buffer is not kept for the thread
            }
            return bytes;
        } catch (SerializationException e) {
            BUFFERS.remove();
            throw e;
        } catch (IOException | RuntimeException e) {
            // A write that failed half way leaves its first bytes in the encoder's buffer: a fresh one for the thread.
            BUFFERS.remove();
            throw new SerializationException("Cannot serialize Avro " + (isKey ? "key" : "value")
                    + " for topic " + topic + ": " + e.getMessage(), e);
        }
    }

    private Target resolve(String topic, Schema schema) {
        String subject = strategy.subjectName(topic, isKey, schema);
        if (autoRegister) {
            return new Target(client.register(subject, schema), schema);
        }
        if (useLatest) {
            RegisteredSchema latest = client.latest(subject);
            return new Target(latest.id(), latest.schema());
        }
        return new Target(client.lookup(subject, schema).id(), schema);
    }

    private DatumWriter<Object> writer(Schema writerSchema, Object data) {
        boolean specific = data instanceof SpecificRecord;
        Map<Schema, DatumWriter<Object>> writers = specific ? specificWriters : genericWriters;
        DatumWriter<Object> writer = writers.get(writerSchema);
        if (writer == null) {
            if (data instanceof Prediction && PredictionWriter.writes(writerSchema)) {
                writer = castWriter(new PredictionWriter()); // one per scored event: hand-written, same bytes
            } else {
                writer = specific
                        ? new SpecificDatumWriter<>(writerSchema, SpecificData.getForClass(data.getClass()))
                        : new GenericDatumWriter<>(writerSchema, GenericData.get());
            }
            writers.put(writerSchema, writer);
        }
        return writer;
    }

    @SuppressWarnings("unchecked")
    private static DatumWriter<Object> castWriter(DatumWriter<? extends SpecificRecord> writer) {
        return (DatumWriter<Object>) (DatumWriter<?>) writer; // only ever handed the record type it writes (checked by the caller)
    }

    /** The schema of a record, or of a primitive as Confluent's serializer maps it. */
    static Schema schemaOf(Object data) {
        if (data instanceof GenericContainer container) {
            return container.getSchema();
        }
        Schema.Type type;
        if (data instanceof CharSequence) {
            type = Schema.Type.STRING;
        } else if (data instanceof Integer) {
            type = Schema.Type.INT;
        } else if (data instanceof Long) {
            type = Schema.Type.LONG;
        } else if (data instanceof Boolean) {
            type = Schema.Type.BOOLEAN;
        } else if (data instanceof Float) {
            type = Schema.Type.FLOAT;
        } else if (data instanceof Double) {
            type = Schema.Type.DOUBLE;
        } else if (data instanceof byte[] || data instanceof ByteBuffer) {
            type = Schema.Type.BYTES;
        } else {
            throw new SerializationException("Cannot serialize " + data.getClass().getName()
                    + " as Avro: use a generated record, a GenericRecord or a primitive");
        }
        return Schema.create(type);
    }

    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }

    private record Target(int id, Schema writerSchema) {
    }

    /** @param schema the record's own schema (compared by identity: a generated class's, or a decoder's shared one) */
    private record Recent(String topic, Schema schema, boolean specific, Target target, DatumWriter<Object> writer) {
    }
}
