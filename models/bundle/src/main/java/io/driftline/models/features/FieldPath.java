package io.driftline.models.features;

import java.util.Arrays;
import java.util.Map;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.util.Utf8;

/**
 * A feature's dot-separated field path, split once ({@link RecordPath}), that walks nested records and map values of
 * an event; a step into anything else is the feature's error (WRONG_TYPE).
 */
final class FieldPath {

    private final String feature;
    private final String field;
    private final RecordPath steps;
    private final Utf8[] utf8Names; // map keys decoded by Avro are Utf8, which never equals a String

    FieldPath(String feature, String field) {
        this.feature = feature;
        this.field = field;
        this.steps = RecordPath.of(field);
        if (steps.hasEmptyStep()) {
            throw new IllegalArgumentException("field path has an empty segment: '" + field + "'");
        }
        this.utf8Names = new Utf8[steps.steps()];
        for (int i = 0; i < utf8Names.length; i++) {
            utf8Names[i] = new Utf8(steps.name(i));
        }
    }

    /** The value at the path, or null when it, or a record or map on the way, is absent or null. */
    Object resolve(IndexedRecord root) {
        Object current = root;
        for (int i = 0; i < utf8Names.length; i++) {
            if (current == null) {
                return null;
            }
            if (current instanceof IndexedRecord) {
                current = steps.field((IndexedRecord) current, i);
            } else if (current instanceof Map) {
                current = entryOf((Map<?, ?>) current, i);
            } else {
                String[] walked = new String[i];
                Arrays.setAll(walked, steps::name);
                throw new FeatureException(FeatureException.Code.WRONG_TYPE, feature, field, "'"
                        + String.join(".", walked) + "' is a " + current.getClass().getSimpleName()
                        + ", not a record or map");
            }
        }
        return current;
    }

    private Object entryOf(Map<?, ?> map, int i) {
        Object value = map.get(steps.name(i));
        return value != null || map.isEmpty() ? value : map.get(utf8Names[i]);
    }
}
