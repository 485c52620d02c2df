package io.driftline.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.topology.enrich.window.AggregateSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Every operator, store and internal topic has a name of ours: a generated name (KSTREAM-...-0000000042) shifts
 * when an operator is added, which renames changelogs and loses state on upgrade.
 */
class TopologyNamingTest {

    @Test
    void shouldNameEveryNodeAndStoreExplicitly() throws Exception {
        var settings = DriftlineTopology.Settings.defaults()
                .withAggregates(AggregateSpec.parseList("n=count(amount)@10m"), Duration.ofMinutes(1));
        try (TopologyFixture fx = new TopologyFixture(settings)) {
            String description = fx.topology.describe().toString();

            assertThat(description).doesNotContain("KSTREAM-", "KTABLE-", "KSTREAM_", "-STATE-STORE-", "GLOBALKTABLE-");
            assertThat(description).contains("ingest-decode", "enrich-profile-join", "enrich-window-aggregates",
                    "score-models", "predictions-sink", "score-dead-letter-sink",
                    "stores: [enrich-window-events, enrich-window-commit-hook, enrich-window-clock]", "stores: [score-awaiting-model, score-batch-commit-hook]", "stores: [enrich-profiles]");
        }
    }
}
