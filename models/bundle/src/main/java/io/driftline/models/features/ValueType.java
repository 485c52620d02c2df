package io.driftline.models.features;

/**
 * The element type a model input takes for a feature, as the ONNX graph declares it. The encoder converts each
 * feature's value to it: the same event can feed a float tensor of one model and an int64 tensor of another.
 */
public enum ValueType {
    /** 32-bit float: a NUMERIC value, or a CATEGORICAL value's vocabulary index; too large for a float is NOT_FINITE. */
    FLOAT,
    /** 64-bit double: a NUMERIC value, or a CATEGORICAL value's vocabulary index. */
    DOUBLE,
    /**
     * 64-bit integer: a NUMERIC value that must be integral (an int or long, a boolean as 1/0, or a float or double
     * with no fraction), or a CATEGORICAL value's vocabulary index; 2.5 is a WRONG_TYPE error, never rounded.
     */
    INT64,
    /** Text: a CATEGORICAL value passed as it is (the model encodes it); a NUMERIC feature cannot feed one. */
    STRING
}
