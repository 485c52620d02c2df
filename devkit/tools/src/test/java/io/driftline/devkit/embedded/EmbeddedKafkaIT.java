package io.driftline.devkit.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts, uses, restarts and stops real brokers in child JVMs. */
class EmbeddedKafkaIT {

    private static final String TRANSACTIONAL_ID = "embedded-kafka-it";

    @TempDir
    Path dataDir;

    @Test
    void shouldRoundTripTransactionsAndKeepTopicsAndRecordsAcrossARestart() throws Exception {
        String topic = "embedded-it-" + UUID.randomUUID();
        EmbeddedKafka.Settings settings = EmbeddedKafka.Settings.defaults().withDataDir(dataDir).withPort(0)
                .withKeepData(true);

        long firstPid;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(settings)) {
            firstPid = kafka.pid();
            try (Admin admin = admin(kafka)) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer = transactionalProducer(kafka)) {
                producer.initTransactions();
                sendInTransaction(producer, topic, true, "a", "b", "c");
                sendInTransaction(producer, topic, false, "aborted");
                sendInTransaction(producer, topic, true, "d");
            }
            assertThat(readCommitted(kafka, topic, 4)).containsExactly("a", "b", "c", "d");
        }
        assertThat(isAlive(firstPid)).as("broker process after close").isFalse();
        assertThat(dataDir.resolve("logs/meta.properties")).exists();

        // A new free port each time: the listeners move, the data stays.
        try (EmbeddedKafka kafka = EmbeddedKafka.start(settings)) {
            try (Admin admin = admin(kafka)) {
                assertThat(admin.listTopics().names().get()).contains(topic);
            }
            try (KafkaProducer<String, String> producer = transactionalProducer(kafka)) {
                producer.initTransactions();
                sendInTransaction(producer, topic, true, "e");
            }
            assertThat(readCommitted(kafka, topic, 5)).containsExactly("a", "b", "c", "d", "e");
        }
    }

    @Test
    void shouldStopTheBrokerAndDeleteItsTemporaryDataOnClose() {
        EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Settings.defaults().withPort(0));
        Path tempDir = kafka.dataDir();
        assertThat(kafka.isRunning()).isTrue();
        assertThat(kafka.bootstrapServers()).matches("localhost:\\d+");

        kafka.close();
        kafka.close(); // idempotent

        assertThat(kafka.isRunning()).isFalse();
        assertThat(isAlive(kafka.pid())).isFalse();
        assertThat(tempDir).doesNotExist();
    }

    @Test
    void shouldStopTheBrokerWhenTheProcessThatStartedItIsKilled() throws Exception {
        Process owner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BrokerOwner.class.getName(), dataDir.toString())
                .redirectErrorStream(true).start();
        long brokerPid = -1;
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(owner.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("BROKER_PID ")) {
                    brokerPid = Long.parseLong(line.substring("BROKER_PID ".length()).trim());
                }
            }
        }
        assertThat(owner.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(owner.exitValue()).as("the owner died without shutting anything down").isEqualTo(137);
        assertThat(brokerPid).as("the owner started a broker").isPositive();

        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (isAlive(brokerPid) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(isAlive(brokerPid)).as("the broker of a killed owner stops by itself").isFalse();
        // And the next start on the same data directory needs nobody to clean up.
        try (EmbeddedKafka again = EmbeddedKafka.start(EmbeddedKafka.Settings.defaults().withDataDir(dataDir)
                .withPort(0).withKeepData(true))) {
            assertThat(again.isRunning()).isTrue();
        }
    }

    @Test
    void shouldWaitForTheBrokerThatLastUsedTheDataDirectoryToLetGoOfItInsteadOfFailingOnItsLock()
            throws Exception {
        EmbeddedKafka.Settings settings = EmbeddedKafka.Settings.defaults().withDataDir(dataDir).withPort(0)
                .withControllerPort(0).withKeepData(true);
        try (EmbeddedKafka first = EmbeddedKafka.start(settings)) {
            assertThat(first.isRunning()).isTrue();
        }
        // Another process holds the log directory's lock for 4 s, as a broker still stopping does.
        Process locker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LogDirLocker.class.getName(),
                dataDir.resolve("logs").resolve(".lock").toString(), "4000").redirectErrorStream(true).start();
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(locker.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).isEqualTo("LOCKED");
            long started = System.nanoTime();
            try (EmbeddedKafka again = EmbeddedKafka.start(settings)) {
                assertThat(again.isRunning()).isTrue();
                assertThat(locker.isAlive()).as("the lock was let go before the broker started").isFalse();
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofSeconds(2));
            }
        } finally {
            locker.destroyForcibly();
        }
    }

    @Test
    void shouldFailFastNamingThePortAndTheFlagWhenThePortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("localhost", 0));
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> EmbeddedKafka.start(EmbeddedKafka.Settings.defaults().withDataDir(dataDir)
                    .withPort(port)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Kafka port " + port + " on localhost is already in use")
                    .hasMessageContaining("--kafka-port");
        }
    }

    @Test
    void shouldReportTheBrokerLogWhenTheBrokerExitsWhileStarting() throws Exception {
        // Storage that claims to belong to another node: the broker refuses it and exits.
        Files.createDirectories(dataDir.resolve("logs"));
        Files.writeString(dataDir.resolve("logs/meta.properties"),
                "version=1\nnode.id=7\ncluster.id=" + Uuid.randomUuid() + "\n"
                        + "directory.id=" + Uuid.randomUuid() + "\n");

        assertThatThrownBy(() -> EmbeddedKafka.start(EmbeddedKafka.Settings.defaults().withDataDir(dataDir)
                .withPort(0).withKeepData(true).withStartTimeout(Duration.ofSeconds(30))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with code")
                .hasMessageContaining("Last lines of " + dataDir.resolve("broker.log"))
                .hasMessageContaining("Stored node id 7 doesn't match");
    }

    private static Admin admin(EmbeddedKafka kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static KafkaProducer<String, String> transactionalProducer(EmbeddedKafka kafka) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, TRANSACTIONAL_ID),
                new StringSerializer(), new StringSerializer());
    }

    private static void sendInTransaction(KafkaProducer<String, String> producer, String topic, boolean commit,
                                          String... values) throws Exception {
        producer.beginTransaction();
        for (String value : values) {
            producer.send(new ProducerRecord<>(topic, value, value)).get();
        }
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.abortTransaction();
        }
    }

    /** Reads until {@code expected} values arrived (or 30 s passed), as a read_committed consumer would. */
    private static List<String> readCommitted(EmbeddedKafka kafka, String topic, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "embedded-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    private static boolean isAlive(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        return handle.map(ProcessHandle::isAlive).orElse(false);
    }
}
