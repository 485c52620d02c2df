package io.driftline.models.features;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * The steps of a dot-separated field path, split once, with each step's field position cached per schema instance:
 * events decoded with the same writer schema share one {@link Schema} object, so after the first event a step is an
 * identity check and an array read instead of a lookup by name. The cache is racy by design: a {@link Slot} is
 * immutable, so a thread sees a complete slot or none, and one that misses looks the field up again.
 *
 * <p>What a path does at a step that is neither a record nor a map is its user's to say: a model's feature path
 * refuses it, an event field of the service reads nothing there.
 */
public final class RecordPath {

    private record Slot(Schema schema, int pos) {
    }

    private final String[] names;
    private final Slot[] slots;

    private RecordPath(String[] names) {
        this.names = names;
        this.slots = new Slot[names.length];
    }

    /** The path's steps; an empty segment ({@code "a..b"}, {@code ""}) is a step no field is named. */
    public static RecordPath of(String path) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '.') {
                parts.add(path.substring(start, i));
                start = i + 1;
            }
        }
        return new RecordPath(parts.toArray(new String[0]));
    }

    public int steps() {
        return names.length;
    }

    /** The field name of step {@code i}. */
    public String name(int i) {
        return names[i];
    }

    /** True when some step is empty (no field can be named so). */
    public boolean hasEmptyStep() {
        for (String name : names) {
            if (name.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** The value of step {@code i}'s field in {@code record}, or null when the record's schema has no such field. */
    public Object field(IndexedRecord record, int i) {
        Schema schema = record.getSchema();
        Slot slot = slots[i];
        if (slot == null || slot.schema() != schema) {
            Schema.Field f = schema.getField(names[i]);
            slot = new Slot(schema, f == null ? -1 : f.pos());
            slots[i] = slot;
        }
        return slot.pos() < 0 ? null : record.get(slot.pos());
    }
}
