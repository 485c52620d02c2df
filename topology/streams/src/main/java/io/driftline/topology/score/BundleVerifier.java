package io.driftline.topology.score;

import io.driftline.GoldenExample;
import io.driftline.ModelManifest;
import io.driftline.ReferenceProfile;
import io.driftline.models.bundle.BundleException;
import io.driftline.models.bundle.FetchPolicy;
import io.driftline.models.bundle.ModelBundle;
import io.driftline.models.features.FeatureEncoder;
import io.driftline.models.features.FeatureException;
import io.driftline.topology.score.onnx.InputBatch;
import io.driftline.topology.score.onnx.ModelLoadException;
import io.driftline.topology.score.onnx.ModelOutput;
import io.driftline.topology.score.onnx.OnnxModel;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Checks a bundle before it may serve: an external ONNX URI is admitted by the fetch policy and read within its
 * bounds, the ONNX bytes match their SHA-256, the graph loads, its inputs and outputs (names, types, shapes) match
 * the manifest, and every golden example scores within the manifest's tolerance.
 *
 * <p>No cryptographic signature is checked yet: a bundle's {@code signature} field is carried but not verified,
 * and the deploy message says so.
 */
public final class BundleVerifier {

    private final int intraOpThreads;
    private final Clock clock;
    private final FetchPolicy fetchPolicy;

    /** A verifier that fetches external models under {@link FetchPolicy#defaults()}. */
    public BundleVerifier(int intraOpThreads, Clock clock) {
        this(intraOpThreads, clock, FetchPolicy.defaults());
    }

    /** A verifier that fetches external models only as {@code fetchPolicy} allows. */
    public BundleVerifier(int intraOpThreads, Clock clock, FetchPolicy fetchPolicy) {
        this.intraOpThreads = intraOpThreads;
        this.clock = clock;
        this.fetchPolicy = java.util.Objects.requireNonNull(fetchPolicy, "fetchPolicy");
    }

    /** Loads and verifies the bundle; the caller owns the returned model's session. */
    public ServingModel verify(ModelBundle bundle, boolean shadow) throws BundleRejectedException {
        byte[] onnx;
        try {
            onnx = bundle.loadOnnx(fetchPolicy);
        } catch (BundleException e) {
            throw new BundleRejectedException(e.reason().name(), e.getMessage(), e);
        }
        ModelManifest manifest = bundle.manifest();
        OnnxModel model;
        try {
            model = OnnxModel.load(onnx, manifest, intraOpThreads);
        } catch (ModelLoadException e) {
            throw new BundleRejectedException(e.reason().name(), e.getMessage(), e);
        }
        try {
            ReferenceProfile profile = bundle.referenceProfile();
            FeatureEncoder encoder = new FeatureEncoder(manifest, profile, model.featureTypes());
            checkGolden(model, encoder, manifest, bundle.goldenExamples());
            return new ServingModel(bundle.model(), bundle.version(), shadow, bundle.sha256(), manifest, encoder, model,
                    clock.instant(), profile);
        } catch (BundleRejectedException e) {
            model.close();
            throw e;
        } catch (RuntimeException e) {
            model.close();
            throw new BundleRejectedException("INVALID_BUNDLE", "bundle cannot serve: " + e.getMessage(), e);
        }
    }

    private static void checkGolden(OnnxModel model, FeatureEncoder encoder, ModelManifest manifest,
                                    List<GoldenExample> golden) throws BundleRejectedException {
        if (golden.isEmpty()) {
            return;
        }
        InputBatch batch = model.newBatch(golden.size());
        for (int i = 0; i < golden.size(); i++) {
            try {
                encoder.writeEncoded(golden.get(i).getFeatures(), golden.get(i).getTextFeatures(), batch, i);
            } catch (FeatureException | IllegalArgumentException e) {
                throw new BundleRejectedException(ModelLoadException.Reason.GOLDEN_MISMATCH.name(),
                        "golden example " + i + " cannot feed the model: " + e.getMessage(), e);
            }
        }
        List<ModelOutput> outputs;
        try {
            outputs = model.score(batch);
        } catch (Exception e) {
            throw new BundleRejectedException(ModelLoadException.Reason.SCORING_FAILED.name(),
                    "golden examples could not be scored: " + e.getMessage(), e);
        }
        double tolerance = manifest.getGoldenTolerance();
        for (int i = 0; i < golden.size(); i++) {
            GoldenExample example = golden.get(i);
            ModelOutput out = outputs.get(i);
            if (!Double.isFinite(out.score()) || !out.scores().values().stream().allMatch(Double::isFinite)) {
                throw new BundleRejectedException(ModelLoadException.Reason.GOLDEN_MISMATCH.name(), "golden example " + i
                        + ": the model gives a non-finite score (" + out.score() + ", scores " + out.scores() + "), which"
                        + " would dead-letter every such event: fix the graph (a log or division of its inputs, say) or"
                        + " the golden row (features in manifest order, as the model is fed them)", null);
            }
            double diff = Math.abs(out.score() - example.getExpectedScore());
            if (!(diff <= tolerance)) {
                throw new BundleRejectedException(ModelLoadException.Reason.GOLDEN_MISMATCH.name(), String.format(
                        "golden example %d: expected score %.6f, model gives %.6f (|diff| %.2e > tolerance %.1e)",
                        i, example.getExpectedScore(), out.score(), diff, tolerance), null);
            }
            if (example.getExpectedLabel() != null && !Objects.equals(example.getExpectedLabel(), out.label())) {
                throw new BundleRejectedException(ModelLoadException.Reason.GOLDEN_MISMATCH.name(), "golden example " + i
                        + ": expected label '" + example.getExpectedLabel() + "', model gives '" + out.label() + "'", null);
            }
        }
    }
}
