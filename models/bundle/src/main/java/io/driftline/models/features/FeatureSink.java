package io.driftline.models.features;

/**
 * Where {@link FeatureEncoder#encodeInto(org.apache.avro.generic.GenericRecord, FeatureSink, int)} writes a row: one
 * typed value per feature, of the {@link ValueType} the encoder was built with for that feature. A model's input
 * batch implements it, so that an event is encoded straight into the model's input buffers.
 */
public interface FeatureSink {

    /** Feature {@code feature} of row {@code row}, for a {@link ValueType#FLOAT} input. */
    void putFloat(int row, int feature, float value);

    /** Feature {@code feature} of row {@code row}, for a {@link ValueType#DOUBLE} input. */
    void putDouble(int row, int feature, double value);

    /** Feature {@code feature} of row {@code row}, for a {@link ValueType#INT64} input. */
    void putLong(int row, int feature, long value);

    /** Feature {@code feature} of row {@code row}, for a {@link ValueType#STRING} input; never null. */
    void putString(int row, int feature, String value);
}
