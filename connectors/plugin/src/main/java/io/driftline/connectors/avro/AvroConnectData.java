package io.driftline.connectors.avro;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Translates between Avro schemas and values and Kafka Connect's, both ways.
 *
 * <p>Written here because the translation every Connect user knows, Confluent's {@code AvroData}, lives in
 * Confluent's own repository, not on Maven Central, and the ports of it that are (Apicurio's) come tied to another
 * registry client and serde stack. The mapping follows Confluent's so that sink connectors see what they expect:
 * <ul>
 *   <li>records are structs named by the record's full name; fields keep their docs and defaults;</li>
 *   <li>a union of null and one type is that type, optional (default null where Avro's is); any other union is a
 *       struct named {@value #UNION_NAME} with one optional field per branch, named by the branch's type (full name
 *       for named types), exactly one set;</li>
 *   <li>enums are strings, with the symbols in the {@value #ENUM_SYMBOLS} parameter; fixed is bytes;</li>
 *   <li>maps (string keys in Avro) are maps from string; arrays are arrays;</li>
 *   <li>logical types: {@code timestamp-millis} is Connect's {@link Timestamp}, {@code date} {@link Date},
 *       {@code time-millis} {@link Time}, {@code decimal} {@link Decimal}; others keep their underlying type.</li>
 * </ul>
 *
 * <p>A Connect schema made here remembers the Avro schema it came from, so a value read and written back uses the
 * very same writer schema (and so the same registry id and the same bytes). A Connect schema from elsewhere (a source
 * connector, a transform) gets an Avro schema built from it. Recursive Avro schemas have no Connect form and are
 * refused.
 */
final class AvroConnectData {

    /** Name of the struct that stands for a general union. */
    static final String UNION_NAME = "io.driftline.connect.avro.Union";
    /** Parameter of a string schema that was an Avro enum: its symbols, comma-separated. */
    static final String ENUM_SYMBOLS = "io.driftline.connect.avro.enum.symbols";
    /** Name given to an Avro record built from a nameless Connect struct. */
    static final String DEFAULT_RECORD_NAME = "io.driftline.connect.avro.ConnectDefault";

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private final Map<org.apache.avro.Schema, Schema> toConnect = new ConcurrentHashMap<>();
    private final Map<Schema, org.apache.avro.Schema> toAvro = new ConcurrentHashMap<>();

    // ---- schemas, Avro to Connect ----

    /** The Connect schema of an Avro schema (cached). */
    Schema connectSchema(org.apache.avro.Schema avro) {
        Schema known = toConnect.get(avro);
        if (known != null) {
            return known;
        }
        Schema connect = connectSchema(avro, false, new IdentityHashMap<>());
        toConnect.put(avro, connect);
        toAvro.putIfAbsent(connect, avro);
        return connect;
    }

    private Schema connectSchema(org.apache.avro.Schema avro, boolean optional,
            IdentityHashMap<org.apache.avro.Schema, Boolean> visiting) {
        SchemaBuilder builder = builder(avro, visiting);
        if (optional) {
            builder.optional();
        }
        return builder.build();
    }

    private SchemaBuilder builder(org.apache.avro.Schema avro, IdentityHashMap<org.apache.avro.Schema, Boolean> visiting) {
        LogicalType logical = avro.getLogicalType();
        switch (avro.getType()) {
            case BOOLEAN:
                return SchemaBuilder.bool();
            case INT:
                if (logical instanceof LogicalTypes.Date) {
                    return Date.builder();
                }
                if (logical instanceof LogicalTypes.TimeMillis) {
                    return Time.builder();
                }
                return SchemaBuilder.int32();
            case LONG:
                return logical instanceof LogicalTypes.TimestampMillis ? Timestamp.builder() : SchemaBuilder.int64();
            case FLOAT:
                return SchemaBuilder.float32();
            case DOUBLE:
                return SchemaBuilder.float64();
            case STRING:
                return SchemaBuilder.string();
            case BYTES:
                if (logical instanceof LogicalTypes.Decimal decimal) {
                    return Decimal.builder(decimal.getScale());
                }
                return SchemaBuilder.bytes();
            case FIXED:
                return SchemaBuilder.bytes().name(avro.getFullName());
            case ENUM:
                return SchemaBuilder.string().name(avro.getFullName())
                        .parameter(ENUM_SYMBOLS, String.join(",", avro.getEnumSymbols()));
            case ARRAY:
                return SchemaBuilder.array(connectSchema(avro.getElementType(), false, visiting));
            case MAP:
                return SchemaBuilder.map(Schema.STRING_SCHEMA, connectSchema(avro.getValueType(), false, visiting));
            case RECORD:
                return record(avro, visiting);
            case UNION:
                return union(avro, visiting);
            default:
                throw new DataException("Avro type " + avro.getType() + " has no Kafka Connect form");
        }
    }

    private SchemaBuilder record(org.apache.avro.Schema avro, IdentityHashMap<org.apache.avro.Schema, Boolean> visiting) {
        if (visiting.put(avro, Boolean.TRUE) != null) {
            throw new DataException("Avro record " + avro.getFullName()
                    + " is recursive, and Kafka Connect schemas cannot be");
        }
        SchemaBuilder struct = SchemaBuilder.struct().name(avro.getFullName());
        if (avro.getDoc() != null) {
            struct.doc(avro.getDoc());
        }
        for (org.apache.avro.Schema.Field field : avro.getFields()) {
            Schema fieldSchema = fieldSchema(field, visiting);
            struct.field(field.name(), fieldSchema);
        }
        visiting.remove(avro);
        return struct;
    }

    private Schema fieldSchema(org.apache.avro.Schema.Field field,
            IdentityHashMap<org.apache.avro.Schema, Boolean> visiting) {
        org.apache.avro.Schema avro = field.schema();
        org.apache.avro.Schema nonNull = nullableBranch(avro);
        SchemaBuilder builder = builder(nonNull != null ? nonNull : avro, visiting);
        if (nonNull != null) {
            builder.optional();
        }
        // A record- or enum-typed field's builder already carries the type's doc; Connect holds one doc per schema.
        if (field.doc() != null && builder.doc() == null) {
            builder.doc(field.doc());
        }
        if (field.hasDefaultValue()) {
            Object avroDefault = GenericData.get().getDefaultValue(field);
            if (avroDefault != null) {
                Schema plain = builder(nonNull != null ? nonNull : avro, visiting).build();
                builder.defaultValue(connectValue(plain, nonNull != null ? nonNull : avro, avroDefault));
            } else if (nonNull != null) {
                builder.defaultValue(null);
            }
        }
        return builder.build();
    }

    private SchemaBuilder union(org.apache.avro.Schema avro, IdentityHashMap<org.apache.avro.Schema, Boolean> visiting) {
        org.apache.avro.Schema nonNull = nullableBranch(avro);
        if (nonNull != null) {
            return builder(nonNull, visiting).optional();
        }
        SchemaBuilder struct = SchemaBuilder.struct().name(UNION_NAME);
        boolean nullable = false;
        for (org.apache.avro.Schema branch : avro.getTypes()) {
            if (branch.getType() == org.apache.avro.Schema.Type.NULL) {
                nullable = true;
                continue;
            }
            struct.field(branchName(branch), connectSchema(branch, true, visiting));
        }
        return nullable ? struct.optional() : struct;
    }

    /** The non-null branch of a two-branch union with null, else null. */
    private static org.apache.avro.Schema nullableBranch(org.apache.avro.Schema avro) {
        if (avro.getType() != org.apache.avro.Schema.Type.UNION || avro.getTypes().size() != 2) {
            return null;
        }
        org.apache.avro.Schema first = avro.getTypes().get(0);
        org.apache.avro.Schema second = avro.getTypes().get(1);
        if (first.getType() == org.apache.avro.Schema.Type.NULL && second.getType() != org.apache.avro.Schema.Type.NULL) {
            return second;
        }
        if (second.getType() == org.apache.avro.Schema.Type.NULL && first.getType() != org.apache.avro.Schema.Type.NULL) {
            return first;
        }
        return null;
    }

    private static String branchName(org.apache.avro.Schema branch) {
        return switch (branch.getType()) {
            case RECORD, ENUM, FIXED -> branch.getFullName();
            default -> branch.getType().getName();
        };
    }

    // ---- values, Avro to Connect ----

    /** The Connect value of an Avro value (as a generic reader gives it) under the two matching schemas. */
    Object connectValue(Schema connect, org.apache.avro.Schema avro, Object value) {
        if (value == null) {
            return null;
        }
        switch (avro.getType()) {
            case UNION: {
                int branch = GenericData.get().resolveUnion(avro, value);
                org.apache.avro.Schema branchSchema = avro.getTypes().get(branch);
                if (nullableBranch(avro) != null) {
                    return connectValue(connect, branchSchema, value);
                }
                String name = branchName(branchSchema);
                Struct union = new Struct(connect);
                union.put(name, connectValue(connect.field(name).schema(), branchSchema, value));
                return union;
            }
            case RECORD: {
                GenericRecord record = (GenericRecord) value;
                Struct struct = new Struct(connect);
                for (org.apache.avro.Schema.Field field : avro.getFields()) {
                    Field connectField = connect.field(field.name());
                    struct.put(connectField, connectValue(connectField.schema(), field.schema(), record.get(field.pos())));
                }
                return struct;
            }
            case ARRAY: {
                Collection<?> items = (Collection<?>) value;
                List<Object> list = new ArrayList<>(items.size());
                for (Object item : items) {
                    list.add(connectValue(connect.valueSchema(), avro.getElementType(), item));
                }
                return list;
            }
            case MAP: {
                Map<?, ?> entries = (Map<?, ?>) value;
                Map<String, Object> map = new LinkedHashMap<>(entries.size() * 2);
                for (Map.Entry<?, ?> entry : entries.entrySet()) {
                    map.put(entry.getKey().toString(),
                            connectValue(connect.valueSchema(), avro.getValueType(), entry.getValue()));
                }
                return map;
            }
            case STRING:
                return value.toString();
            case ENUM:
                return ((GenericEnumSymbol<?>) value).toString();
            case FIXED:
                return ((GenericFixed) value).bytes().clone();
            case BYTES: {
                byte[] bytes = bytes((ByteBuffer) value);
                if (avro.getLogicalType() instanceof LogicalTypes.Decimal decimal) {
                    return new BigDecimal(new BigInteger(bytes), decimal.getScale());
                }
                return bytes;
            }
            case INT:
                if (avro.getLogicalType() instanceof LogicalTypes.Date) {
                    return new java.util.Date((Integer) value * MILLIS_PER_DAY);
                }
                if (avro.getLogicalType() instanceof LogicalTypes.TimeMillis) {
                    return new java.util.Date((Integer) value);
                }
                return value;
            case LONG:
                if (avro.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
                    return new java.util.Date((Long) value);
                }
                return value;
            default:
                return value;
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    // ---- schemas, Connect to Avro ----

    /** The Avro schema of a Connect schema: the one it was made from, else one built from it (cached). */
    org.apache.avro.Schema avroSchema(Schema connect) {
        org.apache.avro.Schema known = toAvro.get(connect);
        if (known != null) {
            return known;
        }
        org.apache.avro.Schema built = buildAvro(connect, true);
        toAvro.put(connect, built);
        return built;
    }

    private org.apache.avro.Schema buildAvro(Schema connect, boolean withNull) {
        org.apache.avro.Schema plain = plainAvro(connect);
        if (connect.isOptional() && withNull) {
            return org.apache.avro.Schema.createUnion(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.NULL),
                    plain);
        }
        return plain;
    }

    private org.apache.avro.Schema plainAvro(Schema connect) {
        String name = connect.name();
        if (Timestamp.LOGICAL_NAME.equals(name)) {
            return LogicalTypes.timestampMillis().addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG));
        }
        if (Date.LOGICAL_NAME.equals(name)) {
            return LogicalTypes.date().addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT));
        }
        if (Time.LOGICAL_NAME.equals(name)) {
            return LogicalTypes.timeMillis().addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT));
        }
        if (Decimal.LOGICAL_NAME.equals(name)) {
            int scale = Integer.parseInt(connect.parameters().get(Decimal.SCALE_FIELD));
            return LogicalTypes.decimal(38, scale).addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BYTES));
        }
        switch (connect.type()) {
            case BOOLEAN:
                return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BOOLEAN);
            case INT8:
            case INT16:
            case INT32:
                return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT);
            case INT64:
                return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG);
            case FLOAT32:
                return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.FLOAT);
            case FLOAT64:
                return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.DOUBLE);
            case STRING: {
                String symbols = connect.parameters() == null ? null : connect.parameters().get(ENUM_SYMBOLS);
                if (symbols != null && name != null) {
                    return org.apache.avro.Schema.createEnum(simpleName(name), connect.doc(), namespace(name),
                            List.of(symbols.split(",")));
                }
                return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.STRING);
            }
            case BYTES:
                return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BYTES);
            case ARRAY:
                return org.apache.avro.Schema.createArray(buildAvro(connect.valueSchema(), true));
            case MAP:
                if (connect.keySchema().type() != Schema.Type.STRING) {
                    throw new DataException("Avro maps have string keys; this Connect map's keys are "
                            + connect.keySchema().type());
                }
                return org.apache.avro.Schema.createMap(buildAvro(connect.valueSchema(), true));
            case STRUCT:
                return UNION_NAME.equals(name) ? unionAvro(connect) : recordAvro(connect);
            default:
                throw new DataException("Connect type " + connect.type() + " has no Avro form");
        }
    }

    private org.apache.avro.Schema unionAvro(Schema connect) {
        List<org.apache.avro.Schema> branches = new ArrayList<>();
        for (Field field : connect.fields()) {
            branches.add(buildAvro(field.schema(), false));
        }
        return org.apache.avro.Schema.createUnion(branches);
    }

    private org.apache.avro.Schema recordAvro(Schema connect) {
        String name = connect.name() != null ? connect.name() : DEFAULT_RECORD_NAME;
        List<org.apache.avro.Schema.Field> fields = new ArrayList<>();
        for (Field field : connect.fields()) {
            org.apache.avro.Schema fieldSchema = buildAvro(field.schema(), true);
            Object defaultValue = field.schema().isOptional() ? JsonProperties.NULL_VALUE : null;
            fields.add(new org.apache.avro.Schema.Field(field.name(), fieldSchema, field.schema().doc(), defaultValue));
        }
        return org.apache.avro.Schema.createRecord(simpleName(name), connect.doc(), namespace(name), false, fields);
    }

    private static String simpleName(String fullName) {
        int dot = fullName.lastIndexOf('.');
        return dot < 0 ? fullName : fullName.substring(dot + 1);
    }

    private static String namespace(String fullName) {
        int dot = fullName.lastIndexOf('.');
        return dot < 0 ? null : fullName.substring(0, dot);
    }

    // ---- values, Connect to Avro ----

    /** The Avro value (for a generic writer) of a Connect value under the two matching schemas. */
    Object avroValue(org.apache.avro.Schema avro, Schema connect, Object value) {
        if (value == null) {
            if (avro.getType() == org.apache.avro.Schema.Type.UNION || avro.getType() == org.apache.avro.Schema.Type.NULL) {
                return null;
            }
            throw new DataException("A null value for the non-optional Avro " + avro.getType());
        }
        switch (avro.getType()) {
            case UNION: {
                org.apache.avro.Schema nonNull = nullableBranch(avro);
                if (nonNull != null) {
                    return avroValue(nonNull, connect, value);
                }
                Struct union = (Struct) value;
                for (org.apache.avro.Schema branch : avro.getTypes()) {
                    if (branch.getType() == org.apache.avro.Schema.Type.NULL) {
                        continue;
                    }
                    Field field = union.schema().field(branchName(branch));
                    Object set = field == null ? null : union.get(field);
                    if (set != null) {
                        return avroValue(branch, field.schema(), set);
                    }
                }
                if (avro.getTypes().stream().anyMatch(b -> b.getType() == org.apache.avro.Schema.Type.NULL)) {
                    return null;
                }
                throw new DataException("No branch of the union is set: " + union);
            }
            case RECORD: {
                Struct struct = (Struct) value;
                GenericData.Record record = new GenericData.Record(avro);
                for (org.apache.avro.Schema.Field field : avro.getFields()) {
                    Field connectField = struct.schema().field(field.name());
                    if (connectField == null) {
                        if (!field.hasDefaultValue()) {
                            throw new DataException("The Connect struct has no field " + field.name()
                                    + ", and Avro record " + avro.getFullName() + " gives it no default");
                        }
                        record.put(field.pos(), GenericData.get().getDefaultValue(field));
                        continue;
                    }
                    record.put(field.pos(), avroValue(field.schema(), connectField.schema(), struct.get(connectField)));
                }
                return record;
            }
            case ARRAY: {
                Collection<?> items = (Collection<?>) value;
                GenericData.Array<Object> array = new GenericData.Array<>(items.size(), avro);
                for (Object item : items) {
                    array.add(avroValue(avro.getElementType(), connect.valueSchema(), item));
                }
                return array;
            }
            case MAP: {
                Map<?, ?> entries = (Map<?, ?>) value;
                Map<String, Object> map = new LinkedHashMap<>(entries.size() * 2);
                for (Map.Entry<?, ?> entry : entries.entrySet()) {
                    map.put(entry.getKey().toString(),
                            avroValue(avro.getValueType(), connect.valueSchema(), entry.getValue()));
                }
                return map;
            }
            case ENUM:
                return new GenericData.EnumSymbol(avro, value.toString());
            case FIXED:
                return new GenericData.Fixed(avro, (byte[]) value);
            case STRING:
                return value.toString();
            case BYTES:
                if (value instanceof BigDecimal decimal) {
                    return ByteBuffer.wrap(decimal.unscaledValue().toByteArray());
                }
                return value instanceof ByteBuffer buffer ? buffer : ByteBuffer.wrap((byte[]) value);
            case INT:
                if (value instanceof java.util.Date date) {
                    return avro.getLogicalType() instanceof LogicalTypes.Date
                            ? (int) Math.floorDiv(date.getTime(), MILLIS_PER_DAY) : (int) date.getTime();
                }
                return ((Number) value).intValue();
            case LONG:
                return value instanceof java.util.Date date ? date.getTime() : ((Number) value).longValue();
            case FLOAT:
                return ((Number) value).floatValue();
            case DOUBLE:
                return ((Number) value).doubleValue();
            default:
                return value;
        }
    }
}
