package io.driftline.topology.ingest;

import io.driftline.models.features.RecordPath;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;

/**
 * A dot-separated field path (e.g. {@code "card.id"}), split once, read out of decoded events: nested records and
 * map values; an absent step, a null, or a step into something that is neither gives null.
 *
 * <p>Read on every event by the window aggregates, the profile join, model filters and event ids, so each step's
 * field position is cached per schema ({@link RecordPath}, as a model's feature paths do): a lookup by name hashed
 * the name twice and cut a substring on every call.
 */
public final class EventField {

    private final String path;
    private final RecordPath steps;

    private EventField(String path) {
        this.path = path;
        this.steps = RecordPath.of(path);
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
        for (int i = 0; i < steps.steps(); i++) {
            if (current instanceof GenericRecord r) {
                current = steps.field(r, i);
            } else if (current instanceof Map<?, ?> m) {
                current = lookup(m, steps.name(i));
            } else {
                return null;
            }
        }
        return current;
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
