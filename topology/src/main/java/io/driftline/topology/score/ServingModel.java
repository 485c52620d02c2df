package io.driftline.topology.score;

import io.driftline.ModelManifest;
import io.driftline.models.features.FeatureEncoder;
import io.driftline.topology.score.onnx.OnnxModel;
import java.time.Instant;

/**
 * A verified model version in a serving slot: its manifest, its feature encoder and its ONNX session.
 *
 * @param shadow true when the model scores beside the champion without serving
 */
public record ServingModel(String model, String version, boolean shadow, String sha256, ModelManifest manifest,
                           FeatureEncoder encoder, OnnxModel onnx, Instant loadedAt) {

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
