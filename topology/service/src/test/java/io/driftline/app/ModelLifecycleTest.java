package io.driftline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.ModelAuditEvent;
import io.driftline.ModelAuditType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelLifecycleTest {

    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    private static ModelAuditEvent entry(int i, String model, String version, ModelAuditType type, String reason) {
        return ModelAuditEvent.newBuilder().setEventId("model-updates/0/" + i).setModel(model).setVersion(version)
                .setType(type).setActor("actor-" + i).setDecidedAt(T0.plusSeconds(i)).setVerdict(type.name())
                .setReason(reason).setMessage("m").setInstance("1@h").build();
    }

    @Test
    void shouldFollowTheRegistrysRulesForChampionShadowRejectionAndRetirement() {
        List<ModelAuditEvent> trail = List.of(
                entry(0, "fraud", "1", ModelAuditType.DEPLOYED, null),
                entry(1, "churn", "7", ModelAuditType.DEPLOYED, null),
                entry(2, "fraud", "2", ModelAuditType.SHADOW_DEPLOYED, null),
                entry(3, "fraud", "3", ModelAuditType.REJECTED, "GOLDEN_MISMATCH"),
                entry(4, "fraud", "3", ModelAuditType.UNCHANGED, null),
                entry(5, "churn", null, ModelAuditType.RETIRED, null));

        List<ModelLifecycle.State> states = ModelLifecycle.replay(trail);

        assertThat(states).extracting(ModelLifecycle.State::model).containsExactly("fraud", "churn");
        ModelLifecycle.State fraud = states.get(0);
        assertThat(fraud.serving()).isEqualTo("1");
        assertThat(fraud.servingSince()).isEqualTo(T0);
        assertThat(fraud.servingActor()).isEqualTo("actor-0");
        assertThat(fraud.shadow()).isEqualTo("2");
        assertThat(fraud.lastRejected()).isEqualTo("3");
        assertThat(fraud.lastRejectedReason()).isEqualTo("GOLDEN_MISMATCH");
        assertThat(states.get(1).serving()).isNull();
        assertThat(states.get(1).retiredAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(ModelLifecycle.line(fraud)).contains("serving v1 since 2026-12-04T10:00:00Z (by actor-0)",
                "shadow v2", "last rejected v3 (GOLDEN_MISMATCH)");
        assertThat(ModelLifecycle.line(states.get(1))).contains("retired at");
    }

    @Test
    void shouldClearTheShadowWhenItsVersionBecomesTheChampion() {
        List<ModelLifecycle.State> states = ModelLifecycle.replay(List.of(
                entry(0, "fraud", "1", ModelAuditType.DEPLOYED, null),
                entry(1, "fraud", "2", ModelAuditType.SHADOW_DEPLOYED, null),
                entry(2, "fraud", "2", ModelAuditType.DEPLOYED, null)));

        assertThat(states.get(0).serving()).isEqualTo("2");
        assertThat(states.get(0).servingSince()).isEqualTo(T0.plusSeconds(2));
        assertThat(states.get(0).shadow()).isNull();
    }
}
