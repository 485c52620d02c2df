package io.driftline.topology.enrich.window;

import io.driftline.topology.ingest.DeadLetterCode;
import io.driftline.topology.ingest.EventField;
import io.driftline.topology.ingest.RejectedRecordException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;

/**
 * The distinct fields that a set of aggregates reads, each with what must be kept of it: a number (SUM, MEAN,
 * MIN, MAX), a text (DISTINCT), or only whether it is there (COUNT). A field read by several aggregates is read
 * and stored once.
 */
final class FieldLayout {

    /** One field: its path in the event, and whether its number and its text are kept. */
    record Field(String path, boolean number, boolean text, String numericAggregate) {
    }

    private final List<Field> fields;
    /** Each field's path compiled, read on every event. */
    private final EventField[] paths;
    private final Map<String, Integer> index = new LinkedHashMap<>();

    private FieldLayout(List<Field> fields) {
        this.fields = List.copyOf(fields);
        this.paths = new EventField[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            index.put(fields.get(i).path(), i);
            paths[i] = EventField.of(fields.get(i).path());
        }
    }

    static FieldLayout of(List<AggregateSpec> specs) {
        Map<String, Field> byPath = new LinkedHashMap<>();
        for (AggregateSpec spec : specs) {
            boolean number = switch (spec.function()) {
                case SUM, MEAN, MIN, MAX -> true;
                case COUNT, DISTINCT -> false;
            };
            boolean text = spec.function() == AggregateSpec.Function.DISTINCT;
            byPath.merge(spec.field(), new Field(spec.field(), number, text, number ? spec.name() : null),
                    (a, b) -> new Field(a.path(), a.number() || b.number(), a.text() || b.text(),
                            a.numericAggregate() != null ? a.numericAggregate() : b.numericAggregate()));
        }
        return new FieldLayout(new ArrayList<>(byPath.values()));
    }

    int size() {
        return fields.size();
    }

    Field field(int i) {
        return fields.get(i);
    }

    int indexOf(String path) {
        return index.get(path);
    }

    /**
     * Identifies the stored encoding: the fields with what is kept of each, so that bytes written under another
     * declaration of aggregates are recognised and not misread. {@link String#hashCode()} is specified, so the
     * value is the same on every JVM.
     */
    int fingerprint() {
        StringBuilder text = new StringBuilder();
        for (Field f : fields) {
            text.append(f.path()).append(f.number() ? ":n" : "").append(f.text() ? ":t" : "").append(',');
        }
        return text.toString().hashCode();
    }

    /**
     * Reads the fields of {@code event} into {@code into}.
     *
     * @throws RejectedRecordException WRONG_TYPE when a numeric aggregate's field is neither a number nor a
     *     boolean (booleans count as 1 and 0, as numeric features do), NOT_FINITE when it is NaN, infinite or
     *     too large for a float
     */
    void read(GenericRecord event, Sample into, String key, long timestamp) {
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            Object raw = paths[i].get(event);
            into.present[i] = raw != null;
            if (raw == null) {
                continue;
            }
            if (f.number()) {
                into.number[i] = number(f, raw, key, timestamp);
            }
            if (f.text()) {
                into.text[i] = raw.toString();
            }
        }
    }

    private static double number(Field f, Object raw, String key, long timestamp) {
        double value;
        if (raw instanceof Number n) {
            value = n.doubleValue();
        } else if (raw instanceof Boolean b) {
            value = b ? 1.0 : 0.0;
        } else {
            throw new RejectedRecordException(DeadLetterCode.WRONG_TYPE, where(f, key, timestamp)
                    + "expected a number or boolean, got " + raw.getClass().getSimpleName() + " " + quote(raw), null);
        }
        if (!Double.isFinite(value)) {
            throw new RejectedRecordException(DeadLetterCode.NOT_FINITE, where(f, key, timestamp) + "value is " + value,
                    null);
        }
        // Beyond a float it would not reach a model anyway; within it, sums of doubles cannot overflow (that takes
        // 10^270 events), so the window's stored values can never make an aggregate infinite.
        if (Math.abs(value) > Float.MAX_VALUE) {
            throw new RejectedRecordException(DeadLetterCode.NOT_FINITE, where(f, key, timestamp) + "value " + value
                    + " is too large for a float (beyond +/-" + Float.MAX_VALUE + "); refused before it is aggregated",
                    null);
        }
        return value;
    }

    private static String where(Field f, String key, long timestamp) {
        return "field '" + f.path() + "' of the event of key '" + key + "' at " + timestamp
                + ", read by window aggregate '" + f.numericAggregate() + "': ";
    }

    private static String quote(Object raw) {
        String text = String.valueOf(raw);
        return "'" + (text.length() > 60 ? text.substring(0, 60) + "..." : text) + "'";
    }
}
