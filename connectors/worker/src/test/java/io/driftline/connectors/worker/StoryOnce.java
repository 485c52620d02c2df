package io.driftline.connectors.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.app.DemoDriftStory;
import io.driftline.devkit.payments.DemoDrift;
import io.driftline.devkit.registry.DevSchemaRegistry;
import io.driftline.testing.SharedKafka;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The demo's drift story told once per test JVM through the real service (the amount drifts in windows 2 to 4: its
 * alert opens, one retrain request, the alert resolves), on the shared broker and a registry kept running, for every
 * connector test to read: a worker started afterwards reads the topics from the beginning, as a new sink does.
 */
final class StoryOnce {

    private static DevSchemaRegistry registry;
    private static DemoDriftStory.Run story;

    private StoryOnce() {
    }

    static synchronized DemoDriftStory.Run story() throws Exception {
        if (story == null) {
            registry = DevSchemaRegistry.start("localhost", 0, null);
            story = DemoDriftStory.run(registry, DemoDrift.Kind.AMOUNT, 2, 5, false);
            assertThat(story.alerts()).as(story.describe()).isNotEmpty();
            assertThat(story.retrains()).as(story.describe()).hasSize(1);
        }
        return story;
    }

    static synchronized String registryUrl() throws Exception {
        story();
        return registry.url();
    }

    /** A worker of group {@code group} on the shared broker, with the plugin folders the build laid out. */
    static ConnectWorker.Settings worker(String group) throws Exception {
        List<Path> plugins = Arrays.stream(System.getProperty("driftline.connect.plugin.path",
                "../plugin/target/plugin,../jdbc-plugin/target/plugin").split(",")).map(Path::of).toList();
        return new ConnectWorker.Settings(SharedKafka.bootstrapServers(), registryUrl(), plugins, "localhost", 0,
                group, (short) 1, Map.of());
    }
}
