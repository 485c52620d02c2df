package io.driftline.topology.score;

import io.driftline.GoldenExample;
import io.driftline.ModelManifest;
import io.driftline.ReferenceProfile;
import io.driftline.models.bundle.BundleException;
import io.driftline.models.bundle.FetchPolicy;
import io.driftline.models.bundle.ModelBundle;
import io.driftline.models.features.FeatureEncoder;
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
            checkGolden(model, manifest, bundle.goldenExamples());
            ReferenceProfile profile = bundle.referenceProfile();
            FeatureEncoder encoder = new FeatureEncoder(manifest, profile);
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

    private static void checkGolden(OnnxModel model, ModelManifest manifest, List<GoldenExample> golden)
            throws BundleRejectedException {
        if (golden.isEmpty()) {
            return;
        }
        float[][] rows = new float[golden.size()][];
        for (int i = 0; i < rows.length; i++) {
            List<Double> features = golden.get(i).getFeatures();
            rows[i] = new float[features.size()];
            for (int j = 0; j < rows[i].length; j++) {
                rows[i][j] = features.get(j).floatValue();
            }
        }
        List<ModelOutput> outputs;
        try {
            outputs = model.score(rows);
        } catch (Exception e) {
            throw new BundleRejectedException(ModelLoadException.Reason.SCORING_FAILED.name(),
                    "golden examples could not be scored: " + e.getMessage(), e);
        }
        double tolerance = manifest.getGoldenTolerance();
        for (int i = 0; i < rows.length; i++) {
            GoldenExample example = golden.get(i);
            ModelOutput out = outputs.get(i);
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
