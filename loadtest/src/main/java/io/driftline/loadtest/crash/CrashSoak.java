package io.driftline.loadtest.crash;

import io.driftline.DriftReport;
import io.driftline.ModelUpdate;
import io.driftline.Prediction;
import io.driftline.app.publish.BundlePublisher;
import io.driftline.devkit.embedded.EmbeddedKafka;
import io.driftline.devkit.payments.CardPopulation;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.devkit.payments.Transactions;
import io.driftline.devkit.registry.DevSchemaRegistry;
import io.driftline.schemas.registry.RestSchemaRegistryClient;
import io.driftline.schemas.registry.SchemaRegistryClient;
import io.driftline.schemas.serde.AvroSerdes;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The restart soak: the service in a child JVM ({@code driftline run -c file}, exactly-once) on a real broker,
 * events produced at a steady rate with three kinds of bad record mixed in, while the service is killed with
 * {@code kill -9} at chosen moments (during start-up, with a transaction open, at random) and started again on the
 * same state directory each time, then stopped with SIGTERM and started again; optionally the broker is stopped
 * for a while and started again mid-stream. At the end every event must have exactly one committed prediction,
 * every bad record must be in the dead-letter topic exactly once, and every drift report's count must equal the
 * events whose time falls in its window, each window reported once.
 */
public final class CrashSoak {

    /** How one run of the service ends. */
    enum Stop {
        /** kill -9 before the service says it started. */
        KILL_DURING_STARTUP,
        /** kill -9 while a transaction of the service is open on the predictions topic. */
        KILL_MID_TRANSACTION,
        /** kill -9 at a random moment while it runs. */
        KILL_RANDOM,
        /** SIGTERM while it runs. */
        SIGTERM
    }

    /**
     * @param kills          kill -9s (the first during start-up, the second mid-transaction, then by turns)
     * @param sigterms       SIGTERM restarts after the kills
     * @param events         good events to produce
     * @param rate           events per second
     * @param brokerBounce   how long the broker is stopped mid-stream (zero: not at all)
     * @param serviceJar     the service jar ({@code topology/service/target/driftline.jar})
     * @param workDir        where the broker, registry, state and logs go
     * @param seed           of the event generator and the kill timing
     */
    public record Settings(int kills, int sigterms, int events, int rate, Duration brokerBounce, Path serviceJar,
                           Path workDir, long seed) {
        public Settings {
            Objects.requireNonNull(serviceJar, "serviceJar");
            Objects.requireNonNull(workDir, "workDir");
            if (kills < 0 || sigterms < 0 || events < 1 || rate < 1) {
                throw new IllegalArgumentException("kills and sigterms must be >= 0, events and rate >= 1");
            }
        }
    }

    /**
     * What the soak found.
     *
     * @param restartsMs   per start, the service's own start-up time (-1 for a start killed before it said)
     * @param windowErrors per window that was miscounted, missing or reported more than once, what was wrong
     */
    public record Result(int kills, int sigterms, int goodEvents, int lost, int duplicated, int badRecords,
                         int deadLettered, int deadLetterDuplicates, int windowsExpected, int windowsReported,
                         List<String> windowErrors, List<Long> restartsMs, List<Stop> stops,
                         List<Long> restoredAfterSigterm) {

        /** True when nothing was lost, duplicated or miscounted. */
        public boolean clean() {
            return lost == 0 && duplicated == 0 && deadLettered == badRecords && deadLetterDuplicates == 0
                    && windowErrors.isEmpty();
        }

        /** The result as a table. */
        public void print(PrintStream out) {
            out.println("Restart soak: " + stops.size() + " runs of the service (" + kills + " kill -9, " + sigterms
                    + " SIGTERM, then a final start)");
            out.printf("  %-34s %,d%n", "good events produced", goodEvents);
            out.printf("  %-34s %,d%n", "lost (no committed prediction)", lost);
            out.printf("  %-34s %,d%n", "duplicated predictions", duplicated);
            out.printf("  %-34s %,d sent, %,d in the DLQ, %,d twice%n", "bad records", badRecords, deadLettered,
                    deadLetterDuplicates);
            out.printf("  %-34s %,d expected, %,d reported, %,d wrong%n", "drift windows", windowsExpected,
                    windowsReported, windowErrors.size());
            windowErrors.stream().limit(10).forEach(e -> out.println("    " + e));
            List<Long> known = restartsMs.stream().filter(ms -> ms >= 0).sorted().toList();
            if (!known.isEmpty()) {
                out.printf("  %-34s min %,d ms, median %,d ms, max %,d ms (%d starts)%n", "start-up (service's own)",
                        known.get(0), known.get(known.size() / 2), known.get(known.size() - 1), known.size());
            }
            out.println("  stops: " + stops);
            out.println("  state records restored by the start after each SIGTERM: " + restoredAfterSigterm);
            out.println(clean() ? "  CLEAN: nothing lost, duplicated or miscounted" : "  NOT CLEAN");
        }
    }

