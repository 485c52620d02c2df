package io.driftline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.Alert;
import io.driftline.AlertType;
import io.driftline.ModelUpdate;
import io.driftline.Prediction;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.models.bundle.BundleSigner;
import io.driftline.models.bundle.SigningKeys;
import io.driftline.topology.score.ModelEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed bundles on a real KRaft broker, with the instance trusting one key: only what that key signed deploys. */
class SignedBundleIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path keys;

    @Test
    void shouldDeployOnlyTheSignedBundleAndRejectUnsignedTamperedAndWrongKeyBundlesWithTheirReasons() throws Exception {
        KeyPair release = SigningKeys.generate();
        Path trusted = Files.writeString(keys.resolve("release.pub.pem"), SigningKeys.publicPem(release.getPublic()));
        BundleSigner signer = BundleSigner.of(release);
        BundleSigner stranger = BundleSigner.of(SigningKeys.generate());

        ModelUpdate v1 = signer.sign(DemoModel.train("1", 101, 1_000).toUpdate());
        ModelUpdate v2 = DemoModel.train("2", 202, 1_000).toUpdate();
        ModelUpdate v3 = signer.sign(DemoModel.train("3", 303, 1_000).toUpdate());
        v3.setDescription("the same model, honest"); // changed after signing
        ModelUpdate v4 = stranger.sign(DemoModel.train("4", 404, 1_000).toUpdate());

        try (ServiceHarness h = new ServiceHarness()) {
            DriftlineService service = h.override(DriftlineConfig.MODELS_TRUSTED_KEYS, trusted.toString()).start();
            h.publish("fraud", v1);
            ServiceHarness.await("signed v1 serving", TIMEOUT, () -> "1".equals(service.models().currentVersion("fraud")));
            assertThat(service.models().history().get(0).message()).contains("signature by trusted key " + signer.keyId());

            assertRejected(h, service, v2, "UNSIGNED", "is unsigned");
            assertRejected(h, service, v3, "SIGNATURE_INVALID", "changed after signing");
            assertRejected(h, service, v4, "UNTRUSTED_KEY", stranger.keyId());

            // v1 still scores every event.
            Set<String> ids = new HashSet<>(h.produce(100));
            List<Prediction> predictions = h.readPredictions(100, TIMEOUT);
            assertThat(predictions).extracting(Prediction::getEventId).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(predictions).allSatisfy(p -> assertThat(p.getModelVersion()).isEqualTo("1"));
        }
    }

    private static void assertRejected(ServiceHarness h, DriftlineService service, ModelUpdate update, String reason,
                                       String messagePart) throws Exception {
        String version = update.getVersion();
        h.publish("fraud", update);
        ServiceHarness.await("v" + version + " rejected", TIMEOUT, () -> service.models().history().stream()
                .anyMatch(e -> e.kind() == ModelEvent.Kind.REJECTED && version.equals(e.version())));
        ModelEvent event = service.models().history().stream().filter(e -> version.equals(e.version())).findFirst()
                .orElseThrow();
        assertThat(event.reason()).isEqualTo(reason);
        assertThat(event.message()).contains(messagePart);
        assertThat(event.previousVersion()).isEqualTo("1");
        assertThat(service.models().currentVersion("fraud")).isEqualTo("1");
        ServiceHarness.await("MODEL_REJECTED alert for v" + version + " (" + reason + ")", TIMEOUT, () ->
                service.openAlerts().stream().anyMatch(a -> isRejection(a, version, reason)));
    }

    private static boolean isRejection(Alert alert, String version, String reason) {
        return alert.getType() == AlertType.MODEL_REJECTED && version.equals(alert.getModelVersion())
                && alert.getMessage().contains(reason) && alert.getMessage().contains("v1 keeps serving");
    }
}
