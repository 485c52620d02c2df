package io.driftline.models.features;

import io.driftline.MissingPolicy;
import org.apache.avro.generic.IndexedRecord;

/** Reads one feature from an event: resolve the path, apply the missing policy, convert the value. */
abstract class FeatureReader {

    final String name;
    final String field;
    private final FieldPath path;
    private final boolean rejectMissing;
    private final double missingValue;

    FeatureReader(String name, String field, MissingPolicy policy, double missingValue) {
        this.name = name;
        this.field = field;
        this.path = new FieldPath(name, field);
        this.rejectMissing = policy == MissingPolicy.REJECT;
        this.missingValue = missingValue;
    }

    final double read(IndexedRecord event) {
        Object raw = path.resolve(event);
        if (raw == null) {
            if (rejectMissing) {
                throw new FeatureException(FeatureException.Code.MISSING_FEATURE, name, field,
                        "value is absent or null and the missing policy is REJECT");
            }
            return missingValue;
        }
        return convert(raw);
    }

    /** The encoded value of a present, non-null raw value. */
    abstract double convert(Object raw);

    final FeatureException wrongType(Object raw, String expected) {
        return new FeatureException(FeatureException.Code.WRONG_TYPE, name, field,
                "expected " + expected + ", got " + raw.getClass().getSimpleName() + " " + quote(raw));
    }

    static String quote(Object raw) {
        String text = String.valueOf(raw);
        return "'" + (text.length() > 60 ? text.substring(0, 60) + "..." : text) + "'";
    }
}