    private static final String PREFIX = "soak-";
    private static final long WINDOW_MS = 5_000;
    private static final long GRACE_MS = 1_000;
    /**
     * How long a caught-up partition with no events waits before its windows close on wall-clock time. After a
     * broker bounce the soak's own producer delivers what it buffered some seconds after the service can fetch
     * again (3 s on a busy CI machine: a window closed 2 s after the broker came back missed a batch of 12); those
     * events are late by the service's rules, so the soak gives producers 10 s, a third of the default.
     */
    private static final long IDLE_CLOSE_MS = 10_000;
    private static final int BAD_EVERY = 97;

    private final Settings settings;
    private final PrintStream progress;

    public CrashSoak(Settings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** Runs the soak on a broker and registry of its own. */
    public Result run() throws Exception {
        Path work = settings.workDir().toAbsolutePath();
        Files.createDirectories(work);
        int[] ports = freePorts();
        EmbeddedKafka.Settings brokerSettings = EmbeddedKafka.Settings.defaults().withDataDir(work.resolve("kafka"))
                .withPort(ports[0]).withControllerPort(ports[1]).withKeepData(true);
        AtomicReference<EmbeddedKafka> broker = new AtomicReference<>(EmbeddedKafka.start(brokerSettings));
        try (DevSchemaRegistry registry = DevSchemaRegistry.start("localhost", 0, null)) {
            return run(broker, brokerSettings, registry.url(), work);
        } finally {
            broker.get().close();
        }
    }

    private Result run(AtomicReference<EmbeddedKafka> broker, EmbeddedKafka.Settings brokerSettings, String registryUrl,
                       Path work) throws Exception {
        String bootstrap = broker.get().bootstrapServers();
        Path config = writeConfig(work, bootstrap, registryUrl);
        Path log = work.resolve("service.log");
        SchemaRegistryClient registryClient = RestSchemaRegistryClient.create(registryUrl);
        Map<String, Object> serdeConfig = Map.of("schema.registry.url", registryUrl);
        Topics topics = new Topics(PREFIX);
        // Topics as the service would create them; the model is published first, so it serves before any event.
        io.driftline.app.TopicProvisioner.ensure(Map.of("bootstrap.servers", bootstrap),
                io.driftline.topology.topics.TopicNames.withPrefix(PREFIX), 4, (short) 1);
        try (BundlePublisher publisher = new BundlePublisher(topics.modelUpdates, Map.of("bootstrap.servers", bootstrap),
                AvroSerdes.specific(ModelUpdate.class, registryClient, serdeConfig, false).serializer())) {
            publisher.publish(DemoModel.MODEL, DemoModel.train("1", settings.seed(), 2_000).toUpdate());
        }
        SplittableRandom random = new SplittableRandom(settings.seed());
        List<Long> restarts = new ArrayList<>();
        List<Stop> stops = new ArrayList<>();
        List<Long> restoredAfterSigterm = new ArrayList<>();
        Producer producer = new Producer(bootstrap, registryClient, serdeConfig, topics);
        producer.publishProfiles(); // a global store with data: what an unclean stop leaves untrusted (KAFKA-21034)
        Thread producing = null;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            int runs = settings.kills() + settings.sigterms();
            boolean bounced = settings.brokerBounce().isZero();
            for (int i = 0; i < runs; i++) {
                Stop stop = i < settings.kills() ? killKind(i) : Stop.SIGTERM;
                ServiceProcess service = ServiceProcess.launch(settings.serviceJar(), config, log);
                boolean afterSigterm = !stops.isEmpty() && stops.get(stops.size() - 1) == Stop.SIGTERM;
                if (producing == null) {
                    producing = producer.start(settings.events(), settings.rate()); // events wait in the topic
                }
                if (!bounced && i == runs / 2) {
                    bounceBroker(broker, brokerSettings, service);
                    bounced = true;
                }
                end(service, stop, random, admin, topics);
                if (afterSigterm) {
                    restoredAfterSigterm.add(service.restoredRecords());
                }
                restarts.add(service.startedInMs());
                stops.add(stop);
                progress.printf("[soak] run %d/%d ended by %s after %.1f s; %,d events produced so far%n", i + 1,
                        runs, stop, service.ageSeconds(), producer.good.size());
            }
            ServiceProcess last = ServiceProcess.launch(settings.serviceJar(), config, log);
            if (producing == null) {
                producing = producer.start(settings.events(), settings.rate());
            }
            producing.join();
            if (producer.failure.get() != null) {
                throw new IllegalStateException("Producing failed", producer.failure.get());
            }
            progress.printf("[soak] all %,d events and %,d bad records produced; waiting for the service to finish%n",
                    producer.good.size(), producer.bad.size());
            Verdict verdict = new Verdict(bootstrap, registryClient, serdeConfig, topics, producer);
            verdict.await(Duration.ofSeconds(180), WINDOW_MS);
            if (!stops.isEmpty() && stops.get(stops.size() - 1) == Stop.SIGTERM) {
                last.awaitStarted(Duration.ofSeconds(30));
                restoredAfterSigterm.add(last.restoredRecords());
            }
            restarts.add(last.startedInMs());
            stops.add(Stop.SIGTERM);
            last.terminate(Duration.ofSeconds(60));
            return verdict.result(settings.kills(), settings.sigterms(), restarts, stops, restoredAfterSigterm, WINDOW_MS);
        } finally {
            producer.close();
            registryClient.close();
        }
    }

