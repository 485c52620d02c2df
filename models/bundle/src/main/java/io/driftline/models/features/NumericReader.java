package io.driftline.models.features;

import io.driftline.MissingPolicy;

/**
 * A NUMERIC feature: int, long, float, double (any {@link Number}) or boolean as 1/0; strings are type errors. For an
 * int64 input the value must be integral.
 */
final class NumericReader extends FeatureReader {

    NumericReader(String name, String field, MissingPolicy policy, double missingValue) {
        super(name, field, policy, missingValue);
    }

    @Override
    double convert(Object raw) {
        double value;
        if (raw instanceof Number) {
            value = ((Number) raw).doubleValue();
        } else if (raw instanceof Boolean) {
            value = (Boolean) raw ? 1.0 : 0.0;
        } else {
            // Strings are refused on purpose: "12" in a numeric field is a producer bug to surface, not to guess at.
            throw wrongType(raw, "a number or boolean");
        }
        if (!Double.isFinite(value)) {
            throw new FeatureException(FeatureException.Code.NOT_FINITE, name, field, "value is " + value);
        }
        return value;
    }

    @Override
    long convertLong(Object raw) {
        // Integers are taken exactly: through a double, a long above 2^53 would lose its low bits.
        if (raw instanceof Long || raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
            return ((Number) raw).longValue();
        }
        return integral(convert(raw), raw);
    }
}
