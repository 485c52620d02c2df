package io.driftline.devkit.embedded;

import io.driftline.devkit.WorkDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker and controller) for the demo and for
 * integration tests.
 *
 * <p>The broker runs in a <em>child JVM</em> started from this JVM's own {@code java} and class path (the Kafka
 * jars are dependencies of this module). A separate process keeps the broker's threads, heap and logging apart
 * from the application's (Kafka's INFO chatter goes to {@code broker.log} in the data directory, not the
 * console), lets it be stopped the way a real broker is stopped (SIGTERM, controlled shutdown), and a JVM
 * shutdown hook stops it too, so Ctrl-C ends both. When this JVM dies without running its hooks (SIGKILL) the
 * broker stops by itself ({@link OwnedBroker}), and a start on the same data directory meanwhile waits for it to
 * let go of the directory.
 *
 * <p>On first use the data directory is formatted with Kafka's own {@code kafka.tools.StorageTool}
 * ({@code format --standalone}: a dynamic controller quorum of this one node). With
 * {@link Settings#keepData() keepData} the directory survives {@link #close()} and the next start reuses its
 * topics and records; {@code server.properties} is rewritten on every start, so the ports may change between
 * runs.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Settings.defaults().withPort(0))) {
 *     String bootstrap = kafka.bootstrapServers(); // "localhost:40123"
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    /** The host of both listeners; probes and port checks resolve it the same way the broker does. */
    private static final String HOST = "localhost";
    private static final String BROKER_LOG = "broker.log";
    private static final String SERVER_PROPERTIES = "server.properties";
    private static final String LOG4J_PROPERTIES = "log4j2-broker.properties";
    private static final String LOG_DIRS = "logs";
    private static final int LOG_TAIL_LINES = 40;
    private static final long STOP_GRACE_SECONDS = 20;
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    /** Where the broker's own log4j2 output goes: stdout, which is redirected into {@code broker.log}. */
    private static final String BROKER_LOG4J = String.join("\n",
            "# Written by Driftline's EmbeddedKafka on every start; stdout goes to " + BROKER_LOG + ".",
            "status = warn",
            "appender.out.type = Console",
            "appender.out.name = out",
            "appender.out.layout.type = PatternLayout",
            "appender.out.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = WARN",
            "rootLogger.appenderRef.out.ref = out",
            "# 'Kafka Server started', then WARN and above; EmbeddedKafka itself notes each start and stop.",
            "logger.server.name = kafka.server.KafkaRaftServer",
            "logger.server.level = INFO",
            "");

    private final Settings settings;
    private final Path dataDir;
    private final int port;
    private final int saslPort;
    private final Process process;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafka(Settings settings, Path dataDir, int port, int saslPort, Process process) {
        this.settings = settings;
        this.dataDir = dataDir;
        this.port = port;
        this.saslPort = saslPort;
        this.process = process;
        this.shutdownHook = settings.stopOnJvmExit() ? new Thread(this::close, "embedded-kafka-stop") : null;
        if (shutdownHook != null) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    /**
     * Formats the data directory if needed, starts the broker and waits until it answers an admin client.
     *
     * @throws IllegalStateException when a port is taken, or the broker fails, exits or is not ready within
     *                               {@link Settings#startTimeout()} (the message then ends with the tail of
     *                               {@code broker.log})
     * @throws UncheckedIOException  when the data directory cannot be written
     */
    public static EmbeddedKafka start(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        long startedAt = System.nanoTime();
        long deadline = startedAt + settings.startTimeout().toNanos();
        int[] ports = choosePorts(settings.port(), settings.controllerPort());
        int saslPort = settings.saslSsl() == null ? -1 : choosePorts(0, 0)[0];
        Path dataDir = settings.dataDir() != null ? settings.dataDir().toAbsolutePath() : createTempDir();
        Process process;
        try {
            Files.createDirectories(dataDir);
            Path serverProperties = writeServerProperties(dataDir, ports[0], ports[1], saslPort, settings.saslSsl());
            Files.writeString(dataDir.resolve(LOG4J_PROPERTIES), BROKER_LOG4J);
            appendToBrokerLog(dataDir, "==== EmbeddedKafka starting at " + Instant.now() + " on " + HOST + ":"
                    + ports[0] + " (controller " + ports[1] + ")");
            if (!Files.exists(dataDir.resolve(LOG_DIRS).resolve("meta.properties"))) {
                format(dataDir, serverProperties, deadline, settings.saslSsl());
            }
            awaitLogDirUnlocked(dataDir, deadline);
            process = launch(dataDir, OwnedBroker.class.getName(), serverProperties.toString());
        } catch (IOException e) {
            deleteUnlessKept(settings, dataDir);
            throw new UncheckedIOException("Cannot prepare the Kafka data directory " + dataDir, e);
        } catch (RuntimeException e) {
            deleteUnlessKept(settings, dataDir);
            throw e;
        }

        EmbeddedKafka kafka = new EmbeddedKafka(settings, dataDir, ports[0], saslPort, process);
        try {
            kafka.awaitReady(deadline);
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        log.info("Kafka broker ready at {} in {} ms (pid {}, data in {})", kafka.bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt), process.pid(), dataDir);
        return kafka;
    }

    /** The broker's PLAINTEXT address, {@code localhost:PORT}. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /**
     * The broker's SASL_SSL address, {@code localhost:PORT}, when started {@link Settings#withSaslSsl with one}.
     *
     * @throws IllegalStateException when it has none
     */
    public String saslSslBootstrapServers() {
        if (saslPort < 0) {
            throw new IllegalStateException("This broker has no SASL_SSL listener (Settings.withSaslSsl)");
        }
        return HOST + ":" + saslPort;
    }

    /** The directory holding {@code server.properties}, {@code broker.log} and the log directories. */
    public Path dataDir() {
        return dataDir;
    }

    /** The process id of the broker's JVM. */
    public long pid() {
        return process.pid();
    }

    /** Whether the broker's JVM is still alive. */
    public boolean isRunning() {
        return process.isAlive();
    }

    /**
     * Stops the broker (SIGTERM for a controlled shutdown, then a forced kill after 20 seconds) and, unless data
     * is kept, deletes the data directory. Idempotent; never throws.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (shutdownHook != null) {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            }
        } catch (IllegalStateException shuttingDown) {
            // Already in JVM shutdown: this very call may be the hook.
        }
        long stopping = System.nanoTime();
        try {
            stop(process);
            if (settings.keepData()) {
                appendToBrokerLog(dataDir, "==== EmbeddedKafka stopped at " + Instant.now() + ": "
                        + (process.isAlive() ? "still running" : "exit code " + process.exitValue()) + " after "
                        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping) + " ms");
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Could not stop the Kafka broker (pid {}) cleanly", process.pid(), e);
        }
        deleteUnlessKept(settings, dataDir);
    }

    private void awaitReady(long deadline) {
        // A quiet TCP probe first: an admin client would log a WARN for every refused connection.
        InetSocketAddress address = new InetSocketAddress(HOST, port);
        while (!accepts(address)) {
            checkStillStarting(deadline, null);
            pause();
        }
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-readiness",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(config)) {
            Exception last = null;
            while (true) {
                long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                int timeoutMs = (int) Math.max(1, Math.min(5_000, remainingMs));
                try {
                    // Only unfenced brokers are listed: once ours is, it can host partitions.
                    if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs)).nodes()
                            .get(timeoutMs, TimeUnit.MILLISECONDS).isEmpty()) {
                        admin.listTopics(new ListTopicsOptions().timeoutMs(timeoutMs)).names()
                                .get(timeoutMs, TimeUnit.MILLISECONDS);
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw failure("Interrupted while waiting for the Kafka broker to start", null);
                }
                checkStillStarting(deadline, last);
                pause();
            }
        }
    }

    private void checkStillStarting(long deadline, Exception lastError) {
        if (!process.isAlive()) {
            throw failure("The Kafka broker exited with code " + process.exitValue() + " while starting", null);
        }
        if (System.nanoTime() - deadline > 0) {
            throw failure("The Kafka broker at " + bootstrapServers() + " was not ready within "
                    + settings.startTimeout().toSeconds() + " s", lastError);
        }
    }

    private IllegalStateException failure(String message, Exception cause) {
        return new IllegalStateException(withLogTail(message, dataDir), cause);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Storage, configuration and the child JVM

    private static Path writeServerProperties(Path dataDir, int port, int controllerPort, int saslPort,
                                              SaslSsl saslSsl) throws IOException {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        // Dynamic quorum (formatted with --standalone): the voter's endpoint is taken from these listeners on
        // each start, so the controller port may change between runs.
        config.put("controller.quorum.bootstrap.servers", HOST + ":" + controllerPort);
        if (saslSsl == null) {
            config.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
            config.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
            config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        } else {
            // Clients on SASL_SSL (TLS with the test's certificate, SCRAM-SHA-256 users); the broker's own traffic
            // and the readiness probe stay on PLAINTEXT.
            config.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort
                    + ",SASL_SSL://" + HOST + ":" + saslPort);
            config.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port + ",SASL_SSL://" + HOST + ":"
                    + saslPort);
            config.put("listener.security.protocol.map",
                    "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL");
            config.put("sasl.enabled.mechanisms", "SCRAM-SHA-256");
            config.put("listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            config.put("listener.name.sasl_ssl.ssl.keystore.location", saslSsl.keyStore().toString());
            config.put("listener.name.sasl_ssl.ssl.keystore.password", saslSsl.storePassword());
            config.put("listener.name.sasl_ssl.ssl.key.password", saslSsl.storePassword());
            config.put("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
        }
        config.put("controller.listener.names", "CONTROLLER");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("log.dirs", dataDir.resolve(LOG_DIRS).toString());
        // One broker: internal topics cannot have more than one replica, and exactly-once needs the
        // transaction-state topic at min.isr 1.
        config.put("offsets.topic.replication.factor", "1");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        config.put("num.partitions", "1");
        config.put("auto.create.topics.enable", "false");

        StringBuilder text = new StringBuilder("# Written by Driftline's EmbeddedKafka on every start.\n");
        config.forEach((key, value) -> text.append(key).append('=').append(value.replace("\\", "\\\\")).append('\n'));
        Path file = dataDir.resolve(SERVER_PROPERTIES);
        Files.writeString(file, text);
        return file;
    }

    private static void format(Path dataDir, Path serverProperties, long deadline, SaslSsl saslSsl)
            throws IOException {
        String clusterId = Uuid.randomUuid().toString();
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("format", "--config",
                serverProperties.toString(), "--cluster-id", clusterId, "--standalone"));
        if (saslSsl != null) {
            // SCRAM credentials of a KRaft cluster are written into its metadata when the storage is formatted.
            args.add("--add-scram");
            args.add("SCRAM-SHA-256=[name=" + saslSsl.user() + ",password=" + saslSsl.password() + "]");
        }
        Process format = launch(dataDir, "kafka.tools.StorageTool", args.toArray(String[]::new));
        try {
            long remaining = Math.max(0, deadline - System.nanoTime());
            if (!format.waitFor(remaining, TimeUnit.NANOSECONDS)) {
                format.destroyForcibly();
                throw new IllegalStateException(withLogTail("Formatting Kafka storage in " + dataDir + " timed out",
                        dataDir));
            }
        } catch (InterruptedException e) {
            format.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while formatting Kafka storage in " + dataDir, e);
        }
        if (format.exitValue() != 0) {
            throw new IllegalStateException(withLogTail("Formatting Kafka storage in " + dataDir + " failed (exit "
                    + format.exitValue() + ")", dataDir));
        }
        log.debug("Formatted Kafka storage in {} (cluster id {})", dataDir, clusterId);
    }

    /**
     * Starts {@code mainClass} in a child JVM on this JVM's class path. Under {@code java -jar driftline.jar} the
     * class path is that one jar, and its manifest {@code Class-Path} brings the Kafka jars along.
     */
    private static Process launch(Path dataDir, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            // A session of its own: Ctrl-C in a terminal signals the whole foreground process group, and the
            // broker must not stop before the clients that its owner shuts down first. setsid execs (the child
            // of a JVM is no group leader), so the pid stays the broker's.
            command.add(SETSID.toString());
        }
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-XX:+ExitOnOutOfMemoryError",
                "-Djava.awt.headless=true",
                // Overrides any log4j2.xml on the shared class path (the application's own).
                "-Dlog4j2.configurationFile=" + dataDir.resolve(LOG4J_PROPERTIES),
                "-cp", System.getProperty("java.class.path"),
                mainClass));
        command.addAll(Arrays.asList(args));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve(BROKER_LOG).toFile()))
                .start();
        process.getOutputStream().close(); // nothing to say on its stdin
        return process;
    }

    private static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy(); // SIGTERM: Kafka's own shutdown hook does a controlled shutdown
        try {
            if (!process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                log.warn("Kafka broker (pid {}) still running {} s after SIGTERM; killing it", process.pid(),
                        STOP_GRACE_SECONDS);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until no other process holds the log directory's lock ({@code logs/.lock}, which Kafka takes with a
     * file lock at start and drops when its process ends). The broker that last used the directory may still be
     * stopping: the one of a demo killed a moment ago exits only once it has seen its owner gone and shut down
     * ({@link OwnedBroker}). A broker started meanwhile exits at once ("Failed to acquire lock on file .lock"),
     * and a second try a few seconds later works: so this start waits for it, up to the start timeout.
     */
    private static void awaitLogDirUnlocked(Path dataDir, long deadline) throws IOException {
        Path lockFile = dataDir.resolve(LOG_DIRS).resolve(".lock");
        boolean noted = false;
        while (Files.exists(lockFile)) {
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    lock.release();
                    return;
                }
            } catch (OverlappingFileLockException e) {
                // Only a broker's process holds it, and this JVM runs its brokers as children: not one of ours.
                throw new IllegalStateException("The Kafka data directory " + dataDir + " is locked by this process",
                        e);
            } catch (NoSuchFileException e) {
                return; // removed meanwhile: nobody holds it
            }
            if (!noted) {
                log.info("Waiting for the Kafka broker that last used {} to stop (it still holds {})", dataDir,
                        lockFile);
                noted = true;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("The Kafka data directory " + dataDir + " is in use by another Kafka"
                        + " process (it holds " + lockFile + "): stop that broker or demo, or use another data"
                        + " directory");
            }
            pause();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Ports, files and small helpers

    /** Checks requested ports are free and picks free ones for 0; both probes stay open so they differ. */
    private static int[] choosePorts(int port, int controllerPort) {
        try (ServerSocket first = bind(port, "Kafka port",
                "choose another with --kafka-port <port> (0 = any free port)");
             ServerSocket second = bind(controllerPort, "Kafka controller port",
                     "choose another with Settings.withControllerPort (0 = any free port)")) {
            return new int[] {first.getLocalPort(), second.getLocalPort()};
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close a port probe", e);
        }
    }

    private static ServerSocket bind(int port, String what, String hint) {
        try {
            ServerSocket socket = new ServerSocket();
            try {
                socket.bind(new InetSocketAddress(HOST, port));
                return socket;
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        } catch (IOException e) {
            throw new IllegalStateException(what + " " + port + " on " + HOST + " is already in use (another Kafka "
                    + "broker or demo still running?): " + hint, e);
        }
    }

    private static boolean accepts(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the Kafka broker to start", e);
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("driftline-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory for Kafka", e);
        }
    }

    private static void appendToBrokerLog(Path dataDir, String line) throws IOException {
        Files.writeString(dataDir.resolve(BROKER_LOG), line + System.lineSeparator(), StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** {@code message}, then the last lines of {@code broker.log} (read from its end: it grows across runs). */
    private static String withLogTail(String message, Path dataDir) {
        Path file = dataDir.resolve(BROKER_LOG);
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            long from = Math.max(0, channel.size() - 64 * 1024);
            ByteBuffer buffer = ByteBuffer.allocate((int) (channel.size() - from));
            channel.position(from);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // keep reading
            }
            List<String> lines = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).lines()
                    .toList();
            List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
            return message + ". Last lines of " + file + ":" + System.lineSeparator()
                    + String.join(System.lineSeparator(), tail);
        } catch (IOException e) {
            return message + " (" + file + " unreadable: " + e.getMessage() + ")";
        }
    }

    private static void deleteUnlessKept(Settings settings, Path dataDir) {
        if (settings.keepData() || !Files.exists(dataDir)) {
            return;
        }
        if (!WorkDirs.delete(dataDir)) {
            log.warn("Could not delete all of the Kafka data directory {}", dataDir);
        }
    }

    /**
     * How to start the broker: an immutable value with {@code with*} copies.
     *
     * @param dataDir        where {@code server.properties}, {@code broker.log} and the log directories live;
     *                       null for a fresh temporary directory
     * @param port           the PLAINTEXT port clients use; 0 picks a free one
     * @param controllerPort the KRaft controller port; 0 picks a free one
     * @param keepData       whether {@link #close()} leaves the data directory in place for the next start;
     *                       false deletes the whole directory, whatever else it holds
     * @param startTimeout   how long {@link #start(Settings)} waits for formatting and readiness together
     */
    public record Settings(Path dataDir, int port, int controllerPort, boolean keepData, Duration startTimeout,
                           boolean stopOnJvmExit, SaslSsl saslSsl) {

        /** Validates ports (0 to 65535, distinct unless 0) and a positive start timeout. */
        public Settings {
            checkPort("port", port);
            checkPort("controllerPort", controllerPort);
            if (port != 0 && port == controllerPort) {
                throw new IllegalArgumentException("port and controllerPort must differ: " + port);
            }
            Objects.requireNonNull(startTimeout, "startTimeout");
            if (startTimeout.isNegative() || startTimeout.isZero()) {
                throw new IllegalArgumentException("startTimeout must be > 0: " + startTimeout);
            }
        }

        /** A temporary directory deleted on close, port 9092, a free controller port, 60 s to start. */
        public static Settings defaults() {
            return new Settings(null, 9092, 0, false, Duration.ofSeconds(60), true, null);
        }

        /** The same settings with another data directory (null: a fresh temporary one). */
        public Settings withDataDir(Path dataDir) {
            return new Settings(dataDir, port, controllerPort, keepData, startTimeout, stopOnJvmExit, saslSsl);
        }

        /** The same settings with another PLAINTEXT port (0: any free port). */
        public Settings withPort(int port) {
            return new Settings(dataDir, port, controllerPort, keepData, startTimeout, stopOnJvmExit, saslSsl);
        }

        /** The same settings with another controller port (0: any free port). */
        public Settings withControllerPort(int controllerPort) {
            return new Settings(dataDir, port, controllerPort, keepData, startTimeout, stopOnJvmExit, saslSsl);
        }

        /** The same settings with data kept on close, or deleted (the whole data directory). */
        public Settings withKeepData(boolean keepData) {
            return new Settings(dataDir, port, controllerPort, keepData, startTimeout, stopOnJvmExit, saslSsl);
        }

        /**
         * The same settings with or without a JVM shutdown hook that stops the broker. An owner that stops its
         * own clients first on exit (the demo) turns it off and closes the broker last itself, so that nothing
         * loses its broker while it is still shutting down.
         */
        public Settings withStopOnJvmExit(boolean stopOnJvmExit) {
            return new Settings(dataDir, port, controllerPort, keepData, startTimeout, stopOnJvmExit, saslSsl);
        }

        /** The same settings with another limit on formatting plus readiness. */
        public Settings withStartTimeout(Duration startTimeout) {
            return new Settings(dataDir, port, controllerPort, keepData, startTimeout, stopOnJvmExit, saslSsl);
        }

        /** The same settings with a SASL_SSL listener for clients beside PLAINTEXT (null: none). */
        public Settings withSaslSsl(SaslSsl saslSsl) {
            return new Settings(dataDir, port, controllerPort, keepData, startTimeout, stopOnJvmExit, saslSsl);
        }

        private static void checkPort(String name, int value) {
            if (value < 0 || value > 65_535) {
                throw new IllegalArgumentException(name + " must be >= 0 and <= 65535: " + value);
            }
        }
    }

    /**
     * A SASL_SSL client listener: the broker's key store (PKCS12, its certificate for localhost), the trust store
     * clients use, their password, and one SCRAM-SHA-256 user.
     */
    public record SaslSsl(Path keyStore, Path trustStore, String storePassword, String user, String password) {

        /** What a client sets to reach the listener as {@code user} with {@code password}. */
        public Map<String, Object> clientConfig(String bootstrapServers, String password) {
            return Map.of("bootstrap.servers", bootstrapServers,
                    "security.protocol", "SASL_SSL",
                    "sasl.mechanism", "SCRAM-SHA-256",
                    "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                            + user + "\" password=\"" + password + "\";",
                    "ssl.truststore.location", trustStore.toString(),
                    "ssl.truststore.password", storePassword,
                    "ssl.truststore.type", "PKCS12");
        }
    }
}
