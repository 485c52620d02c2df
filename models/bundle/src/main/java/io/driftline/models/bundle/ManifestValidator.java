package io.driftline.models.bundle;

import io.driftline.EventFilter;
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
        validateRouting(manifest);
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

    /** Input topics, filter and output topic: names Kafka accepts, a filter that can select something. */
    private static void validateRouting(ModelManifest manifest) throws BundleException {
        List<String> topics = manifest.getInputTopics() == null ? List.of() : manifest.getInputTopics();
        for (String topic : topics) {
            if (!isValidTopic(topic)) {
                throw invalid("inputTopics: '" + topic + "' is not a valid Kafka topic name (letters, digits, '.', '_',"
                        + " '-'; at most 249)");
            }
        }
        if (new HashSet<>(topics).size() != topics.size()) {
            throw invalid("inputTopics has duplicates: " + topics);
        }
        if (manifest.getOutputTopic() != null && !isValidTopic(manifest.getOutputTopic())) {
            throw invalid("outputTopic: '" + manifest.getOutputTopic() + "' is not a valid Kafka topic name");
        }
        if (manifest.getOutputTopic() != null && topics.contains(manifest.getOutputTopic())) {
            throw invalid("outputTopic '" + manifest.getOutputTopic() + "' is also an input topic: the model would"
                    + " score its own predictions");
        }
        EventFilter filter = manifest.getFilter();
        if (filter == null) {
            return;
        }
        if ((filter.getField() == null) == (filter.getHeader() == null)) {
            throw invalid("filter: name exactly one of field and header");
        }
        if (filter.getField() != null && !isValidPath(filter.getField())) {
            throw invalid("filter.field: invalid field path '" + filter.getField() + "'");
        }
        if (filter.getHeader() != null && isBlank(filter.getHeader())) {
            throw invalid("filter.header: blank header name");
        }
        if (filter.getValues() == null || filter.getValues().isEmpty()) {
            throw invalid("filter.values: at least one value, or no filter to score every event");
        }
    }

    /** Kafka's own rule for topic names (org.apache.kafka.common.internals.Topic is not public API). */
    static boolean isValidTopic(String topic) {
        return topic != null && !topic.isEmpty() && topic.length() <= 249 && !topic.equals(".") && !topic.equals("..")
                && topic.chars().allMatch(c -> c == '.' || c == '_' || c == '-' || (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
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
