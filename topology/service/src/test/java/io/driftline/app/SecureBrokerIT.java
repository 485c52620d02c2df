package io.driftline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.ModelUpdate;
import io.driftline.Prediction;
import io.driftline.app.cli.DriftlineCli;
import io.driftline.app.publish.BundlePublisher;
import io.driftline.devkit.embedded.EmbeddedKafka;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.devkit.payments.Transactions;
import io.driftline.devkit.registry.DevSchemaRegistry;
import io.driftline.schemas.serde.AvroSerdes;
import io.driftline.testing.TestCertificates;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A KRaft broker whose clients must use SASL_SSL (TLS with a certificate made in the test, a SCRAM-SHA-256 user):
 * the service, given the security settings once, provisions its topics, loads a model, scores events and writes
 * its audit trail (Kafka Streams, the admin client, the model-update listener and the watchers all reach it); the
 * CLI reads the trail with {@code --client-config}; a wrong password fails start-up with Kafka's reason. The
 * registry is behind basic authentication over https (the same test certificate).
 */
class SecureBrokerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String USER = "driftline";
    private static final String SECRET = "scram-secret";
    private static final String REGISTRY_USER_INFO = "registry-user:registry-secret";

    @TempDir
    static Path dir;
    private static EmbeddedKafka kafka;
    private static EmbeddedKafka.SaslSsl sasl;
    private static DevSchemaRegistry registry;
    /** What a client of the https registry trusts: the test's certificate. */
    private static Map<String, Object> registryTrust;

    @BeforeAll
    static void startSecureBroker() throws Exception {
        TestCertificates.Stores stores = TestCertificates.make(dir);
        sasl = new EmbeddedKafka.SaslSsl(stores.keyStore(), stores.trustStore(), stores.password(), USER, SECRET);
        kafka = EmbeddedKafka.start(EmbeddedKafka.Settings.defaults().withPort(0).withSaslSsl(sasl));
        io.driftline.http.HttpTls tls = io.driftline.http.HttpTls.load(stores.keyStore(),
                stores.password().toCharArray(), "PKCS12", null, null);
        registry = DevSchemaRegistry.start("localhost", 0, null, REGISTRY_USER_INFO, tls.server());
        registryTrust = Map.of("schema.registry.ssl.truststore.location", stores.trustStore().toString(),
                "schema.registry.ssl.truststore.password", stores.password());
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private static Map<String, Object> serviceConfig(String prefix, String password) throws Exception {
        Map<String, Object> props = new HashMap<>(sasl.clientConfig(kafka.saslSslBootstrapServers(), password));
        props.put(DriftlineConfig.SCHEMA_REGISTRY_URL, registry.url());
        props.put("basic.auth.user.info", REGISTRY_USER_INFO);
        props.putAll(registryTrust);
        props.put(DriftlineConfig.APPLICATION_ID, prefix + "app");
        props.put(DriftlineConfig.TOPIC_PREFIX, prefix);
        props.put(DriftlineConfig.STATE_DIR, Files.createTempDirectory(dir, "state").toString());
        props.put(DriftlineConfig.HTTP_PORT, 0);
        props.put("commit.interval.ms", 100);
        return props;
    }

    @Test
    void shouldServeScoreAndAnswerTheCliOverSaslSsl() throws Exception {
        String prefix = "sec-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Map<String, Object> client = sasl.clientConfig(kafka.saslSslBootstrapServers(), SECRET);
        Map<String, Object> serde = new HashMap<>(registryTrust);
        serde.put("schema.registry.url", registry.url());
        serde.put("basic.auth.user.info", REGISTRY_USER_INFO);
        try (DriftlineService service = new DriftlineService(new DriftlineConfig(serviceConfig(prefix, SECRET)))
                .start()) {
            try (BundlePublisher publisher = new BundlePublisher(prefix + "model-updates", client,
                    AvroSerdes.specific(ModelUpdate.class, serde, false).serializer())) {
                publisher.publish("fraud", DemoModel.train("1", 11, 1_000).toUpdate());
            }
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!"1".equals(service.models().currentVersion("fraud")) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(service.models().currentVersion("fraud")).as("v1 loaded over SASL_SSL").isEqualTo("1");

            Set<String> sent = new HashSet<>();
            Transactions.Generator generator = Transactions.generator(5);
            try (KafkaProducer<String, GenericRecord> producer = new KafkaProducer<>(client, new StringSerializer(),
                    AvroSerdes.generic(serde, false).serializer())) {
                for (int i = 0; i < 50; i++) {
                    GenericRecord event = generator.next(System.currentTimeMillis());
                    sent.add(event.get("transactionId").toString());
                    producer.send(new ProducerRecord<>(prefix + "events", event.get("cardId").toString(), event));
                }
            }
            assertThat(predictedIds(prefix, client, serde, sent.size())).containsAll(sent);

            Path properties = dir.resolve(prefix + "client.properties");
            Files.writeString(properties, client.entrySet().stream().filter(e -> !e.getKey().equals("bootstrap.servers"))
                    .map(e -> e.getKey() + "=" + e.getValue().toString().replace("\\", "\\\\"))
                    .collect(Collectors.joining("\n")) + "\nbasic.auth.user.info=" + REGISTRY_USER_INFO + "\n"
                    + registryTrust.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining("\n")) + "\n");
            String history = "";
            deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!history.contains("DEPLOYED") && System.nanoTime() < deadline) {
                StringWriter out = new StringWriter();
                CommandLine cli = DriftlineCli.commandLine();
                cli.setOut(new PrintWriter(out, true));
                cli.execute("model", "history", "--model", "fraud", "--topic", prefix + "model-audit",
                        "--bootstrap-servers", kafka.saslSslBootstrapServers(), "--schema-registry-url",
                        registry.url(), "--client-config", properties.toString());
                history = out.toString();
                Thread.sleep(500);
            }
            assertThat(history).contains("DEPLOYED", "fraud v1");
        }
    }

    @Test
    void shouldRefuseTheRegistryWithoutItsCredentials() {
        try (io.driftline.schemas.registry.RestSchemaRegistryClient open =
                io.driftline.schemas.registry.RestSchemaRegistryClient.create(Map.of("schema.registry.url",
                        registry.url(), "schema.registry.retries", 0, "schema.registry.ssl.truststore.location",
                        registryTrust.get("schema.registry.ssl.truststore.location"),
                        "schema.registry.ssl.truststore.password",
                        registryTrust.get("schema.registry.ssl.truststore.password")))) {
            assertThatThrownBy(open::subjects).hasMessageContaining("401");
        }
    }

    @Test
    void shouldRefuseToStartWithWrongCredentialsSayingWhy() throws Exception {
        String prefix = "sec-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        DriftlineConfig wrong = new DriftlineConfig(serviceConfig(prefix, "not-the-secret"));

        assertThatThrownBy(() -> {
            try (DriftlineService service = new DriftlineService(wrong).start()) {
                service.models();
            }
        }).hasStackTraceContaining("Authentication failed");
    }

    private static Set<String> predictedIds(String prefix, Map<String, Object> client, Map<String, Object> serde,
                                            int expected) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, prefix + "reader");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Set<String> ids = new HashSet<>();
        try (KafkaConsumer<String, Prediction> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                AvroSerdes.specific(Prediction.class, serde, false).deserializer())) {
            consumer.subscribe(List.of(prefix + "predictions"));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (ids.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> ids.add(r.value().getEventId().toString()));
            }
        }
        return ids;
    }
}
