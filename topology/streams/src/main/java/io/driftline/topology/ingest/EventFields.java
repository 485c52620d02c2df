package io.driftline.topology.ingest;

import java.util.Map;
import org.apache.avro.generic.GenericRecord;

/** Reads a dot-separated field path (e.g. {@code "card.id"}) out of a decoded event. */
public final class EventFields {

    private EventFields() {
    }

    /** The value at the path, or null when any step is missing or null. */
    public static Object get(GenericRecord record, String path) {
        Object current = record;
        int start = 0;
        while (current != null && start <= path.length()) {
            int dot = path.indexOf('.', start);
            String name = dot < 0 ? path.substring(start) : path.substring(start, dot);
            if (current instanceof GenericRecord r) {
                current = r.getSchema().getField(name) == null ? null : r.get(name);
            } else if (current instanceof Map<?, ?> m) {
                current = lookup(m, name);
            } else {
                return null;
            }
            if (dot < 0) {
                return current;
            }
            start = dot + 1;
        }
        return current;
    }

    private static Object lookup(Map<?, ?> map, String name) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (name.contentEquals(String.valueOf(e.getKey()))) {
                return e.getValue();
            }
        }
        return null;
    }
}
