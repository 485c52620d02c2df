package io.driftline.models.bundle;

import io.driftline.EventFilter;
import io.driftline.FeatureProfile;
import io.driftline.FeatureSpec;
import io.driftline.FeatureType;
import io.driftline.GoldenExample;
import io.driftline.InputMode;
import io.driftline.MissingPolicy;
import io.driftline.ModelAction;
import io.driftline.ModelManifest;
import io.driftline.ModelUpdate;
import io.driftline.OutputFormat;
import io.driftline.OutputKind;
import io.driftline.OutputSpec;
import io.driftline.ReferenceProfile;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro data model that creates the bundle's record and enum types directly, for deep copies and JSON parsing.
 *
 * <p>Why: Avro's own way is a class lookup by schema name, which Avro 1.12 also checks against the
 * {@code org.apache.avro.SERIALIZABLE_PACKAGES} property. Creating the known types directly is cheaper and keeps
 * copies and parsing independent of it (the generated builders still need the property for their defaults, so
 * the JVM must set it anyway). A type not listed here, such as a later schema addition, falls back to Avro.
 */
final class BundleData extends SpecificData {

    static final BundleData INSTANCE = new BundleData();

    private static final Map<String, Supplier<Object>> RECORDS = Map.of(
            ModelUpdate.getClassSchema().getFullName(), ModelUpdate::new,
            ModelManifest.getClassSchema().getFullName(), ModelManifest::new,
            FeatureSpec.getClassSchema().getFullName(), FeatureSpec::new,
            OutputSpec.getClassSchema().getFullName(), OutputSpec::new,
            ReferenceProfile.getClassSchema().getFullName(), ReferenceProfile::new,
            FeatureProfile.getClassSchema().getFullName(), FeatureProfile::new,
            GoldenExample.getClassSchema().getFullName(), GoldenExample::new,
            EventFilter.getClassSchema().getFullName(), EventFilter::new);

    private static final Map<String, Function<String, Object>> ENUMS = Map.of(
            ModelAction.getClassSchema().getFullName(), ModelAction::valueOf,
            InputMode.getClassSchema().getFullName(), InputMode::valueOf,
            FeatureType.getClassSchema().getFullName(), FeatureType::valueOf,
            MissingPolicy.getClassSchema().getFullName(), MissingPolicy::valueOf,
            OutputKind.getClassSchema().getFullName(), OutputKind::valueOf,
            OutputFormat.getClassSchema().getFullName(), OutputFormat::valueOf);

    private BundleData() {
        // publishedAt is an Instant in the generated classes; deepCopy needs the conversion to copy it.
        addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
    }

    @Override
    public Object newRecord(Object old, Schema schema) {
        Supplier<Object> factory = RECORDS.get(schema.getFullName());
        return factory != null ? factory.get() : super.newRecord(old, schema);
    }

    @Override
    public Object createEnum(String symbol, Schema schema) {
        Function<String, Object> factory = ENUMS.get(schema.getFullName());
        return factory != null ? factory.apply(symbol) : super.createEnum(symbol, schema);
    }

    /**
     * As Avro's, but a byte buffer is read through a duplicate: Avro's copy moves the source buffer's position
     * while it reads and puts it back after, so two threads copying one shared bundle at once (the detector
     * benchmark's parallel runs do) could see its inline ONNX empty ("inline onnx is empty").
     */
    @Override
    @SuppressWarnings("unchecked")
    public <T> T deepCopy(Schema schema, T value) {
        if (value instanceof java.nio.ByteBuffer buffer && schema.getType() == Schema.Type.BYTES) {
            java.nio.ByteBuffer source = buffer.duplicate();
            byte[] bytes = new byte[source.remaining()];
            source.get(bytes);
            return (T) java.nio.ByteBuffer.wrap(bytes);
        }
        return super.deepCopy(schema, value);
    }

    /** A deep copy of a generated record, so that no caller can change a bundle through a shared object. */
    <T extends SpecificRecord> T copy(T value) {
        return value == null ? null : deepCopy(value.getSchema(), value);
    }
}
