package io.driftline.devkit.demo;

import io.driftline.schemas.registry.SchemaRegistryClient;
import io.driftline.topology.ingest.DeadLetterCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Bad input for the demo, the kinds a real events topic collects, each made from a good payment: a producer
 * writing JSON, a frame naming a schema id the registry never issued, a truncated payload, a producer on a
 * schema without {@code amount}, a NaN amount, and a tombstone. Each must land in the dead-letter topic with
 * the code of its {@link Kind}. Not thread-safe.
 */
final class BadRecords {

    /** A kind of bad record and the dead-letter code Driftline must give it. */
    enum Kind {
        JSON(DeadLetterCode.NOT_AVRO),
        UNKNOWN_SCHEMA_ID(DeadLetterCode.UNKNOWN_SCHEMA),
        TRUNCATED(DeadLetterCode.MALFORMED_AVRO),
        NO_AMOUNT(DeadLetterCode.MISSING_FEATURE),
        NAN_AMOUNT(DeadLetterCode.NOT_FINITE),
        TOMBSTONE(DeadLetterCode.NULL_VALUE);

        final DeadLetterCode expected;

        Kind(DeadLetterCode expected) {
            this.expected = expected;
        }
    }

    /** A bad record to send; {@code value} is null for a tombstone. */
    record Bad(Kind kind, byte[] value) {
    }

    private static final Kind[] KINDS = Kind.values();

    private final double fraction;
    private final SplittableRandom random;
    private final Schema withoutAmount;
    private final int withoutAmountId;
    private int nextKind;

    /**
     * @param fraction       chance, per good event, of a bad record next to it (0 to 1)
     * @param eventSchema    the good events' schema, which must have an {@code amount} field
     * @param thinSubject    where the schema without amount is registered: not the events' own subject, where
     *                       dropping a field without a default is not a backward-compatible change
     */
    BadRecords(double fraction, long seed, Schema eventSchema, SchemaRegistryClient registry, String thinSubject) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("bad fraction must be between 0 and 1: " + fraction);
        }
        this.fraction = fraction;
        this.random = new SplittableRandom(seed);
        this.withoutAmount = without(eventSchema, "amount");
        this.withoutAmountId = fraction > 0 ? registry.register(thinSubject, withoutAmount) : -1;
    }

    /**
     * A bad record to send after the good event {@code event} (framed as {@code framed}), or null for none. The
     * kinds take turns, so that every kind shows up; copies of the event get the transaction id
     * {@code <id>-bad}, so a dead letter never shares its id with a prediction.
     */
    Bad next(GenericRecord event, byte[] framed) {
        if (fraction == 0 || random.nextDouble() >= fraction) {
            return null;
        }
        Kind kind = KINDS[nextKind];
        nextKind = (nextKind + 1) % KINDS.length;
        return new Bad(kind, switch (kind) {
            case JSON -> ("{\"transactionId\": \"" + event.get("transactionId") + "-bad\", \"amount\": "
                    + event.get("amount") + "}").getBytes(StandardCharsets.UTF_8);
            case UNKNOWN_SCHEMA_ID -> {
                byte[] copy = framed.clone();
                ByteBuffer.wrap(copy).putInt(1, Integer.MAX_VALUE - random.nextInt(1_000)); // never issued
                yield copy;
            }
            case TRUNCATED -> Arrays.copyOf(framed, 5 + (framed.length - 5) / 2);
            case NO_AMOUNT -> frame(withoutAmountId, copy(event, withoutAmount));
            case NAN_AMOUNT -> {
                GenericRecord copy = copy(event, event.getSchema());
                copy.put("amount", Double.NaN);
                yield frame(ByteBuffer.wrap(framed).getInt(1), copy);
            }
            case TOMBSTONE -> null;
        });
    }

    private static GenericRecord copy(GenericRecord event, Schema schema) {
        GenericData.Record copy = new GenericData.Record(schema);
        for (Schema.Field f : schema.getFields()) {
            copy.put(f.pos(), event.get(f.name()));
        }
        copy.put("transactionId", event.get("transactionId") + "-bad");
        return copy;
    }

    /** The Confluent wire format: magic byte 0, the schema id (big-endian), then Avro binary. */
    private static byte[] frame(int schemaId, GenericRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(4).putInt(schemaId).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a demo record", e);
        }
        return out.toByteArray();
    }

    private static Schema without(Schema schema, String field) {
        if (schema.getField(field) == null) {
            throw new IllegalArgumentException("the events' schema has no field '" + field + "'");
        }
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : schema.getFields()) {
            if (!f.name().equals(field)) {
                fields.add(new Schema.Field(f, f.schema()));
            }
        }
        return Schema.createRecord(schema.getName(), "A producer's outdated payment schema, without '" + field + "'",
                schema.getNamespace(), false, fields);
    }
}
