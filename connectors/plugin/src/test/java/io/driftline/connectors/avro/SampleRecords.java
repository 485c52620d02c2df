package io.driftline.connectors.avro;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Records of any schema with every field given a value from a seed: filled (nullable fields set, two items in every
 * array and map, each union's non-null branch) or sparse (nullable fields null, arrays and maps empty). Built as
 * generic records and, for generated classes, read back through Avro itself, so logical types get their Java types.
 */
final class SampleRecords {

    private SampleRecords() {
    }

    static SpecificRecord filled(Schema schema, long seed) {
        return specific(generic(schema, seed));
    }

    static SpecificRecord sparse(Schema schema) {
        return specific((GenericData.Record) value(schema, new Random(0), false, 0));
    }

    static GenericData.Record generic(Schema schema, long seed) {
        return (GenericData.Record) value(schema, new Random(seed), true, 0);
    }

    private static Object value(Schema schema, Random random, boolean filled, int depth) {
        switch (schema.getType()) {
            case RECORD: {
                GenericData.Record record = new GenericData.Record(schema);
                for (Schema.Field field : schema.getFields()) {
                    record.put(field.pos(), value(field.schema(), random, filled, depth + 1));
                }
                return record;
            }
            case UNION: {
                List<Schema> branches = schema.getTypes();
                boolean hasNull = branches.stream().anyMatch(b -> b.getType() == Schema.Type.NULL);
                if (hasNull && !filled) {
                    return null;
                }
                Schema branch = branches.stream().filter(b -> b.getType() != Schema.Type.NULL)
                        .skip(random.nextInt((int) branches.stream().filter(b -> b.getType() != Schema.Type.NULL)
                                .count()))
                        .findFirst().orElseThrow();
                return value(branch, random, filled, depth + 1);
            }
            case ARRAY: {
                List<Object> items = new ArrayList<>();
                int n = filled && depth < 6 ? 2 : 0;
                for (int i = 0; i < n; i++) {
                    items.add(value(schema.getElementType(), random, filled, depth + 1));
                }
                return new GenericData.Array<>(schema, items);
            }
            case MAP: {
                Map<String, Object> map = new LinkedHashMap<>();
                int n = filled && depth < 6 ? 2 : 0;
                for (int i = 0; i < n; i++) {
                    map.put("k" + random.nextInt(1000) + "-" + i, value(schema.getValueType(), random, filled, depth + 1));
                }
                return map;
            }
            case ENUM:
                return new GenericData.EnumSymbol(schema,
                        schema.getEnumSymbols().get(random.nextInt(schema.getEnumSymbols().size())));
            case FIXED: {
                byte[] bytes = new byte[schema.getFixedSize()];
                random.nextBytes(bytes);
                return new GenericData.Fixed(schema, bytes);
            }
            case STRING:
                return "s" + Long.toString(random.nextLong() >>> 1, 36);
            case BYTES: {
                byte[] bytes = new byte[1 + random.nextInt(8)];
                random.nextBytes(bytes);
                return ByteBuffer.wrap(bytes);
            }
            case INT:
                return random.nextInt(1_000_000);
            case LONG:
                return 1_700_000_000_000L + random.nextInt(1_000_000_000);
            case FLOAT:
                return random.nextFloat();
            case DOUBLE:
                return random.nextDouble() * 10;
            case BOOLEAN:
                return random.nextBoolean();
            case NULL:
                return null;
            default:
                throw new IllegalArgumentException("No sample for " + schema.getType());
        }
    }

    /** The generated-class form of a generic record, through Avro's own encoding. */
    private static SpecificRecord specific(GenericData.Record record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<Object>(record.getSchema(), GenericData.get()).write(record, encoder);
            encoder.flush();
            SpecificDatumReader<SpecificRecord> reader = new SpecificDatumReader<>(record.getSchema(),
                    record.getSchema(), SpecificData.getForSchema(record.getSchema()));
            return reader.read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
