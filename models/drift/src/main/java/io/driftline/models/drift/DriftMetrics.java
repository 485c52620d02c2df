package io.driftline.models.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The registry of drift metrics: an immutable, ordered list. {@link #standard()} holds the metrics Driftline runs;
 * adding a metric to Driftline is one class implementing {@link DriftMetric} and one line in {@link #STANDARD}.
 * {@link #with} makes a registry with one more (tests, experiments) without touching the standard one.
 *
 * <p>The order is the order of a feature's metrics in drift reports: only the metrics that apply to a feature's
 * kind appear, so chi_square before psi gives categorical features chi_square, psi and numeric features psi,
 * js_distance, ks, wasserstein, then missing_rate for both, as reports have always listed them.
 */
public record DriftMetrics(List<DriftMetric> all) {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]*");

    // The registration of every standard metric, one line each, in report order (see the class comment).
    private static final DriftMetrics STANDARD = new DriftMetrics(List.of(
            new ChiSquareMetric(),
            new PsiMetric(),
            new JsDistanceMetric(),
            new KsMetric(),
            new WassersteinMetric(),
            new MissingRateMetric()));

    /** Copies the list; checks that every id is well formed and unique. */
    public DriftMetrics {
        all = List.copyOf(all);
        List<String> seen = new ArrayList<>();
        for (DriftMetric metric : all) {
            String id = metric.id();
            if (id == null || !ID.matcher(id).matches()) {
                throw new IllegalArgumentException("metric id must match " + ID.pattern() + ": '" + id + "'");
            }
            if (seen.contains(id)) {
                throw new IllegalArgumentException("metric id registered twice: " + id);
            }
            if (metric.type() == null || metric.featureKinds() == null || metric.featureKinds().isEmpty()) {
                throw new IllegalArgumentException(id + ": type and at least one feature kind must be set");
            }
            seen.add(id);
        }
    }

    /** The metrics Driftline runs. */
    public static DriftMetrics standard() {
        return STANDARD;
    }

    /** This registry with one more metric, last in report order. */
    public DriftMetrics with(DriftMetric metric) {
        List<DriftMetric> more = new ArrayList<>(all);
        more.add(metric);
        return new DriftMetrics(more);
    }

    /** The ids, in order. */
    public List<String> ids() {
        return all.stream().map(DriftMetric::id).toList();
    }

    /** The metric of an id, if registered. */
    public Optional<DriftMetric> find(String id) {
        return all.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /** The metric of an id. */
    public DriftMetric get(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("unknown metric: " + id
                + " (registered: " + String.join(", ", ids()) + ")"));
    }
}
