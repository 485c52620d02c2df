package io.driftline.topology.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.Alert;
import io.driftline.AlertStatus;
import io.driftline.AlertType;
import io.driftline.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/** The alerts topic's key contract, {@code model|type|subject}, pinned per kind of alert, byte for byte. */
class AlertKeyTest {

    @Test
    void shouldKeyEveryKindOfAlertAsTheTopicAlwaysHad() {
        assertThat(AlertKey.dataDrift("fraud", "amount")).hasToString("fraud|DATA_DRIFT|amount");
        assertThat(AlertKey.predictionDrift("fraud", "score")).hasToString("fraud|PREDICTION_DRIFT|score");
        assertThat(AlertKey.performance("fraud")).hasToString("fraud|PERFORMANCE|performance");
        assertThat(AlertKey.conceptDrift("fraud", "3")).hasToString("fraud|CONCEPT_DRIFT|3");
        assertThat(AlertKey.modelRejected("fraud", "4")).hasToString("fraud|MODEL_REJECTED|4");
        assertThat(AlertKey.modelRejected("model-updates-0", null)).as("a bundle that did not decode")
                .hasToString("model-updates-0|MODEL_REJECTED|null");
    }

    @Test
    void shouldWriteTheKeyAsTheUtf8OfItsStringOnTheTopic() {
        AlertKey key = AlertKey.dataDrift("größe", "montant_€");
        byte[] onTopic = Serdes.String().serializer().serialize("alerts", key.toString());
        assertThat(onTopic).isEqualTo("größe|DATA_DRIFT|montant_€".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldGiveEverySubjectItsKindAndNoPerformanceFeature() {
        assertThat(AlertKey.dataDrift("fraud", "amount").subject().kind()).isEqualTo(AlertSubject.Kind.DRIFT);
        assertThat(AlertKey.predictionDrift("fraud", "score").subject().kind()).isEqualTo(AlertSubject.Kind.DRIFT);
        assertThat(AlertKey.performance("fraud").subject().kind()).isEqualTo(AlertSubject.Kind.PERFORMANCE);
        assertThat(AlertKey.conceptDrift("fraud", "3").subject().kind()).isEqualTo(AlertSubject.Kind.CONCEPT);
        assertThat(AlertKey.modelRejected("fraud", "4").subject().kind()).isEqualTo(AlertSubject.Kind.MODEL);
        assertThatThrownBy(() -> new AlertKey("fraud", AlertType.PERFORMANCE, AlertSubject.drift("performance")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PERFORMANCE");
        assertThatThrownBy(() -> new AlertKey("fraud", AlertType.DATA_DRIFT, AlertSubject.performance()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldDeriveTheKeyOfAnAlertRecordFromItsModelTypeAndSubject() {
        for (AlertKey key : List.of(AlertKey.dataDrift("fraud", "amount"), AlertKey.predictionDrift("fraud", "score"),
                AlertKey.performance("fraud"), AlertKey.conceptDrift("fraud", "3"),
                AlertKey.modelRejected("fraud", "4"))) {
            Alert alert = Alert.newBuilder().setAlertId(key + "|0").setModel(key.model()).setModelVersion("1")
                    .setType(key.type()).setSeverity(Severity.WARNING).setStatus(AlertStatus.OPEN)
                    .setSubject(key.subject().name()).setMessage("m").setCreatedAt(Instant.EPOCH).build();
            assertThat(AlertKey.of(alert)).isEqualTo(key);
        }
    }

    @Test
    void shouldPrefixEveryKeyOfAModelAndType() {
        assertThat(AlertKey.modelRejected("fraud", "4").toString())
                .startsWith(AlertKey.prefix("fraud", AlertType.MODEL_REJECTED));
        assertThat(AlertKey.prefix("fraud", AlertType.MODEL_REJECTED)).isEqualTo("fraud|MODEL_REJECTED|");
    }
}
