package io.driftline.models.bundle;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * The canonical byte form of an Avro value that {@link BundleDigest} hashes; the layout is specified there.
 *
 * <p>Why not Avro binary: Avro binary follows the schema's field order and writes every field, so adding a field
 * to a bundle record (which schema evolution allows) would change the bytes of every bundle already signed, and a
 * restart that replays the compacted model-updates topic under a newer Driftline would reject them all. Here fields
 * are sorted by name and a field equal to its default is left out, so an added field with a default leaves old
 * bundles' bytes as they were. Works on specific and generic records alike.
 */
final class CanonicalAvro {

    static final int NULL = 0;
    static final int BOOLEAN = 1;
    static final int INTEGER = 2;
    static final int FLOATING = 3;
    static final int STRING = 4;
    static final int BYTES = 5;
    static final int ARRAY = 6;
    static final int MAP = 7;
    static final int RECORD = 8;

    private static final Comparator<byte[]> UNSIGNED = Arrays::compareUnsigned;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private CanonicalAvro() {
    }

    /** The canonical bytes of a record, leaving out the fields named in {@code excluded}. */
    static byte[] record(IndexedRecord record, Set<String> excluded) {
        CanonicalAvro writer = new CanonicalAvro();
        writer.writeRecord(record.getSchema(), record, excluded);
        return writer.out.toByteArray();
    }

    /** The canonical bytes of one value of {@code schema}. */
    static byte[] value(Schema schema, Object value) {
        CanonicalAvro writer = new CanonicalAvro();
        writer.write(schema, value);
        return writer.out.toByteArray();
    }

    private void write(Schema schema, Object value) {
        switch (schema.getType()) {
            case NULL -> out.write(NULL);
            case BOOLEAN -> {
                out.write(BOOLEAN);
                out.write((Boolean) value ? 1 : 0);
            }
            case INT, LONG -> {
                out.write(INTEGER);
                writeLong(value instanceof Instant instant ? epoch(schema, instant) : ((Number) value).longValue());
            }
            case FLOAT, DOUBLE -> {
                out.write(FLOATING);
                writeLong(Double.doubleToLongBits(((Number) value).doubleValue()));
            }
            case STRING, ENUM -> writeTagged(STRING, utf8(value.toString()));
            case BYTES -> {
                ByteBuffer buffer = ((ByteBuffer) value).duplicate();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                writeTagged(BYTES, bytes);
            }
            case FIXED -> writeTagged(BYTES, ((GenericFixed) value).bytes());
            case ARRAY -> {
                Collection<?> items = (Collection<?>) value;
                out.write(ARRAY);
                writeInt(items.size());
                items.forEach(item -> write(schema.getElementType(), item));
            }
            case MAP -> writeMap(schema.getValueType(), (Map<?, ?>) value);
            case UNION -> write(schema.getTypes().get(BundleData.INSTANCE.resolveUnion(schema, value)), value);
            case RECORD -> writeRecord(schema, (IndexedRecord) value, Set.of());
            default -> throw new IllegalArgumentException("no canonical form for Avro type " + schema.getType());
        }
    }

    private void writeRecord(Schema schema, IndexedRecord record, Set<String> excluded) {
        List<Schema.Field> fields = new ArrayList<>(schema.getFields());
        fields.sort(Comparator.comparing(Schema.Field::name));
        List<byte[]> kept = new ArrayList<>();
        for (Schema.Field field : fields) {
            if (excluded.contains(field.name())) {
                continue;
            }
            byte[] value = value(field.schema(), record.get(field.pos()));
            if (field.hasDefaultValue()
                    && Arrays.equals(value, value(field.schema(), GenericData.get().getDefaultValue(field)))) {
                continue; // equal to its default: as if the field did not exist, so adding one changes nothing
            }
            ByteArrayOutputStream entry = new ByteArrayOutputStream();
            byte[] name = utf8(field.name());
            entry.writeBytes(int32(name.length));
            entry.writeBytes(name);
            entry.writeBytes(value);
            kept.add(entry.toByteArray());
        }
        out.write(RECORD);
        writeInt(kept.size());
        kept.forEach(out::writeBytes);
    }

    private void writeMap(Schema valueType, Map<?, ?> map) {
        List<Map.Entry<byte[], Object>> entries = new ArrayList<>(map.size());
        map.forEach((key, value) -> entries.add(new AbstractMap.SimpleImmutableEntry<>(utf8(key.toString()), value)));
        entries.sort(Map.Entry.comparingByKey(UNSIGNED));
        out.write(MAP);
        writeInt(entries.size());
        for (Map.Entry<byte[], Object> entry : entries) {
            writeInt(entry.getKey().length);
            out.writeBytes(entry.getKey());
            write(valueType, entry.getValue());
        }
    }

    private static long epoch(Schema schema, Instant instant) {
        if (schema.getLogicalType() instanceof LogicalTypes.TimestampMicros) {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
        }
        return instant.toEpochMilli();
    }

    private void writeTagged(int tag, byte[] bytes) {
        out.write(tag);
        writeInt(bytes.length);
        out.writeBytes(bytes);
    }

    private void writeInt(int value) {
        out.writeBytes(int32(value));
    }

    private void writeLong(long value) {
        out.writeBytes(ByteBuffer.allocate(Long.BYTES).putLong(value).array());
    }

    private static byte[] int32(int value) {
        return ByteBuffer.allocate(Integer.BYTES).putInt(value).array();
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