    private Stop killKind(int i) {
        return switch (i % 3) {
            case 0 -> Stop.KILL_DURING_STARTUP;
            case 1 -> Stop.KILL_MID_TRANSACTION;
            default -> Stop.KILL_RANDOM;
        };
    }

    /** Ends one run of the service the way {@code stop} says. */
    private void end(ServiceProcess service, Stop stop, SplittableRandom random, Admin admin, Topics topics)
            throws Exception {
        if (stop == Stop.KILL_DURING_STARTUP) {
            // Start-up takes seconds (JVM, model load, restore): a kill within the first two is inside it.
            Thread.sleep(300 + random.nextInt(1_700));
            if (service.startedInMs() >= 0) {
                progress.println("[soak] note: the service had started already when killed");
            }
            service.kill();
            return;
        }
        if (!service.awaitStarted(Duration.ofSeconds(120))) {
            throw new IllegalStateException("The service did not start within 120 s:\n" + tail(service.output()));
        }
        Thread.sleep(1_000 + random.nextInt(3_000));
        switch (stop) {
            case KILL_MID_TRANSACTION -> {
                awaitOpenTransaction(admin, topics, Duration.ofSeconds(20));
                service.kill();
            }
            case KILL_RANDOM -> service.kill();
            case SIGTERM -> {
                int exit = service.terminate(Duration.ofSeconds(60));
                if (!service.output().contains("Kafka Streams closed cleanly")) {
                    throw new IllegalStateException("SIGTERM did not close Kafka Streams cleanly (exit " + exit + "):\n"
                            + tail(service.output()));
                }
            }
            default -> throw new IllegalArgumentException(stop.toString());
        }
    }

