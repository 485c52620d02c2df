package io.driftline.models.features;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.util.Utf8;

/**
 * A dot-separated field path, split once, that walks nested records and map values of an event.
 *
 * <p>Field positions are cached per schema instance: events decoded with the same writer schema share one
 * {@link Schema} object, so after the first event each step is an identity check and an array read. The cache
 * is racy by design: a {@link Slot} is immutable, so a thread sees either a complete slot or none.
 */
final class FieldPath {

    private record Slot(Schema schema, int pos) {
    }

    private final String feature;
    private final String field;
    private final String[] names;
    private final Utf8[] utf8Names; // map keys decoded by Avro are Utf8, which never equals a String
    private final Slot[] slots;

    FieldPath(String feature, String field) {
        this.feature = feature;
        this.field = field;
        this.names = split(field);
        this.utf8Names = new Utf8[names.length];
        for (int i = 0; i < names.length; i++) {
            utf8Names[i] = new Utf8(names[i]);
        }
        this.slots = new Slot[names.length];
    }

    /** The value at the path, or null when it, or a record or map on the way, is absent or null. */
    Object resolve(IndexedRecord root) {
        Object current = root;
        for (int i = 0; i < names.length; i++) {
            if (current == null) {
                return null;
            }
            if (current instanceof IndexedRecord) {
                current = fieldOf((IndexedRecord) current, i);
            } else if (current instanceof Map) {
                current = entryOf((Map<?, ?>) current, i);
            } else {
                throw new FeatureException(FeatureException.Code.WRONG_TYPE, feature, field, "'"
                        + String.join(".", Arrays.copyOf(names, i)) + "' is a "
                        + current.getClass().getSimpleName() + ", not a record or map");
            }
        }
        return current;
    }

    private Object fieldOf(IndexedRecord record, int i) {
        Schema schema = record.getSchema();
        Slot slot = slots[i];
        if (slot == null || slot.schema() != schema) {
            Schema.Field f = schema.getField(names[i]);
            slot = new Slot(schema, f == null ? -1 : f.pos());
            slots[i] = slot;
        }
        return slot.pos() < 0 ? null : record.get(slot.pos());
    }

    private Object entryOf(Map<?, ?> map, int i) {
        Object value = map.get(names[i]);
        return value != null || map.isEmpty() ? value : map.get(utf8Names[i]);
    }

    private static String[] split(String path) {
        // A plain character scan: no regex on a path that is split once per model load anyway.
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '.') {
                if (i == start) {
                    throw new IllegalArgumentException("field path has an empty segment: '" + path + "'");
                }
                parts.add(path.substring(start, i));
                start = i + 1;
            }
        }
        return parts.toArray(new String[0]);
    }
}
