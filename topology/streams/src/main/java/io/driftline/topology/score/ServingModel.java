package io.driftline.topology.score;

import io.driftline.ModelManifest;
import io.driftline.ReferenceProfile;
import io.driftline.models.features.FeatureEncoder;
import io.driftline.topology.score.onnx.OnnxModel;
import java.time.Instant;

/**
 * A verified model version in a serving slot: its manifest, its feature encoder, its ONNX session and the bundle's
 * reference profile (what drift statistics compare with).
 *
 * @param shadow           true when the model scores beside the champion without serving
 * @param referenceProfile the bundle's reference profile, or null when it has none (no drift statistics then);
 *                         shared, do not change it
 * @param signingKeyId     the trusted key whose signature on the bundle was verified, or null when this instance
 *                         checks no signatures (no trusted keys)
 */
public record ServingModel(String model, String version, boolean shadow, String sha256, ModelManifest manifest,
                           FeatureEncoder encoder, OnnxModel onnx, Instant loadedAt, ReferenceProfile referenceProfile,
                           String signingKeyId) {

    /** A reference to the model for one batch; closing it lets a swapped-out session close. */
    public record Lease(ServingModel model) implements AutoCloseable {
        @Override
        public void close() {
            model.onnx().release();
        }
    }

    /** Takes a lease, or null when this version has been swapped out and closed in the meantime. */
    Lease tryLease() {
        return onnx.tryAcquire() ? new Lease(this) : null;
    }
}
