package io.driftline.app.reference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * An Avro record schema with one field per manifest path, nested as the dots say ({@code profile.age} becomes a
 * record {@code profile} with a field {@code age}), and the records of rows put together in it: what a flat table
 * row turns into so that the feature encoder walks the same paths as through an enriched event.
 */
final class ViewSchema {

    private final Schema schema;
    private final List<String[]> paths = new ArrayList<>();

    /**
     * @param leaves each path with the Avro type of its values (nullable is added here)
     * @throws IllegalArgumentException when a path segment is not an Avro name (no event could have that field), or
     *     a path is both a value and a record ({@code a} and {@code a.b})
     */
    ViewSchema(Map<String, Schema.Type> leaves) {
        Node root = new Node();
        for (Map.Entry<String, Schema.Type> leaf : leaves.entrySet()) {
            String[] segments = leaf.getKey().split("\\.", -1);
            Node node = root;
            for (int i = 0; i < segments.length; i++) {
                Node child = node.children.computeIfAbsent(segments[i], s -> new Node());
                if (i == segments.length - 1) {
                    child.type = leaf.getValue();
                }
                if (child.type != null && !child.children.isEmpty()) {
                    throw new IllegalArgumentException("field path '" + leaf.getKey()
                            + "' is both a value and a record in the manifest");
                }
                node = child;
            }
            paths.add(segments);
        }
        this.schema = record("ReferenceRow", root);
    }

    Schema schema() {
        return schema;
    }

    /** A row of the given values, one per path in the order given to the constructor. */
    GenericRecord row(Object[] values) {
        GenericRecord root = new GenericData.Record(schema);
        for (int p = 0; p < values.length; p++) {
            if (values[p] == null) {
                continue; // absent, as a null field of an event is
            }
            String[] segments = paths.get(p);
            GenericRecord record = root;
            for (int i = 0; i < segments.length - 1; i++) {
                GenericRecord child = (GenericRecord) record.get(segments[i]);
                if (child == null) {
                    child = new GenericData.Record(nonNull(record.getSchema().getField(segments[i]).schema()));
                    record.put(segments[i], child);
                }
                record = child;
            }
            record.put(segments[segments.length - 1], values[p]);
        }
        return root;
    }

    private static Schema record(String name, Node node) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Map.Entry<String, Node> child : node.children.entrySet()) {
            Schema value = child.getValue().type != null ? Schema.create(child.getValue().type)
                    : record(name + "_" + child.getKey(), child.getValue());
            try {
                fields.add(new Schema.Field(child.getKey(), Schema.createUnion(Schema.create(Schema.Type.NULL), value),
                        null, Schema.Field.NULL_DEFAULT_VALUE));
            } catch (SchemaParseException e) {
                throw new IllegalArgumentException("field path segment '" + child.getKey()
                        + "' is not an Avro name, so no event can have it: " + e.getMessage(), e);
            }
        }
        return Schema.createRecord(name, null, "io.driftline.reference", false, fields);
    }

    private static Schema nonNull(Schema union) {
        return union.getTypes().get(1);
    }

    private static final class Node {
        final Map<String, Node> children = new LinkedHashMap<>();
        Schema.Type type;
    }
}
