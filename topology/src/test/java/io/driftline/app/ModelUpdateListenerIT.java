package io.driftline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.ModelUpdate;
import io.driftline.app.publish.BundlePublisher;
import io.driftline.models.demo.DemoModel;
import io.driftline.schemas.registry.RestSchemaRegistryClient;
import io.driftline.schemas.registry.dev.DevSchemaRegistry;
import io.driftline.schemas.serde.AvroSerdes;
import io.driftline.testing.SharedKafka;
import io.driftline.topology.score.BundleVerifier;
import io.driftline.topology.score.ModelRegistry;
import io.driftline.topology.score.ModelUpdateListener;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** The model-update listener on a real broker, started before its topic exists (a fresh cluster, a slow provisioner). */
class ModelUpdateListenerIT {

    @Test
    void shouldWaitForTheTopicAndThenLoadWhatIsPublished() throws Exception {
        String topic = "late-model-updates-" + UUID.randomUUID();
        Map<String, Object> client = Map.of("bootstrap.servers", SharedKafka.bootstrapServers());
        try (DevSchemaRegistry registry = DevSchemaRegistry.start("localhost", 0, null);
             var registryClient = RestSchemaRegistryClient.create(registry.url());
             ModelRegistry models = new ModelRegistry(new BundleVerifier(1, Clock.systemUTC()), Clock.systemUTC())) {
            Map<String, Object> serde = Map.of("schema.registry.url", registry.url());
            ModelUpdateListener listener = new ModelUpdateListener(topic, new java.util.HashMap<>(client),
                    AvroSerdes.specific(ModelUpdate.class, registryClient, serde, false).deserializer(), models);
            try (listener) {
                listener.start();
                assertThat(listener.awaitCaughtUp(Duration.ofSeconds(2))).as("no topic yet").isFalse();

                try (Admin admin = Admin.create(client)) {
                    admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
                }
                try (BundlePublisher publisher = new BundlePublisher(topic, new java.util.HashMap<>(client),
                        AvroSerdes.specific(ModelUpdate.class, registryClient, serde, false).serializer())) {
                    publisher.publish(DemoModel.train("4", 4, 1_000));
                }

                assertThat(listener.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
                ServiceHarness.await("v4 serving", Duration.ofSeconds(30), () -> "4".equals(models.currentVersion(DemoModel.MODEL)));
            }
        }
    }
}
