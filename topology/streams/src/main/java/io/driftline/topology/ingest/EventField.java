package io.driftline.topology.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * A dot-separated field path (e.g. {@code "card.id"}), split once, read out of decoded events: nested records and
 * map values; an absent step, a null, or a step into something that is neither gives null.
 *
 * <p>Read on every event by the window aggregates, the profile join, model filters and event ids, so a field's
 * position is cached per schema instance (events of one writer schema share one {@link Schema} object): after the
 * first event a step is an identity check and an array read, where a lookup by name hashed the name twice and cut
 * a substring. The cache is racy by design: a {@link Slot} is immutable, so a stream thread sees a complete slot or
 * none, and one that misses looks the field up again.
 */
public final class EventField {

    private record Slot(Schema schema, int pos) {
    }

    private final String path;
    private final String[] names;
    private final Slot[] slots;

    private EventField(String path) {
        this.path = path;
        this.names = split(path);
        this.slots = new Slot[names.length];
    }

    /** The compiled path. A path with an empty segment ({@code "a..b"}, {@code ""}) is valid and reads nothing. */
    public static EventField of(String path) {
        return new EventField(path);
    }

    public String path() {
        return path;
    }

    /** The value at the path, or null when any step is missing or null, or neither a record nor a map. */
    public Object get(GenericRecord record) {
        Object current = record;
        for (int i = 0; i < names.length; i++) {
            if (current instanceof GenericRecord r) {
                current = fieldOf(r, i);
            } else if (current instanceof Map<?, ?> m) {
                current = lookup(m, names[i]);
            } else {
                return null;
            }
        }
        return current;
    }

    private Object fieldOf(GenericRecord record, int i) {
        Schema schema = record.getSchema();
        Slot slot = slots[i];
        if (slot == null || slot.schema() != schema) {
            Schema.Field f = schema.getField(names[i]);
            slot = new Slot(schema, f == null ? -1 : f.pos());
            slots[i] = slot;
        }
        return slot.pos() < 0 ? null : record.get(slot.pos());
    }

    /** Map keys decoded by Avro are {@code Utf8}, which never equals a String: compared as text. */
    private static Object lookup(Map<?, ?> map, String name) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (e.getKey() instanceof CharSequence key && name.contentEquals(key)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static String[] split(String path) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '.') {
                parts.add(path.substring(start, i));
                start = i + 1;
            }
        }
        return parts.toArray(new String[0]);
    }

    /** Paths are equal when their text is: a compiled path stands for its text in records that hold one. */
    @Override
    public boolean equals(Object o) {
        return o instanceof EventField other && other.path.equals(path);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }

    @Override
    public String toString() {
        return path;
    }
}
