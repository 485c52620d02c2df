package io.driftline.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.driftline.topology.alert.AlertPolicy;
import io.driftline.topology.label.LabelSettings;
import io.driftline.topology.retrain.RetrainPolicy;
import io.driftline.topology.stats.StatsSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void shouldDefaultEveryStage() {
        DriftlineTopology.Settings settings = DriftlineTopology.Settings.defaults();
        assertThat(settings.parkedDrainInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.profileKeyField()).isNull();
        assertThat(settings.aggregates()).isEmpty();
        assertThat(settings.aggregateGrace()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.drift().enabled()).isTrue();
        assertThat(settings.alerts()).isEqualTo(AlertPolicy.defaults());
        assertThat(settings.retrain()).isEqualTo(RetrainPolicy.defaults());
        assertThat(settings.labels()).isEqualTo(LabelSettings.disabled());
        assertThat(settings.maxFutureSkew()).isEqualTo(DriftlineTopology.Settings.DEFAULT_MAX_FUTURE_SKEW);
    }

    @Test
    void shouldChangeOnlyWhatAWithMethodNames() {
        DriftlineTopology.Settings base = DriftlineTopology.Settings.defaults();
        AlertPolicy alerts = new AlertPolicy(4, 5);
        DriftlineTopology.Settings changed = base.withAlerts(alerts).withMaxFutureSkew(Duration.ZERO);
        assertThat(changed.alerts()).isEqualTo(alerts);
        assertThat(changed.maxFutureSkew()).isZero();
        assertThat(changed.retrain()).isEqualTo(base.retrain());
        assertThat(changed.toBuilder().build()).isEqualTo(changed);
        assertThat(base.alerts()).as("unchanged").isEqualTo(AlertPolicy.defaults());
    }

    @Test
    void shouldRejectANegativeSkewAndAMissingStage() {
        assertThatIllegalArgumentException().isThrownBy(() -> DriftlineTopology.Settings.defaults()
                .withMaxFutureSkew(Duration.ofMillis(-1))).withMessageContaining("max future skew");
        assertThatNullPointerException().isThrownBy(() -> new DriftlineTopology.Settings.Builder()
                .drift((StatsSettings) null).build()).withMessageContaining("drift");
    }
}
