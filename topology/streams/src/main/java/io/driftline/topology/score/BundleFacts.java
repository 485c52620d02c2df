package io.driftline.topology.score;

import io.driftline.ModelAction;
import io.driftline.ModelUpdate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a model-updates record said about itself, beside the registry's verdict on it: the facts an audit entry
 * records (who published what, when, and what the bundle carries).
 *
 * @param requestedAction DEPLOY, SHADOW or RETIRE (RETIRE for a tombstone)
 * @param publishedBy     the publisher as the bundle names it, or null
 * @param publishedAt     when, as the publisher says, or null
 * @param sha256          the ONNX model's digest, or null
 * @param signingKeyId    the id of the key that signed the bundle, or null
 * @param description     the publisher's description, or null
 * @param trainingRows    rows the reference profile was built from, or null
 * @param trainingDataStart start of the training data's time range, as the publisher says, or null
 * @param trainingDataEnd   its end, or null
 * @param referenceMetrics the reference profile's held-out performance (empty when none)
 */
public record BundleFacts(String requestedAction, String publishedBy, Instant publishedAt, String sha256,
                          String signingKeyId, String description, Long trainingRows, Instant trainingDataStart,
                          Instant trainingDataEnd, Map<String, Double> referenceMetrics) {

    /** A tombstone, or a record that could not be decoded: nothing but what was asked. */
    public static final BundleFacts NONE = new BundleFacts(null, null, null, null, null, null, null, null, null, Map.of());

    public BundleFacts {
        referenceMetrics = Map.copyOf(referenceMetrics);
    }

    /** The facts of a decoded record (null: a tombstone, which retires the model). */
    public static BundleFacts of(ModelUpdate update) {
        if (update == null) {
            return new BundleFacts(ModelAction.RETIRE.name(), null, null, null, null, null, null, null, null, Map.of());
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        Long rows = null;
        if (update.getReferenceProfile() != null) {
            rows = update.getReferenceProfile().getSampleSize();
            update.getReferenceProfile().getPerformance().forEach((k, v) -> metrics.put(k.toString(), v));
        }
        return new BundleFacts(update.getAction().name(), text(update.getPublishedBy()), update.getPublishedAt(),
                text(update.getSha256()), text(update.getSigningKeyId()), text(update.getDescription()), rows,
                update.getTrainingDataStart(), update.getTrainingDataEnd(), metrics);
    }

    private static String text(CharSequence value) {
        return value == null ? null : value.toString();
    }
}
