package io.driftline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.AlertStatus;
import io.driftline.AlertType;
import io.driftline.DriftReport;
import io.driftline.RetrainRequest;
import io.driftline.devkit.payments.DemoDrift;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The demo's drift story on a real broker, end to end through the alert and retrain stages: the demo's payments
 * (the cards the model was trained on, with profiles and window aggregates) with the demo's drift injected for three
 * windows open the amount's DATA_DRIFT alert, make exactly one retrain request, and resolve the alert once the drift
 * is removed; the same run without the drift opens no alert and requests nothing.
 *
 * <p>Synthetic event time, produced as fast as the broker takes it: seven ten-minute windows (about 2,000 payments
 * each) starting 90 minutes ago, so a run takes seconds. Cold start: the model reads ten-minute per-card aggregates,
 * which are not full until ten minutes of payments have passed; both runs start their data at a window boundary so
 * that the whole warm-up falls into window 0. That window may report the aggregates as drifted (it does: the
 * windows start empty), but one window is below the alert policy's two and the retrain policy's three, and the next
 * window is clean, so the warm-up opens nothing in either run and the drift run's alert and request come from the
 * injected drift alone.
 *
 * <p>Default thresholds, every metric on, Wasserstein included: with k = 400 sketches and its warn level at
 * 0.2 reference sd, stationary windows of the demo stay well below it on every feature (below 0.1 in
 * {@code StatsTopologyTest}, heavy-tailed amounts included), so "the stationary run opens nothing" holds as the
 * README says it, with nothing switched off.
 */
class DemoDriftIT {

    private static final int WINDOWS = DemoDriftStory.WINDOWS;

    @Test
    void shouldOpenTheAmountAlertAskForOneRetrainAndResolveWhenInjectedDriftIsRemoved() throws Exception {
        // Windows 0 (warm-up) and 1 clean; the demo's amount drift in 2, 3 and 4; clean again in 5 and 6.
        DemoDriftStory.Run run = DemoDriftStory.run(DemoDrift.Kind.AMOUNT, 2, 5, false);

        assertThat(run.alerts()).as(run.describe()).anySatisfy(a -> {
            assertThat(a.getType()).isEqualTo(AlertType.DATA_DRIFT);
            assertThat(a.getSubject()).isEqualTo("amount");
            assertThat(a.getStatus()).isEqualTo(AlertStatus.OPEN);
            assertThat(a.getWindowStart().toEpochMilli()).as("opened on the second drifted window")
                    .isEqualTo(run.window(3));
        });
        assertThat(run.alerts()).as(run.describe()).anySatisfy(a -> {
            assertThat(a.getSubject()).isEqualTo("amount");
            assertThat(a.getStatus()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(a.getWindowStart().toEpochMilli()).as("resolved on the second clean window")
                    .isEqualTo(run.window(6));
        });
        assertThat(run.retrains()).as(run.describe()).hasSize(1);
        RetrainRequest request = run.retrains().get(0);
        assertThat(request.getModel()).isEqualTo("fraud");
        assertThat(request.getModelVersion()).isEqualTo("1");
        assertThat(request.getDriftedFeatures()).extracting(f -> f.getFeature()).contains("amount");
        assertThat(request.getReasons()).anySatisfy(r -> assertThat(r).contains("DATA_DRIFT"));
        assertThat(request.getDataWindowStart().toEpochMilli()).isEqualTo(run.window(2));
        assertThat(request.getDataWindowEnd().toEpochMilli()).isEqualTo(run.window(5));
    }

    @Test
    void shouldOpenNoAlertAndAskForNoRetrainWithoutDrift() throws Exception {
        DemoDriftStory.Run run = DemoDriftStory.run(DemoDrift.Kind.AMOUNT, -1, -1, false);

        assertThat(run.reports()).as("every window closed and reported").hasSize(WINDOWS);
        assertThat(run.reports().stream().filter(r -> r.getWindowStart().toEpochMilli() >= run.window(1)))
                .as(run.describe()).noneMatch(DriftReport::getDrifted);
        assertThat(run.alerts()).as(run.describe()).isEmpty();
        assertThat(run.retrains()).as(run.describe()).isEmpty();
    }

    @Test
    void shouldSeeConceptDriftInTheLabelsWhileTheEventsStayTheSame() throws Exception {
        // The demo's concept drift from window 3: one in ten legitimate-looking payments is fraud; labels are the
        // payments' true outcomes, 30 s after each payment.
        DemoDriftStory.Run run = DemoDriftStory.run(DemoDrift.Kind.CONCEPT, 3, WINDOWS, true);

        List<DriftReport> labelled = run.reports().stream().filter(r -> r.getWindowStart().toEpochMilli() >= run.window(1))
                .toList();
        assertThat(labelled).as(run.describe()).allSatisfy(r -> {
            assertThat(r.getLabelled()).as("labels counted in window %s", r.getWindowStart()).isGreaterThan(1_000);
            assertThat(r.getPerformance()).extracting(m -> m.getMetric()).contains("accuracy", "log_loss", "auc");
        });
        assertThat(labelled.stream().filter(r -> r.getWindowStart().toEpochMilli() < run.window(3)))
                .as("before the change the model performs as on its held-out data" + run.describe())
                .allSatisfy(r -> assertThat(r.getPerformance()).noneMatch(m -> m.getDrifted()));
        assertThat(labelled.stream().filter(r -> r.getWindowStart().toEpochMilli() >= run.window(4)))
                .as("after it, performance has fallen" + run.describe())
                .allSatisfy(r -> assertThat(r.getPerformance()).anyMatch(m -> m.getDrifted()));
        assertThat(run.alerts()).as(run.describe()).anySatisfy(a -> {
            assertThat(a.getType()).isEqualTo(AlertType.CONCEPT_DRIFT);
            assertThat(a.getStatus()).isEqualTo(AlertStatus.OPEN);
            assertThat(a.getWindowStart().toEpochMilli()).as("signalled on labels after the change")
                    .isGreaterThanOrEqualTo(run.window(3));
        });
        assertThat(run.alerts()).as(run.describe()).anySatisfy(a -> {
            assertThat(a.getType()).isEqualTo(AlertType.PERFORMANCE);
            assertThat(a.getStatus()).isEqualTo(AlertStatus.OPEN);
        });
        assertThat(run.alerts()).as("the events did not change: no data drift" + run.describe())
                .noneMatch(a -> a.getType() == AlertType.DATA_DRIFT);
        assertThat(run.retrains()).as(run.describe()).singleElement().satisfies(r ->
                assertThat(r.getReasons()).anyMatch(reason -> reason.startsWith("PERFORMANCE fell")));
    }
}
