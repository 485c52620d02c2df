package io.driftline.app.publish;

import io.driftline.ModelUpdate;
import io.driftline.models.bundle.FetchPolicy;
import io.driftline.models.bundle.TrustedKeys;
import io.driftline.topology.score.BundleVerifier;
import io.driftline.topology.score.ModelEvent;
import io.driftline.topology.score.ModelRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Verifies a bundle on the publisher's machine exactly as an instance will: the update goes through Avro binary and
 * back (what the instance decodes), then into a fresh {@link ModelRegistry} with a {@link BundleVerifier} under the
 * instances' {@link FetchPolicy} (an external {@code onnxUri} is admitted or refused before anything is read) and
 * their {@link TrustedKeys}, so the signature, the checksum, the ONNX load, the inputs and outputs against the manifest, the golden examples and whatever the verifier
 * checks next are the instance's own code, and an unexpected failure is a rejection here as it is there.
 *
 * <p>What can still differ on an instance is its configuration (another {@code models.dir} or allow-list, a file
 * URI that its host cannot read) and its ONNX Runtime; {@code model publish --wait} reports that verdict.
 */
public final class LocalVerification {

    private LocalVerification() {
    }

    /**
     * The verdict an instance with this fetch policy would reach on {@code update} published under {@code key}:
     * DEPLOYED (or RETIRED) with what was checked, or REJECTED with its reason code and message.
     */
    public static ModelEvent verify(String key, ModelUpdate update, FetchPolicy policy) {
        return verify(key, update, policy, TrustedKeys.none());
    }

    /**
     * The verdict an instance with this fetch policy and these trusted keys would reach: with trusted keys, an
     * unsigned bundle, or one no trusted key signed, is rejected here as it would be there.
     */
    public static ModelEvent verify(String key, ModelUpdate update, FetchPolicy policy, TrustedKeys trustedKeys) {
        Clock clock = Clock.systemUTC();
        try (ModelRegistry registry = new ModelRegistry(new BundleVerifier(1, clock, policy, trustedKeys), clock)) {
            return registry.apply(key, roundTrip(update));
        }
    }

    /** The update as an instance decodes it from the topic. */
    static ModelUpdate roundTrip(ModelUpdate update) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            new SpecificDatumWriter<>(ModelUpdate.class).write(update, encoder);
            encoder.flush();
            return new SpecificDatumReader<>(ModelUpdate.class)
                    .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the bundle as Avro", e);
        }
    }
}
