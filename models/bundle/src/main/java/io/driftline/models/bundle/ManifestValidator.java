package io.driftline.models.bundle;

import io.driftline.FeatureProfile;
import io.driftline.FeatureSpec;
import io.driftline.FeatureType;
import io.driftline.MissingPolicy;
import io.driftline.ModelManifest;
import io.driftline.OutputSpec;
import io.driftline.ReferenceProfile;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks that a manifest can feed and read a model, and agrees with the bundle's reference profile. */
final class ManifestValidator {

    private ManifestValidator() {
    }

    static void validate(ModelManifest manifest, ReferenceProfile profile) throws BundleException {
        List<FeatureSpec> features = manifest.getFeatures();
        if (features == null || features.isEmpty()) {
            throw invalid("manifest has no features");
        }
        Set<String> names = new HashSet<>();
        for (FeatureSpec feature : features) {
            validateFeature(feature, profile);
            if (!names.add(feature.getName())) {
                throw invalid("duplicate feature name '" + feature.getName() + "'");
            }
        }
        validateOutput(manifest.getOutput());
        double tolerance = manifest.getGoldenTolerance();
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw invalid("goldenTolerance must be finite and >= 0: " + tolerance);
        }
    }

    private static void validateFeature(FeatureSpec feature, ReferenceProfile profile) throws BundleException {
        String name = feature.getName();
        if (isBlank(name)) {
            throw invalid("a feature has a blank name");
        }
        if (!isValidPath(feature.getField())) {
            throw invalid("feature '" + name + "' has an invalid field path: '" + feature.getField() + "'");
        }
        if (!Double.isFinite(feature.getDefaultValue())) {
            throw invalid("feature '" + name + "' has a non-finite defaultValue: " + feature.getDefaultValue());
        }
        List<String> vocabulary = feature.getVocabulary();
        if (feature.getType() == FeatureType.CATEGORICAL) {
            if (vocabulary == null || vocabulary.isEmpty()) {
                throw invalid("categorical feature '" + name + "' has no vocabulary");
            }
            if (new HashSet<>(vocabulary).size() != vocabulary.size()) {
                throw invalid("categorical feature '" + name + "' has duplicate vocabulary entries: " + vocabulary);
            }
            if (feature.getMissing() == MissingPolicy.REFERENCE_MEAN) {
                throw invalid("feature '" + name + "' is categorical; REFERENCE_MEAN applies to numeric features only");
            }
        } else if (vocabulary != null) {
            throw invalid("numeric feature '" + name + "' has a vocabulary; did you mean type CATEGORICAL?");
        }
        if (feature.getMissing() == MissingPolicy.REFERENCE_MEAN && findProfile(profile, name) == null) {
            throw invalid("feature '" + name + "' uses REFERENCE_MEAN but the bundle has no reference profile for it");
        }
    }

    private static void validateOutput(OutputSpec output) throws BundleException {
        if (output == null) {
            throw invalid("manifest has no output spec");
        }
        List<String> labels = output.getClassLabels() == null ? List.of() : output.getClassLabels();
        if (new HashSet<>(labels).size() != labels.size()) {
            throw invalid("output classLabels has duplicates: " + labels);
        }
        String positive = output.getPositiveClass();
        if (positive != null && !labels.isEmpty() && !labels.contains(positive)) {
            throw invalid("positiveClass '" + positive + "' is not one of classLabels " + labels);
        }
    }

    /** The profile of the named feature, or null. */
    static FeatureProfile findProfile(ReferenceProfile profile, String name) {
        if (profile == null) {
            return null;
        }
        for (FeatureProfile feature : profile.getFeatures()) {
            if (feature.getName().equals(name)) {
                return feature;
            }
        }
        return null;
    }

    /** A dot-separated path of non-empty names: "amount", "profile.age"; not "", ".a", "a..b" or "a.". */
    static boolean isValidPath(String path) {
        if (isBlank(path) || path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
            return false;
        }
        return path.strip().equals(path);
    }

    static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static BundleException invalid(String message) {
        return new BundleException(BundleException.Reason.INVALID_MANIFEST, message);
    }
}
