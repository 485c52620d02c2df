package io.driftline.connectors.transforms;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Turns a record value into one flat row for a JDBC sink: each top-level field becomes a column named in snake_case
 * ({@code windowStart} to {@code window_start}); a field that is a struct, an array or a map becomes a JSON string
 * (a {@code jsonb} column in PostgreSQL, with {@code stringtype=unspecified} on the JDBC URL); primitives, strings and
 * Connect's logical types stay as they are.
 *
 * <p>Written here because JDBC sinks (Debezium's among them) take only flat structs, and no transformation in Apache
 * Kafka's {@code connect-transforms} turns nested values into JSON ({@code Flatten} makes columns of nested struct
 * fields but refuses arrays, and Driftline's reports and requests are arrays of records). Field order is kept; a
 * tombstone or a value without a struct schema passes through unchanged.
 */
public final class FlattenToColumns<R extends ConnectRecord<R>> implements Transformation<R> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Map<Schema, Schema> flatSchemas = new ConcurrentHashMap<>();

    @Override
    public R apply(R record) {
        if (record.value() == null || record.valueSchema() == null
                || record.valueSchema().type() != Schema.Type.STRUCT) {
            return record;
        }
        Schema schema = record.valueSchema();
        Schema flat = flatSchemas.computeIfAbsent(schema, FlattenToColumns::flatSchema);
        Struct value = (Struct) record.value();
        Struct row = new Struct(flat);
        for (Field field : schema.fields()) {
            Object fieldValue = value.get(field);
            row.put(columnName(field.name()), isNested(field.schema()) ? json(field.schema(), fieldValue) : fieldValue);
        }
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(), flat, row,
                record.timestamp());
    }

    private static Schema flatSchema(Schema schema) {
        SchemaBuilder builder = SchemaBuilder.struct().name(schema.name()).doc(schema.doc());
        if (schema.isOptional()) {
            builder.optional();
        }
        for (Field field : schema.fields()) {
            Schema column;
            if (isNested(field.schema())) {
                SchemaBuilder text = SchemaBuilder.string().doc("JSON: " + (field.schema().doc() == null ? ""
                        : field.schema().doc()));
                column = (field.schema().isOptional() ? text.optional() : text).build();
            } else {
                column = field.schema();
            }
            builder.field(columnName(field.name()), column);
        }
        return builder.build();
    }

    private static boolean isNested(Schema schema) {
        return switch (schema.type()) {
            case STRUCT, ARRAY, MAP -> true;
            default -> false;
        };
    }

    /** {@code windowStart} to {@code window_start}; {@code modelID} to {@code model_id}; lower case throughout. */
    static String columnName(String field) {
        StringBuilder out = new StringBuilder(field.length() + 4);
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            boolean upper = Character.isUpperCase(c);
            if (upper && i > 0) {
                char previous = field.charAt(i - 1);
                boolean nextLower = i + 1 < field.length() && Character.isLowerCase(field.charAt(i + 1));
                if (Character.isLowerCase(previous) || Character.isDigit(previous)
                        || (Character.isUpperCase(previous) && nextLower)) {
                    out.append('_');
                }
            }
            out.append(Character.toLowerCase(c));
        }
        return out.toString();
    }

    private static String json(Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(node(schema, value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DataException("Cannot write field as JSON: " + e.getMessage(), e);
        }
    }

    /** The JSON form of a Connect value; timestamps as ISO-8601 text, as PostgreSQL's jsonb readers expect. */
    private static com.fasterxml.jackson.databind.JsonNode node(Schema schema, Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (Timestamp.LOGICAL_NAME.equals(schema.name()) || value instanceof java.util.Date) {
            return NODES.textNode(Instant.ofEpochMilli(((java.util.Date) value).getTime()).toString());
        }
        switch (schema.type()) {
            case STRUCT: {
                ObjectNode object = NODES.objectNode();
                Struct struct = (Struct) value;
                for (Field field : schema.fields()) {
                    object.set(field.name(), node(field.schema(), struct.get(field)));
                }
                return object;
            }
            case ARRAY: {
                ArrayNode array = NODES.arrayNode();
                for (Object item : (List<?>) value) {
                    array.add(node(schema.valueSchema(), item));
                }
                return array;
            }
            case MAP: {
                ObjectNode object = NODES.objectNode();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    object.set(String.valueOf(entry.getKey()), node(schema.valueSchema(), entry.getValue()));
                }
                return object;
            }
            case BYTES: {
                byte[] bytes = value instanceof ByteBuffer buffer ? toArray(buffer) : (byte[]) value;
                return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
            }
            case BOOLEAN:
                return NODES.booleanNode((Boolean) value);
            case INT8:
            case INT16:
            case INT32:
            case INT64:
                return NODES.numberNode(((Number) value).longValue());
            case FLOAT32:
            case FLOAT64: {
                double number = ((Number) value).doubleValue();
                // JSON has no NaN or infinity: a drift metric can be NaN (an empty window); say so in text.
                return Double.isFinite(number) ? NODES.numberNode(number) : NODES.textNode(Double.toString(number));
            }
            default:
                return NODES.textNode(value.toString());
        }
    }

    private static byte[] toArray(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public void close() {
    }
}
