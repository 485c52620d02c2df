package io.driftline.models.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Reads plain JSON (no Avro union wrappers) into the bundle's Avro records, driven by their schema: absent fields
 * take the schema default, unknown fields and enum values are errors that name the JSON path.
 */
final class PlainJsonReader {

    private final ObjectMapper mapper;

    PlainJsonReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    Object read(JsonNode node, Schema schema, String path) {
        switch (schema.getType()) {
            case RECORD: return readRecord(node, schema, path);
            case ENUM: return readEnum(node, schema, path);
            case ARRAY: return readArray(node, schema, path);
            case MAP: return readMap(node, schema, path);
            case UNION: return readUnion(node, schema, path);
            case STRING: return expect(node.isTextual(), node, "a string", path).textValue();
            case DOUBLE: case FLOAT: return readDouble(node, schema, path);
            case INT: return expect(node.canConvertToInt() && node.isIntegralNumber(), node, "an int", path).intValue();
            case LONG: return readLong(node, schema, path);
            case BOOLEAN: return expect(node.isBoolean(), node, "true or false", path).booleanValue();
            case BYTES: return readBytes(node, path);
            case NULL: {
                expect(node.isNull(), node, "null", path);
                return null;
            }
            default: throw new IllegalArgumentException(path + ": unsupported schema type " + schema.getType());
        }
    }

    private Object readRecord(JsonNode node, Schema schema, String path) {
        expect(node.isObject(), node, "an object", path);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (schema.getField(name) == null) {
                throw new IllegalArgumentException(at(path, name) + ": unknown field; known fields: "
                        + schema.getFields().stream().map(Schema.Field::name).toList());
            }
        }
        IndexedRecord record = (IndexedRecord) BundleData.INSTANCE.newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            JsonNode value = node.get(field.name());
            if (value == null) {
                if (!field.hasDefaultValue()) {
                    throw new IllegalArgumentException(at(path, field.name()) + ": required field is missing");
                }
                value = defaultNode(field);
            }
            record.put(field.pos(), read(value, field.schema(), at(path, field.name())));
        }
        return record;
    }

    private JsonNode defaultNode(Schema.Field field) {
        Object value = field.defaultVal();
        return value == JsonProperties.NULL_VALUE ? NullNode.getInstance() : mapper.valueToTree(value);
    }

    private Object readEnum(JsonNode node, Schema schema, String path) {
        String symbol = expect(node.isTextual(), node, "one of " + schema.getEnumSymbols(), path).textValue();
        if (!schema.hasEnumSymbol(symbol)) {
            throw new IllegalArgumentException(path + ": unknown value '" + symbol + "', expected one of "
                    + schema.getEnumSymbols());
        }
        return BundleData.INSTANCE.createEnum(symbol, schema);
    }

    private List<Object> readArray(JsonNode node, Schema schema, String path) {
        expect(node.isArray(), node, "an array", path);
        List<Object> values = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            values.add(read(node.get(i), schema.getElementType(), path + "[" + i + "]"));
        }
        return values;
    }

    private Map<String, Object> readMap(JsonNode node, Schema schema, String path) {
        expect(node.isObject(), node, "an object", path);
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            values.put(e.getKey(), read(e.getValue(), schema.getValueType(), at(path, e.getKey())));
        }
        return values;
    }

    /** Unions here are ["null", X]: JSON null (or an absent field) is null, anything else is read as X. */
    private Object readUnion(JsonNode node, Schema schema, String path) {
        List<Schema> branches = schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
        if (node.isNull() && branches.size() < schema.getTypes().size()) {
            return null;
        }
        if (branches.size() != 1) {
            throw new IllegalArgumentException(path + ": unions of several non-null types are not supported: " + schema);
        }
        return read(node, branches.get(0), path);
    }

    private Object readDouble(JsonNode node, Schema schema, String path) {
        double value = expect(node.isNumber(), node, "a number", path).doubleValue();
        return schema.getType() == Schema.Type.FLOAT ? (Object) (float) value : (Object) value;
    }

    private Object readLong(JsonNode node, Schema schema, String path) {
        if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
            if (node.isTextual()) {
                try {
                    return Instant.parse(node.textValue());
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException(path + ": expected an ISO-8601 instant, got '" + node.textValue() + "'", e);
                }
            }
            return Instant.ofEpochMilli(expect(node.canConvertToLong(), node, "a timestamp", path).longValue());
        }
        return expect(node.canConvertToLong() && node.isIntegralNumber(), node, "a long", path).longValue();
    }

    private ByteBuffer readBytes(JsonNode node, String path) {
        String text = expect(node.isTextual(), node, "base64 text", path).textValue();
        try {
            return ByteBuffer.wrap(Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": invalid base64: " + e.getMessage(), e);
        }
    }

    private static JsonNode expect(boolean ok, JsonNode node, String what, String path) {
        if (!ok) {
            throw new IllegalArgumentException((path.isEmpty() ? "top level" : path) + ": expected " + what
                    + ", got " + node);
        }
        return node;
    }

    private static String at(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
