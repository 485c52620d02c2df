package io.driftline.topology.score;

import io.driftline.GoldenExample;
import io.driftline.ModelManifest;
import io.driftline.ReferenceProfile;
import io.driftline.models.bundle.BundleException;
import io.driftline.models.bundle.FetchPolicy;
import io.driftline.models.bundle.ModelBundle;
import io.driftline.models.bundle.TrustedKeys;
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
 * Checks a bundle before it may serve: with trusted keys, a trusted key signed its content digest (checked first,
 * so that an unsigned or tampered bundle never makes this instance fetch or load anything); an external ONNX URI is
 * admitted by the fetch policy and read within its bounds, the ONNX bytes match their SHA-256, the graph loads, its
 * inputs and outputs (names, types, shapes) match the manifest, and every golden example scores within the
 * manifest's tolerance.
 *
 * <p>Signatures follow {@link TrustedKeys}' rule: with no trusted keys they are not checked at all (a bundle is
 * trusted by its checksum and by who may write the model-updates topic, and the deploy message of a bundle that
 * carries one says so); with trusted keys every bundle verified here must be signed by one of them.
 */
public final class BundleVerifier {

    private final int intraOpThreads;
    private final Clock clock;
    private final FetchPolicy fetchPolicy;
    private final TrustedKeys trustedKeys;

    /** A verifier that fetches external models under {@link FetchPolicy#defaults()} and checks no signature. */
    public BundleVerifier(int intraOpThreads, Clock clock) {
        this(intraOpThreads, clock, FetchPolicy.defaults());
    }

    /** A verifier that fetches external models only as {@code fetchPolicy} allows and checks no signature. */
    public BundleVerifier(int intraOpThreads, Clock clock, FetchPolicy fetchPolicy) {
        this(intraOpThreads, clock, fetchPolicy, TrustedKeys.none());
    }

    /**
     * A verifier that fetches external models only as {@code fetchPolicy} allows and, unless {@code trustedKeys} is
     * empty, accepts only bundles signed by one of them.
     */
    public BundleVerifier(int intraOpThreads, Clock clock, FetchPolicy fetchPolicy, TrustedKeys trustedKeys) {
        this.intraOpThreads = intraOpThreads;
        this.clock = clock;
        this.fetchPolicy = Objects.requireNonNull(fetchPolicy, "fetchPolicy");
        this.trustedKeys = Objects.requireNonNull(trustedKeys, "trustedKeys");
    }

    /** What this verifier requires of signatures, in one line for the start-up log. */
    public String signaturePolicy() {
        return trustedKeys.isEmpty()
                ? "bundle signatures are not required and not checked (" + ScoreConfig.MODELS_TRUSTED_KEYS + " is empty):"
                        + " any bundle that passes its other checks deploys"
                : "bundle signatures are required: DEPLOY and SHADOW bundles must be signed by one of "
                        + trustedKeys.ids().size() + " trusted keys " + trustedKeys.ids();
    }

    /** Loads and verifies the bundle; the caller owns the returned model's session. */
    public ServingModel verify(ModelBundle bundle, boolean shadow) throws BundleRejectedException {
        String signingKeyId = null;
        if (!trustedKeys.isEmpty()) {
            try {
                signingKeyId = trustedKeys.verify(bundle);
            } catch (BundleException e) {
                throw new BundleRejectedException(e.reason().name(), e.getMessage(), e);
            }
        }
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
                    clock.instant(), profile, signingKeyId);
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
