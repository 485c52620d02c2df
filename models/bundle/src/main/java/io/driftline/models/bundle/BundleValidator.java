package io.driftline.models.bundle;

import io.driftline.FeatureProfile;
import io.driftline.GoldenExample;
import io.driftline.ModelAction;
import io.driftline.ModelManifest;
import io.driftline.ModelUpdate;
import io.driftline.ReferenceProfile;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Checks a {@link ModelUpdate} before it becomes a {@link ModelBundle}; does no I/O. */
final class BundleValidator {

    private static final Set<String> SCHEMES = Set.of("file", "http", "https");

    private BundleValidator() {
    }

    static void validate(ModelUpdate u) throws BundleException {
        if (ManifestValidator.isBlank(u.getModel())) {
            throw invalid("model name is missing or blank");
        }
        String id = "model " + u.getModel() + " v" + u.getVersion();
        if (ManifestValidator.isBlank(u.getVersion())) {
            throw invalid("model " + u.getModel() + ": version is missing or blank");
        }
        if (u.getAction() == null) {
            throw invalid(id + ": action is missing");
        }
        if (u.getPublishedAt() == null) {
            throw invalid(id + ": publishedAt is missing");
        }
        if (u.getAction() == ModelAction.RETIRE) {
            return; // retiring needs nothing but the name and version
        }
        if (u.getManifest() == null) {
            throw invalid(id + ": " + u.getAction() + " needs a manifest");
        }
        if (!Sha256.isHex(u.getSha256())) {
            throw invalid(id + ": sha256 must be 64 lower-case hex digits, got '" + u.getSha256() + "'");
        }
        validateSource(u, id);
        try {
            ManifestValidator.validate(u.getManifest(), u.getReferenceProfile());
            validateProfile(u.getReferenceProfile());
        } catch (BundleException e) {
            throw new BundleException(e.reason(), id + ": " + e.getMessage());
        }
        validateGolden(u.getGoldenExamples(), u.getManifest(), id);
    }

    private static void validateSource(ModelUpdate u, String id) throws BundleException {
        boolean inline = u.getOnnx() != null;
        boolean external = u.getOnnxUri() != null;
        if (inline == external) {
            throw invalid(id + ": exactly one of onnx (inline bytes) and onnxUri must be set, got "
                    + (inline ? "both" : "neither"));
        }
        if (inline && !u.getOnnx().hasRemaining()) {
            throw invalid(id + ": inline onnx is empty");
        }
        if (external) {
            parseUri(u.getOnnxUri(), id);
        }
    }

    /** Parses and checks an ONNX URI: absolute, with a file, http or https scheme. */
    static URI parseUri(String value, String id) throws BundleException {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new BundleException(BundleException.Reason.INVALID_BUNDLE, id + ": onnxUri is not a URI: '" + value + "'", e);
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null || !SCHEMES.contains(scheme)) {
            throw new BundleException(BundleException.Reason.UNSUPPORTED_URI,
                    id + ": onnxUri must use file, http or https, got '" + value + "'");
        }
        return uri;
    }

    private static void validateProfile(ReferenceProfile profile) throws BundleException {
        if (profile == null) {
            return;
        }
        for (FeatureProfile feature : profile.getFeatures()) {
            validateBins(feature);
        }
        if (profile.getPrediction() != null) {
            validateBins(profile.getPrediction());
        }
    }

    private static void validateBins(FeatureProfile feature) throws BundleException {
        List<Double> edges = feature.getBinEdges();
        List<Double> fractions = feature.getBinFractions();
        if (!edges.isEmpty() && fractions.size() != edges.size() + 1) {
            throw new BundleException(BundleException.Reason.INVALID_BUNDLE, "reference profile of '" + feature.getName()
                    + "' has " + edges.size() + " bin edges but " + fractions.size() + " fractions (want edges + 1)");
        }
        for (int i = 1; i < edges.size(); i++) {
            if (!(edges.get(i - 1) < edges.get(i))) {
                throw new BundleException(BundleException.Reason.INVALID_BUNDLE,
                        "reference profile of '" + feature.getName() + "' has bin edges out of order: " + edges);
            }
        }
    }

    private static void validateGolden(List<GoldenExample> golden, ModelManifest manifest, String id)
            throws BundleException {
        int width = manifest.getFeatures().size();
        for (int i = 0; i < golden.size(); i++) {
            GoldenExample example = golden.get(i);
            if (example.getFeatures().size() != width) {
                throw invalid(id + ": golden example " + i + " has " + example.getFeatures().size()
                        + " features, the manifest has " + width);
            }
            if (!Double.isFinite(example.getExpectedScore())) {
                throw invalid(id + ": golden example " + i + " has a non-finite expected score: "
                        + example.getExpectedScore());
            }
        }
    }

    private static BundleException invalid(String message) {
        return new BundleException(BundleException.Reason.INVALID_BUNDLE, message);
    }
}
