package io.driftline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.driftline.ModelUpdate;
import io.driftline.app.publish.BundlePublisher;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.devkit.registry.DevSchemaRegistry;
import io.driftline.models.bundle.FetchPolicy;
import io.driftline.models.bundle.ModelBundle;
import io.driftline.schemas.registry.RestSchemaRegistryClient;
import io.driftline.schemas.serde.AvroSerdes;
import io.driftline.testing.SharedKafka;
import io.driftline.topology.score.BundleVerifier;
import io.driftline.topology.score.ModelEvent;
import io.driftline.topology.score.ModelRegistry;
import io.driftline.topology.score.ModelUpdateListener;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model-update listener on a real broker: started before its topic exists (a fresh cluster, a slow
 * provisioner), and fed hostile bundles.
 */
class ModelUpdateListenerIT {

    @Test
    void shouldRejectHostileBundlesAndApplyTheNextOneLiveAndOnReplay(@TempDir Path modelsDir) throws Exception {
        String topic = "hostile-model-updates-" + UUID.randomUUID();
        Map<String, Object> client = Map.of("bootstrap.servers", SharedKafka.bootstrapServers());
        try (Admin admin = Admin.create(client)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        FetchPolicy policy = FetchPolicy.of(modelsDir, List.of(), 64L * 1024 * 1024, Duration.ofSeconds(2), false);
        ModelBundle v1 = DemoModel.train("1", 1, 1_000);
        ModelBundle v2 = DemoModel.train("2", 2, 1_000);
        try (DevSchemaRegistry registry = DevSchemaRegistry.start("localhost", 0, null);
             var registryClient = RestSchemaRegistryClient.create(registry.url())) {
            Map<String, Object> serde = Map.of("schema.registry.url", registry.url());
            try (BundlePublisher publisher = new BundlePublisher(topic, new java.util.HashMap<>(client),
                    AvroSerdes.specific(ModelUpdate.class, registryClient, serde, false).serializer())) {
                publisher.publish(v1);
                publisher.publish(DemoModel.MODEL, external(v1, "devzero", "file:///dev/zero"));
                publisher.publish(DemoModel.MODEL, external(v1, "outside", "https://models.example.com/fraud.onnx"));
                publisher.publish(v2);
            }
            // Live, then as a restarted instance replays the topic: both must end with v2 serving, listener alive.
            for (String round : List.of("live", "replay")) {
                try (ModelRegistry models = new ModelRegistry(new BundleVerifier(1, Clock.systemUTC(), policy),
                        Clock.systemUTC());
                     ModelUpdateListener listener = new ModelUpdateListener(topic, new java.util.HashMap<>(client),
                             AvroSerdes.specific(ModelUpdate.class, registryClient, serde, false).deserializer(), models)) {
                    listener.start();

                    assertThat(listener.awaitCaughtUp(Duration.ofSeconds(60))).as(round).isTrue();
                    ServiceHarness.await(round + ": v2 serving", Duration.ofSeconds(30),
                            () -> "2".equals(models.currentVersion(DemoModel.MODEL)));
                    assertThat(models.history()).as(round).filteredOn(e -> e.kind() == ModelEvent.Kind.REJECTED)
                            .extracting(ModelEvent::version, ModelEvent::reason)
                            .containsExactlyInAnyOrder(tuple("devzero", "URI_NOT_ALLOWED"), tuple("outside", "URI_NOT_ALLOWED"));
                    assertThat(listener.health().alive()).as(round).isTrue();
                    assertThat(listener.health().lastFailure()).as(round).isNull();
                }
            }
        }
    }

    private static ModelUpdate external(ModelBundle bundle, String version, String uri) {
        ModelUpdate u = bundle.toUpdate();
        u.setVersion(version);
        u.setOnnx(null);
        u.setOnnxUri(uri);
        return u;
    }

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
