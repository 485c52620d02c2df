package io.driftline.models.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/** Writes the bundle's Avro records as plain JSON, the inverse of {@link PlainJsonReader}; null fields are left out. */
final class PlainJsonWriter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PlainJsonWriter() {
    }

    static JsonNode write(Object value, Schema schema) {
        if (value == null) {
            return NODES.nullNode();
        }
        switch (schema.getType()) {
            case RECORD: return writeRecord((IndexedRecord) value, schema);
            case ARRAY: {
                ArrayNode array = NODES.arrayNode();
                ((Collection<?>) value).forEach(v -> array.add(write(v, schema.getElementType())));
                return array;
            }
            case MAP: {
                ObjectNode map = NODES.objectNode();
                ((Map<?, ?>) value).forEach((k, v) -> map.set(k.toString(), write(v, schema.getValueType())));
                return map;
            }
            case UNION: return write(value, schema.getTypes().stream()
                    .filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElseThrow());
            case ENUM: case STRING: return NODES.textNode(value.toString());
            case DOUBLE: case FLOAT: return NODES.numberNode(((Number) value).doubleValue());
            case INT: return NODES.numberNode(((Number) value).intValue());
            case LONG: return value instanceof Instant ? NODES.textNode(value.toString())
                    : NODES.numberNode(((Number) value).longValue());
            case BOOLEAN: return NODES.booleanNode((Boolean) value);
            case BYTES: {
                ByteBuffer buffer = ((ByteBuffer) value).duplicate();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
            }
            default: throw new IllegalArgumentException("unsupported schema type " + schema.getType());
        }
    }

    private static ObjectNode writeRecord(IndexedRecord record, Schema schema) {
        ObjectNode object = NODES.objectNode();
        for (Schema.Field field : schema.getFields()) {
            Object value = record.get(field.pos());
            if (value != null) {
                object.set(field.name(), write(value, field.schema()));
            }
        }
        return object;
    }
}
