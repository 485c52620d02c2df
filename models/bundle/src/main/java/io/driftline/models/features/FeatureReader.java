package io.driftline.models.features;

import io.driftline.MissingPolicy;
import org.apache.avro.generic.IndexedRecord;

/**
 * Reads one feature from an event: resolve the path, apply the missing policy, convert the value to a double (float
 * and double inputs), a long (int64 inputs) or text (string inputs).
 */
abstract class FeatureReader {

    final String name;
    final String field;
    private final FieldPath path;
    private final boolean rejectMissing;
    private final double missingValue;
    private final long missingLong;

    FeatureReader(String name, String field, MissingPolicy policy, double missingValue) {
        this.name = name;
        this.field = field;
        this.path = new FieldPath(name, field);
        this.rejectMissing = policy == MissingPolicy.REJECT;
        this.missingValue = missingValue;
        // DEFAULT values are checked to be integral when an int64 input is resolved; a reference mean is rounded.
        this.missingLong = Math.round(missingValue);
    }

    final double read(IndexedRecord event) {
        return read(event, null, 0);
    }

    /**
     * As {@link #read(IndexedRecord)}, noting in {@code observed[slot]} (when not null) the value before the missing
     * policy: see {@link FeatureEncoder#encodeInto(org.apache.avro.generic.GenericRecord, FeatureSink, int, double[])}.
     */
    final double read(IndexedRecord event, double[] observed, int slot) {
        Object raw = path.resolve(event);
        if (raw == null) {
            note(observed, slot, Double.NaN);
            if (rejectMissing) {
                throw missing();
            }
            return missingValue;
        }
        double value = convert(raw);
        note(observed, slot, value);
        return value;
    }

    /** The value for an int64 input: exact for integers, never rounded for fractions (a WRONG_TYPE error). */
    final long readLong(IndexedRecord event, double[] observed, int slot) {
        Object raw = path.resolve(event);
        if (raw == null) {
            note(observed, slot, Double.NaN);
            if (rejectMissing) {
                throw missing();
            }
            return missingLong;
        }
        long value = convertLong(raw);
        if (observed != null) {
            observed[slot] = convert(raw);
        }
        return value;
    }

    /** The value for a string input; only a CATEGORICAL feature has one. */
    final String readText(IndexedRecord event, double[] observed, int slot) {
        Object raw = path.resolve(event);
        if (raw == null) {
            note(observed, slot, Double.NaN);
            if (rejectMissing) {
                throw missing();
            }
            return missingText();
        }
        String text = convertText(raw);
        if (observed != null) {
            observed[slot] = convert(raw); // the vocabulary index: drift categories still come from the vocabulary
        }
        return text;
    }

    private static void note(double[] observed, int slot, double value) {
        if (observed != null) {
            observed[slot] = value;
        }
    }

    /** The encoded value of a present, non-null raw value. */
    abstract double convert(Object raw);

    /** The int64 value of a present, non-null raw value; by default the encoded value, which must be integral. */
    long convertLong(Object raw) {
        return integral(convert(raw), raw);
    }

    /** The text of a present, non-null raw value, for a string input. */
    String convertText(Object raw) {
        throw new IllegalStateException("feature '" + name + "' cannot feed a string input");
    }

    /** The text a missing value becomes under the DEFAULT (or REFERENCE_MEAN) policy, for a string input. */
    String missingText() {
        throw new IllegalStateException("feature '" + name + "' cannot feed a string input");
    }

    final long integral(double value, Object raw) {
        // 2^63 is exactly representable; anything at or beyond it does not fit a long.
        if (value != Math.rint(value) || Math.abs(value) >= 0x1p63) {
            throw new FeatureException(FeatureException.Code.WRONG_TYPE, name, field, "the model's input takes int64 and "
                    + quote(raw) + " is not an integer in range (values are never rounded)");
        }
        return (long) value;
    }

    private FeatureException missing() {
        return new FeatureException(FeatureException.Code.MISSING_FEATURE, name, field,
                "value is absent or null and the missing policy is REJECT");
    }

    final FeatureException wrongType(Object raw, String expected) {
        return new FeatureException(FeatureException.Code.WRONG_TYPE, name, field,
                "expected " + expected + ", got " + raw.getClass().getSimpleName() + " " + quote(raw));
    }

    static String quote(Object raw) {
        String text = String.valueOf(raw);
        return "'" + (text.length() > 60 ? text.substring(0, 60) + "..." : text) + "'";
    }
}
