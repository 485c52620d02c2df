package io.driftline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.ModelUpdate;
import io.driftline.Prediction;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.models.bundle.ModelBundle;
import io.driftline.models.bundle.Sha256;
import io.driftline.topology.score.ModelEvent;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Hot swap under load, a rejected bundle, and restart with restore, on a real KRaft broker. */
class HotSwapIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    void shouldSwapModelsUnderLoadWithExactlyOnePredictionPerEventAndRejectACorruptBundle() throws Exception {
        ModelBundle v1 = DemoModel.train("1", 101, 2_000);
        ModelBundle v2 = DemoModel.train("2", 202, 2_000);
        try (ServiceHarness h = new ServiceHarness()) {
            DriftlineService service = h.start();
            h.publish("fraud", v1.toUpdate());
            ServiceHarness.await("v1 serving", TIMEOUT, () -> "1".equals(service.models().currentVersion("fraud")));

            List<String> before = h.produce(5_000);
            h.publish("fraud", v2.toUpdate());
            ServiceHarness.await("v2 serving", TIMEOUT, () -> "2".equals(service.models().currentVersion("fraud")));
            List<String> after = h.produce(5_000);

            List<Prediction> predictions = h.readPredictions(10_000, TIMEOUT);
            Map<String, Prediction> byId = predictions.stream()
                    .collect(Collectors.toMap(Prediction::getEventId, Function.identity(), (a, b) -> {
                        throw new AssertionError("two predictions for event " + a.getEventId());
                    }));
            assertThat(predictions).hasSize(10_000);
            Set<String> all = new HashSet<>(before);
            all.addAll(after);
            assertThat(byId.keySet()).isEqualTo(all);
            assertThat(before).allSatisfy(id -> assertThat(byId.get(id).getModelVersion()).isIn("1", "2"));
            assertThat(after).allSatisfy(id -> assertThat(byId.get(id).getModelVersion()).isEqualTo("2"));

            // A corrupt v3 (bytes that do not match their checksum) is rejected; v2 keeps serving.
            ModelUpdate v3 = DemoModel.train("3", 303, 1_000).toUpdate();
            v3.setSha256(Sha256.hex("tampered".getBytes()));
            h.publish("fraud", v3);
            ServiceHarness.await("v3 rejected", TIMEOUT, () -> service.models().history().stream()
                    .anyMatch(e -> e.kind() == ModelEvent.Kind.REJECTED && "3".equals(e.version())));
            assertThat(service.models().currentVersion("fraud")).isEqualTo("2");
            List<String> afterReject = h.produce(200);
            List<Prediction> latest = h.readPredictions(10_200, TIMEOUT);
            assertThat(latest).hasSize(10_200);
            Set<String> rejectIds = new HashSet<>(afterReject);
            assertThat(latest).filteredOn(p -> rejectIds.contains(p.getEventId()))
                    .hasSize(200).allSatisfy(p -> assertThat(p.getModelVersion()).isEqualTo("2"));

            // The rejection is a MODEL_REJECTED alert on the alerts topic until a later version deploys.
            ServiceHarness.await("MODEL_REJECTED alert for v3", TIMEOUT, () -> service.openAlerts().stream()
                    .anyMatch(a -> a.getType() == io.driftline.AlertType.MODEL_REJECTED && "3".equals(a.getModelVersion())
                            && a.getMessage().contains("CHECKSUM_MISMATCH") && a.getMessage().contains("v2 keeps serving")));
            h.publish("fraud", DemoModel.train("4", 404, 1_000).toUpdate());
            ServiceHarness.await("v4 serving and the alert resolved", TIMEOUT, () ->
                    "4".equals(service.models().currentVersion("fraud")) && service.openAlerts().isEmpty());
        }
    }

    @Test
    void shouldRestoreTheCurrentModelBeforeScoringAfterARestart() throws Exception {
        ModelBundle v1 = DemoModel.train("1", 111, 1_000);
        ModelBundle v2 = DemoModel.train("2", 222, 1_000);
        try (ServiceHarness h = new ServiceHarness()) {
            DriftlineService first = h.start();
            h.publish("fraud", v1.toUpdate());
            h.publish("fraud", v2.toUpdate());
            ServiceHarness.await("v2 serving", TIMEOUT, () -> "2".equals(first.models().currentVersion("fraud")));
            List<String> early = h.produce(500);
            assertThat(h.readPredictions(500, TIMEOUT)).hasSize(500);
            h.stop();

            List<String> whileDown = h.produce(500);
            DriftlineService second = h.start();
            assertThat(second.models().currentVersion("fraud")).as("restored before streams start").isEqualTo("2");

            List<Prediction> all = h.readPredictions(1_000, TIMEOUT);
            assertThat(all).hasSize(1_000);
            assertThat(all).extracting(Prediction::getEventId).doesNotHaveDuplicates()
                    .containsAll(early).containsAll(whileDown);
            assertThat(all).allSatisfy(p -> assertThat(p.getModelVersion()).isEqualTo("2"));
            assertThat(second.scoreMetrics().parked()).isZero();
        }
    }
}