    /**
     * Waits until a transaction of the service is open: the predictions topic's end offset as a read_uncommitted
     * reader sees it is past the last stable offset a read_committed reader sees.
     */
    private static void awaitOpenTransaction(Admin admin, Topics topics, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<TopicPartition> partitions = admin.describeTopics(List.of(topics.predictions)).allTopicNames().get()
                .get(topics.predictions).partitions().stream()
                .map(p -> new TopicPartition(topics.predictions, p.partition())).toList();
        while (System.nanoTime() < deadline) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            var committed = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
            var uncommitted = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all()
                    .get();
            for (TopicPartition p : partitions) {
                if (uncommitted.get(p).offset() > committed.get(p).offset()) {
                    return;
                }
            }
        }
        throw new IllegalStateException("No open transaction seen on " + topics.predictions + " within " + timeout);
    }

    /** Stops the broker for the bounce time while the service runs, then starts it again on the same data. */
    private void bounceBroker(AtomicReference<EmbeddedKafka> broker, EmbeddedKafka.Settings brokerSettings,
                              ServiceProcess service) throws InterruptedException {
        if (!service.awaitStarted(Duration.ofSeconds(120))) {
            throw new IllegalStateException("The service did not start:\n" + tail(service.output()));
        }
        Thread.sleep(2_000);
        progress.printf("[soak] stopping the broker for %d s%n", settings.brokerBounce().toSeconds());
        broker.get().close();
        Thread.sleep(settings.brokerBounce().toMillis());
        broker.set(EmbeddedKafka.start(brokerSettings));
        progress.println("[soak] broker started again");
    }

    private Path writeConfig(Path work, String bootstrap, String registryUrl) throws IOException {
        String text = String.join("\n",
                "# Written by the restart soak: the demo's service settings, windows short enough to see many close.",
                "bootstrap.servers=" + bootstrap,
                "schema.registry.url=" + registryUrl,
                "application.id=" + PREFIX + "app",
                "topic.prefix=" + PREFIX,
                "topics.partitions=4",
                "state.dir=" + work.resolve("state"),
                "processing.guarantee=exactly_once_v2",
                "commit.interval.ms=100",
                "http.port=-1",
                "enrich.aggregates=" + DemoModel.AGGREGATES,
                "drift.window.size.ms=" + WINDOW_MS,
                "drift.window.grace.ms=" + GRACE_MS,
                "drift.window.idle.close.ms=" + IDLE_CLOSE_MS,
                "");
        Path file = work.resolve("service.properties");
        Files.writeString(file, text);
        return file;
    }

    private static int[] freePorts() throws IOException {
        try (var a = new java.net.ServerSocket(0); var b = new java.net.ServerSocket(0)) {
            return new int[] {a.getLocalPort(), b.getLocalPort()};
        }
    }

    static String tail(String output) {
        String[] lines = output.split("\n");
        return String.join("\n", Arrays.copyOfRange(lines, Math.max(0, lines.length - 40), lines.length));
    }

    /** The soak's topic names. */
    static final class Topics {
        final String events;
        final String predictions;
        final String dlq;
        final String driftReports;
        final String modelUpdates;
        final String entityProfiles;

        Topics(String prefix) {
            events = prefix + "events";
            predictions = prefix + "predictions";
            dlq = prefix + "events-dlq";
            driftReports = prefix + "drift-reports";
            modelUpdates = prefix + "model-updates";
            entityProfiles = prefix + "entity-profiles";
        }
    }

    /**
     * Demo payments at a steady rate, timestamped when sent, and every {@value #BAD_EVERY}th record a bad one of
     * three kinds by turns (JSON instead of Avro, an unknown schema id, a truncated frame), keyed {@code bad-N}.
     * Sends are retried by the producer itself through a broker bounce (idempotent, unbounded delivery time).
     */
    static final class Producer implements AutoCloseable {
        final Map<String, Long> good = new ConcurrentHashMap<>();
        /** Per good event, the wall-clock time its send was acknowledged (the broker had it from then on). */
        final Map<String, Long> acked = new ConcurrentHashMap<>();
        private final CardPopulation cards = CardPopulation.generate(17, Transactions.DEFAULT_CARDS);
        final Map<String, String> bad = new ConcurrentHashMap<>();
        final AtomicReference<Exception> failure = new AtomicReference<>();
        private final KafkaProducer<String, GenericRecord> events;
        private final KafkaProducer<String, byte[]> raw;
        private final Serializer<GenericRecord> serializer;
        private final Topics topics;
        private final AtomicBoolean closed = new AtomicBoolean();

        Producer(String bootstrap, SchemaRegistryClient registry, Map<String, Object> serdeConfig, Topics topics) {
            Map<String, Object> config = new HashMap<>();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 300_000);
            this.serializer = AvroSerdes.generic(registry, serdeConfig, false).serializer();
            this.events = new KafkaProducer<>(config, new StringSerializer(), serializer);
            this.raw = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
            this.topics = topics;
        }

        Thread start(int n, int rate) {
            Thread t = new Thread(() -> produce(n, rate), "soak-producer");
            t.setDaemon(true);
            t.start();
            return t;
        }

        private void produce(int n, int rate) {
            Transactions.Generator generator = Transactions.generator(cards, 17, System.currentTimeMillis());
            long startNanos = System.nanoTime();
            try {
                for (int i = 0; i < n && !closed.get(); i++) {
                    long due = startNanos + (long) (i * 1e9 / rate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    long now = System.currentTimeMillis();
                    GenericRecord event = generator.next(now);
                    String id = event.get("transactionId").toString();
                    events.send(new ProducerRecord<>(topics.events, null, now, event.get("cardId").toString(), event),
                            (md, e) -> {
                                if (e != null) {
                                    failure.compareAndSet(null, e);
                                } else {
                                    acked.put(id, System.currentTimeMillis());
                                }
                            });
                    good.put(id, now);
                    if (i % BAD_EVERY == BAD_EVERY - 1) {
                        sendBad(bad.size(), event);
                    }
                }
                events.flush();
                raw.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        }

        /** Each card's profile to the profiles topic (the global store's topic), keyed by card. */
        void publishProfiles() {
            for (int i = 0; i < cards.size(); i++) {
                events.send(new ProducerRecord<>(topics.entityProfiles, cards.cardId(i), cards.profile(i)));
            }
            events.flush();
        }

        private void sendBad(int n, GenericRecord event) {
            String key = "bad-" + n;
            byte[] value = switch (n % 3) {
                case 0 -> ("{\"transactionId\":\"" + key + "\",\"amount\":12.5}").getBytes(StandardCharsets.UTF_8);
                case 1 -> new byte[] {0, 0x7f, 0x00, 0x00, 0x01, 2, 4, 6};
                default -> {
                    byte[] full = serializer.serialize(topics.events, event);
                    yield Arrays.copyOf(full, 5 + (full.length - 5) / 3);
                }
            };
            bad.put(key, switch (n % 3) {
                case 0 -> "NOT_AVRO";
                case 1 -> "UNKNOWN_SCHEMA";
                default -> "MALFORMED_AVRO";
            });
            raw.send(new ProducerRecord<>(topics.events, key, value), (md, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
            });
        }

        @Override
        public void close() {
            closed.set(true);
            events.close(Duration.ofSeconds(10));
            raw.close(Duration.ofSeconds(10));
        }
    }

    /** Reads back what the service wrote, read_committed, and judges it. */
    static final class Verdict {
        private final TopicReader<Prediction> predictions;
        private final TopicReader<byte[]> deadLetters;
        private final TopicReader<DriftReport> reports;
        private final Producer producer;
        private final Map<String, Integer> predicted = new HashMap<>();
        private final Map<String, Integer> deadLettered = new HashMap<>();
        private final Map<Long, List<Long>> reportedCounts = new HashMap<>();

        Verdict(String bootstrap, SchemaRegistryClient registry, Map<String, Object> serdeConfig, Topics topics,
                Producer producer) {
            this.predictions = new TopicReader<>(bootstrap, topics.predictions,
                    AvroSerdes.specific(Prediction.class, registry, serdeConfig, false).deserializer());
            this.deadLetters = new TopicReader<>(bootstrap, topics.dlq,
                    new org.apache.kafka.common.serialization.ByteArrayDeserializer());
            this.reports = new TopicReader<>(bootstrap, topics.driftReports,
                    AvroSerdes.specific(DriftReport.class, registry, serdeConfig, false).deserializer());
            this.producer = producer;
        }

        /**
         * Reads until every good event has a prediction, every bad record is dead-lettered and every window with
         * events has a report, or the time-out passes; then reads to the end offsets once more, so that anything
         * extra (a duplicate) is seen too.
         */
        void await(Duration timeout, long windowMs) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            int windows = expectedWindows(windowMs).size();
            while (System.nanoTime() < deadline) {
                readAll();
                if (predicted.size() >= producer.good.size() && deadLettered.size() >= producer.bad.size()
                        && reportedCounts.size() >= windows) {
                    break;
                }
                Thread.sleep(500);
            }
            readAll();
        }

        private void readAll() {
            predictions.readToEnd((key, p) -> predicted.merge(p.getEventId(), 1, Integer::sum));
            deadLetters.readToEnd((key, v) -> deadLettered.merge(key, 1, Integer::sum));
            reports.readToEnd((key, r) -> reportedCounts.computeIfAbsent(r.getWindowStart().toEpochMilli(),
                    w -> new ArrayList<>()).add(r.getCount()));
        }

        private Map<Long, Long> expectedWindows(long windowMs) {
            Map<Long, Long> out = new HashMap<>();
            producer.good.values().forEach(ts -> out.merge(Math.floorDiv(ts, windowMs) * windowMs, 1L, Long::sum));
            return out;
        }

        /**
         * For a miscounted window: how many of its events the broker acknowledged only after the window's end plus
         * grace plus the idle allowance, when the service may rightly have closed it already (late by its rules).
         */
        private String lateDelivery(long start, long windowMs) {
            long closeBy = start + windowMs + GRACE_MS + IDLE_CLOSE_MS;
            long late = producer.good.entrySet().stream()
                    .filter(e -> Math.floorDiv(e.getValue(), windowMs) * windowMs == start)
                    .filter(e -> producer.acked.getOrDefault(e.getKey(), Long.MAX_VALUE) > closeBy).count();
            return late == 0 ? "" : " (" + late + " of them acknowledged by the broker after the window's end + grace"
                    + " + idle close)";
        }

        Result result(int kills, int sigterms, List<Long> restarts, List<Stop> stops, List<Long> restoredAfterSigterm,
                      long windowMs) {
            int lost = 0;
            int duplicated = 0;
            for (String id : producer.good.keySet()) {
                int n = predicted.getOrDefault(id, 0);
                lost += n == 0 ? 1 : 0;
                duplicated += Math.max(0, n - 1);
            }
            int dlq = 0;
            int dlqDup = 0;
            for (String key : producer.bad.keySet()) {
                int n = deadLettered.getOrDefault(key, 0);
                dlq += n > 0 ? 1 : 0;
                dlqDup += Math.max(0, n - 1);
            }
            Map<Long, Long> expected = expectedWindows(windowMs);
            List<String> errors = new ArrayList<>();
            expected.keySet().stream().sorted().forEach(start -> {
                List<Long> counts = reportedCounts.getOrDefault(start, List.of());
                long want = expected.get(start);
                if (counts.isEmpty()) {
                    errors.add("window " + start + ": " + want + " events, no report");
                } else if (counts.size() > 1) {
                    errors.add("window " + start + ": reported " + counts.size() + " times " + counts);
                } else if (counts.get(0) != want) {
                    errors.add("window " + start + ": reported " + counts.get(0) + " events, holds " + want
                            + lateDelivery(start, windowMs));
                }
            });
            reportedCounts.keySet().stream().filter(w -> !expected.containsKey(w))
                    .forEach(w -> errors.add("window " + w + ": reported, but holds no event"));
            return new Result(kills, sigterms, producer.good.size(), lost, duplicated, producer.bad.size(), dlq, dlqDup,
                    expected.size(), reportedCounts.size(), errors, restarts, stops, restoredAfterSigterm);
        }
    }
}
