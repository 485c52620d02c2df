package io.driftline.connectors.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * Connect values as JSON for the webhook bodies: timestamps as ISO-8601 instants (Jackson would write epoch
 * millis), structs and maps as objects, lists as arrays, bytes as base64, null as JSON null.
 */
final class JsonValues {

    static final JsonNodeFactory FACTORY = JsonNodeFactory.instance;

    private JsonValues() {
    }

    static JsonNode of(Object value) {
        if (value == null) {
            return FACTORY.nullNode();
        }
        if (value instanceof String s) {
            return FACTORY.textNode(s);
        }
        if (value instanceof Boolean b) {
            return FACTORY.booleanNode(b);
        }
        if (value instanceof Double d) {
            return FACTORY.numberNode(d);
        }
        if (value instanceof Float f) {
            return FACTORY.numberNode(f);
        }
        if (value instanceof BigDecimal d) {
            return FACTORY.numberNode(d);
        }
        if (value instanceof Number n) {
            return FACTORY.numberNode(n.longValue());
        }
        if (value instanceof Date date) {
            return FACTORY.textNode(date.toInstant().toString());
        }
        if (value instanceof byte[] bytes) {
            return FACTORY.binaryNode(bytes);
        }
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return FACTORY.binaryNode(bytes);
        }
        if (value instanceof List<?> list) {
            ArrayNode array = FACTORY.arrayNode(list.size());
            list.forEach(item -> array.add(of(item)));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = FACTORY.objectNode();
            map.forEach((k, v) -> object.set(String.valueOf(k), of(v)));
            return object;
        }
        if (value instanceof Struct struct) {
            ObjectNode object = FACTORY.objectNode();
            for (Field field : struct.schema().fields()) {
                object.set(field.name(), of(struct.get(field)));
            }
            return object;
        }
        return FACTORY.textNode(value.toString());
    }
}
