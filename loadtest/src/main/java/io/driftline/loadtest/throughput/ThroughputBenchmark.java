package io.driftline.loadtest.throughput;

import io.driftline.ModelUpdate;
import io.driftline.app.DriftlineConfig;
import io.driftline.app.TopicProvisioner;
import io.driftline.app.publish.BundlePublisher;
import io.driftline.devkit.embedded.EmbeddedKafka;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.devkit.registry.DevSchemaRegistry;
import io.driftline.loadtest.throughput.ThroughputTable.Row;
import io.driftline.models.bundle.ModelBundle;
import io.driftline.schemas.registry.RestSchemaRegistryClient;
import io.driftline.schemas.serde.AvroSerdes;
import io.driftline.topology.topics.TopicNames;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Throughput and latency of Driftline against its floors, in one run on one real broker: a byte passthrough
 * Kafka Streams app (what Kafka itself costs), ONNX Runtime alone on the demo model (what scoring costs), then
 * Driftline in the demo configuration (exactly-once v2, drift statistics on), without drift statistics, and at
 * least once, each draining the same pre-produced input with a fresh application id; then produce-to-visible
 * latency at a fixed share of the demo configuration's rate.
 */
final class ThroughputBenchmark {

    /** The share of the demo configuration's steady rate the latency probe sends at, unless told a rate. */
    static final double LATENCY_SHARE = 0.7;

    private static final String PREFIX = "bench-";
    private static final String COMMIT_LATENCY_AVG = "kafka.stream.thread.commit.latency.avg";
    private static final String COMMIT_LATENCY_MAX = "kafka.stream.thread.commit.latency.max";
    // The stream thread's producer (one per thread under exactly-once v2): a produce request's round trip to the
    // broker, and how long a batch sat in the producer before it was sent.
    private static final String PRODUCE_LATENCY_AVG = "kafka.producer.request.latency.avg";
    private static final String PRODUCE_LATENCY_MAX = "kafka.producer.request.latency.max";
    private static final String QUEUE_TIME_MAX = "kafka.producer.record.queue.time.max";
    /** Read from the demo service right after the latency probe. */
    private static final List<String> KAFKA_METRICS = List.of(COMMIT_LATENCY_AVG, COMMIT_LATENCY_MAX,
            PRODUCE_LATENCY_AVG, PRODUCE_LATENCY_MAX, QUEUE_TIME_MAX);
    private static final String PASSTHROUGH_OUT = "passthrough-out"; // outside the prefix: Driftline never reads it

    /**
     * @param events          demo payments pre-produced
     * @param partitions      of the input topic (and every other topic)
     * @param batch           rows a model run in the batched ONNX measurement
     * @param latency         how long the latency probe sends, measured
     * @param latencyWarmUp   how long it sends first without measuring (see {@link LatencyProbe#run})
     * @param latencyRate     events a second the probe sends; 0: {@value #LATENCY_SHARE} of the demo
     *                        configuration's steady rate
     * @param onnxTime        warm-up, and then measurement, of each ONNX figure
     * @param drainTimeout    the most one drain may take
     * @param streamThreads   Kafka Streams threads of the passthrough and of every Driftline run
     * @param overrides       Driftline settings on top of the demo configuration, for every Driftline run
     * @param warmUps         at most this many unmeasured drains of the passthrough and of Driftline (demo
     *                        configuration) first, so that the JIT compiler has done its work before any figure is
     *                        taken: they stop once it is quiet ({@link #JIT_SETTLED}); 0: none
     */
    record Settings(int events, int partitions, int batch, Duration latency, Duration latencyWarmUp,
                    double latencyRate, Duration onnxTime,
                    Duration drainTimeout, Path workDir, long seed, int streamThreads, int warmUps,
                    Map<String, String> overrides, Path profileDir) {
        Settings {
            Objects.requireNonNull(workDir, "workDir");
            if (events < 1) {
                throw new IllegalArgumentException("events must be >= 1: " + events);
            }
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
            }
            if (batch < 2) {
                throw new IllegalArgumentException("batch must be >= 2 (batch 1 is measured anyway): " + batch);
            }
            if (latency.isNegative() || latency.isZero()) {
                throw new IllegalArgumentException("latency duration must be > 0: " + latency);
            }
            if (latencyWarmUp.isNegative()) {
                throw new IllegalArgumentException("latency warm-up must be >= 0: " + latencyWarmUp);
            }
            if (latencyRate < 0 || !Double.isFinite(latencyRate)) {
                throw new IllegalArgumentException("latency rate must be >= 0 (0: derived): " + latencyRate);
            }
            if (streamThreads < 1) {
                throw new IllegalArgumentException("stream threads must be >= 1: " + streamThreads);
            }
            overrides = Map.copyOf(overrides);
            if (warmUps < 0) {
                throw new IllegalArgumentException("warm-ups must be >= 0: " + warmUps);
            }
            if (onnxTime.isNegative() || onnxTime.isZero() || drainTimeout.isNegative() || drainTimeout.isZero()) {
                throw new IllegalArgumentException("ONNX time and drain time-out must be > 0");
            }
        }

        /** The probe's rate: the one asked for, else {@value #LATENCY_SHARE} of {@code measuredMax}, at least 1. */
        double latencyRateFor(double measuredMax) {
            return latencyRate > 0 ? latencyRate : Math.max(1, LATENCY_SHARE * measuredMax);
        }
    }

    /** The JIT compiler's share of the stream threads' CPU in a warm-up drain under which warming up stops. */
    static final double JIT_SETTLED = 0.25;

    private final Settings settings;
    private final PrintStream progress;
    /** The embedded broker's process, for its CPU time ({@link CpuUse}). */
    private long brokerPid = -1;

    ThroughputBenchmark(Settings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** Runs every measurement and returns the table. */
    ThroughputTable run() throws Exception {
        Path work = settings.workDir().toAbsolutePath();
        Files.createDirectories(work);
        EmbeddedKafka.Settings brokerSettings = EmbeddedKafka.Settings.defaults().withPort(0).withControllerPort(0);
        try (EmbeddedKafka broker = EmbeddedKafka.start(brokerSettings);
             DevSchemaRegistry registry = DevSchemaRegistry.start("localhost", 0, null);
             RestSchemaRegistryClient registryClient = RestSchemaRegistryClient.create(registry.url());
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            brokerPid = broker.pid();
            return run(broker.bootstrapServers(), registry.url(), registryClient, admin, work);
        }
    }

    private ThroughputTable run(String bootstrap, String registryUrl, RestSchemaRegistryClient registryClient,
                                Admin admin, Path work) throws Exception {
        Map<String, Object> client = Map.of("bootstrap.servers", bootstrap);
        Map<String, Object> serdeConfig = Map.of("schema.registry.url", registryUrl);
        TopicNames names = TopicNames.withPrefix(PREFIX);
        TopicProvisioner.ensure(client, names, settings.partitions(), (short) 1);
        TopicProvisioner.ensureTopic(client, PASSTHROUGH_OUT, settings.partitions(), (short) 1);
        Serializer<GenericRecord> avro = AvroSerdes.generic(registryClient, serdeConfig, false).serializer();

        long t = System.nanoTime();
        BenchInput input = BenchInput.write(client, avro, names.entityProfilesTopic(), names.eventsTopic(),
                settings.partitions(), settings.events(), settings.seed());
        progress.printf(Locale.ROOT, "[bench] wrote %,d card profiles and %,d events in %.1f s%n",
                input.cards().size(), input.events(), (System.nanoTime() - t) / 1e9);
        ModelBundle bundle = DemoModel.train("1", settings.seed(), 5_000);
        try (BundlePublisher publisher = new BundlePublisher(names.modelUpdatesTopic(), client,
                AvroSerdes.specific(ModelUpdate.class, registryClient, serdeConfig, false).serializer())) {
            publisher.publish(bundle); // before any service starts: each restores it as a new instance would
        }

        Map<String, Object> demo = demoConfig(bootstrap, registryUrl);
        demo.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.streamThreads());
        demo.putAll(settings.overrides());
        DriftlineConfig probe = new DriftlineConfig(DriftlineRun.with(demo, run(work, "probe")));
        long commitMs = new StreamsConfig(probe.streamsProperties()).getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
        String guarantee = probe.getString(DriftlineConfig.PROCESSING_GUARANTEE);

        // ONNX Runtime alone runs first, before the warm-up drains: its own calls into the encoder and the session
        // (batch 1, then the batch figure) must not reshape what the JIT compiler made of the pipeline's.
        progress.println("[bench] ONNX Runtime alone ...");
        double onnxBefore = LoadAverage.now();
        OnnxScoringRun onnx = OnnxScoringRun.prepare(bundle, probe.onnxIntraOpThreads(), input.cards(),
                settings.seed() + 1);
        OnnxScoringRun.PerRow perRow1;
        OnnxScoringRun.PerRow rawBatch;
        try {
            perRow1 = onnx.microsPerRow(1, settings.onnxTime(), settings.onnxTime());
            rawBatch = onnx.microsPerRow(settings.batch(), settings.onnxTime(), settings.onnxTime());
        } finally {
            onnx.close();
        }
        double onnxAfter = LoadAverage.now();
        double perRowBatch = rawBatch.total();

        // The first drains of a JVM run while the JIT compiler works on Kafka's and Driftline's code: it took 40 us
        // of CPU per event in a first Driftline drain of 200,000 events, 18 in the second and 3.5 in the third, and
        // on two cores it pushes the stream thread off its core. Whichever configuration ran while it was busy paid
        // for it (the drift statistics' cost looked twice what it is), so drains repeat, unmeasured, until the
        // compiler took under JIT_SETTLED of the stream threads' CPU in one.
        int warmedUp = 0;
        for (int i = 1; i <= settings.warmUps(); i++) {
            progress.printf(Locale.ROOT, "[bench] warm-up %d of at most %d (not measured) ...%n", i,
                    settings.warmUps());
            PassthroughRun.run(bootstrap, input, PASSTHROUGH_OUT, guarantee, commitMs, settings.streamThreads(),
                    work.resolve("state-warmup-passthrough-" + i), "bench-warmup-passthrough-" + i, admin,
                    settings.drainTimeout(), brokerPid);
            DriftlineRun.Result warm = DriftlineRun.run(DriftlineRun.with(demo, run(work, "warmup-" + i)), input,
                    admin, settings.drainTimeout(), brokerPid, null, null);
            long warmEvents = warm.throughput().steadyEvents();
            progress.printf(Locale.ROOT, "[bench] warm-up %d: Driftline %,.0f events/s, CPU per event: %s%n", i,
                    warm.throughput().steadyPerSecond(), warm.cpu().note(warmEvents, settings.streamThreads()));
            warmedUp = i;
            if (warm.cpu().jitShare() < JIT_SETTLED) {
                break;
            }
        }

        ThroughputTable table = new ThroughputTable(String.format(Locale.ROOT, "Throughput benchmark: %,d demo"
                + " events, %d partitions, %d cores, %s, commit interval %d ms, %d stream thread(s), ONNX batch %d; %s,"
                + " then one run of each", input.events(), settings.partitions(), LoadAverage.cores(), guarantee,
                commitMs, settings.streamThreads(), settings.batch(), warmedUp == 0 ? "no warm-up"
                        : String.format(Locale.ROOT, "%d unmeasured warm-up drain(s) of the passthrough and of"
                                + " Driftline (until the JIT compiler took under %.0f%% of the stream thread's CPU;"
                                + " at most %d)", warmedUp, JIT_SETTLED * 100, settings.warmUps())));

        progress.println("[bench] passthrough (bytes in, bytes out) ...");
        double before = LoadAverage.now();
        LogBytes passBefore = LogBytes.snapshot(admin);
        PassthroughRun.Result passRun = PassthroughRun.run(bootstrap, input, PASSTHROUGH_OUT, guarantee, commitMs,
                settings.streamThreads(), work.resolve("state-passthrough"), "bench-passthrough", admin,
                settings.drainTimeout(), brokerPid);
        Throughput pass = passRun.throughput();
        Map<String, Long> passWritten = LogBytes.snapshot(admin).since(passBefore, "bench-passthrough");
        double after = LoadAverage.now();
        double base = pass.steadyPerSecond();


        table.add(rate("passthrough, steady", pass.steadyPerSecond(), base, perRowBatch, before, after,
                "from its first output"));
        table.add(rate("passthrough, start-up included", pass.overallPerSecond(), base, perRowBatch, before, after,
                String.format(Locale.ROOT, "%.1f s to first output", pass.startupSeconds())));
        table.add(new Row("passthrough, bytes written per event", (double) passWritten.values().stream()
                .mapToLong(Long::longValue).sum() / input.events(), "B", Double.NaN, Double.NaN, before, after,
                perEvent(passWritten, input.events())));
        table.add(cpu("passthrough, CPU per event", passRun.cpu(), pass, before, after));
        table.add(perRow("ONNX Runtime alone, batch 1", perRow1, base, perRowBatch, onnxBefore, onnxAfter));
        table.add(perRow("ONNX Runtime alone, batch " + settings.batch(), rawBatch, base, perRowBatch, onnxBefore,
                onnxAfter));

        double[] latencyLoad = new double[2];
        Map<String, Double> kafkaMetrics = new HashMap<>();
        Map<String, Long> latencyWritten = new java.util.TreeMap<>();
        LatencyProbe.Result[] latency = new LatencyProbe.Result[1];
        CpuUse[] latencyCpu = new CpuUse[1];
        driftline(table, "Driftline demo config", DriftlineRun.with(demo, run(work, "demo")), input, admin, base,
                rawBatch, (service, drained) -> {
                    double rate = settings.latencyRateFor(drained.steadyPerSecond());
                    progress.printf(Locale.ROOT, "[bench] latency at %,.0f events/s for %d s ...%n", rate,
                            settings.latency().toSeconds());
                    latencyLoad[0] = LoadAverage.now();
                    CpuUse cpuBefore = CpuUse.now(PREFIX + "driftline-demo", brokerPid);
                    LogBytes probeBefore = LogBytes.snapshot(admin);
                    latency[0] = LatencyProbe.run(client, avro, names.eventsTopic(), names.predictionsTopic(),
                            service.topics().predictions().valueSerde().deserializer(), input.generator(), rate,
                            settings.latencyWarmUp(), settings.latency(), Duration.ofSeconds(30));
                    latencyWritten.putAll(LogBytes.snapshot(admin).since(probeBefore, PREFIX + "driftline-demo"));
                    // The commit is where a prediction waits for visibility: Kafka Streams times it (producer
                    // flush, offsets sent to the transaction, its end) over its last 30-60 s, about the probe's.
                    for (String name : KAFKA_METRICS) {
                        kafkaMetrics.put(name, DriftlineRun.kafkaMetric(service, name));
                    }
                    latencyCpu[0] = CpuUse.now(PREFIX + "driftline-demo", brokerPid).since(cpuBefore);
                    latencyLoad[1] = LoadAverage.now();
                });
        // The latency probe's live events sit in the input behind the drained ones: later runs drain exactly the
        // pre-produced part (committed offsets are compared with its end), the rest is past their finish line.
        Map<String, Object> noDrift = DriftlineRun.with(demo, run(work, "nodrift"));
        noDrift.put(DriftlineConfig.DRIFT_ENABLED, false);
        driftline(table, "Driftline, drift statistics off", noDrift, input, admin, base, rawBatch, null);
        Map<String, Object> alos = DriftlineRun.with(demo, run(work, "alos"));
        alos.put(DriftlineConfig.PROCESSING_GUARANTEE, StreamsConfig.AT_LEAST_ONCE);
        // At least once, Kafka Streams would commit every 30 s: the drain would then end at a commit, not when the
        // work was done. The same interval as exactly-once keeps the guarantee the only difference.
        alos.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitMs);
        driftline(table, "Driftline, at_least_once", alos, input, admin, base, rawBatch, null);

        LatencyProbe.Result l = latency[0];
        String sent = String.format(Locale.ROOT, "at %,.0f/s for %d s after a %d s warm-up, %,d of %,d seen", l.rate(),
                settings.latency().toSeconds(), settings.latencyWarmUp().toSeconds(), l.seen(), l.sent());
        table.add(new Row("latency produce->visible, p50", l.percentileMillis(50), "ms", Double.NaN, Double.NaN,
                latencyLoad[0], latencyLoad[1], sent));
        table.add(new Row("latency produce->visible, p99", l.percentileMillis(99), "ms", Double.NaN, Double.NaN,
                latencyLoad[0], latencyLoad[1], "read_committed consumer"));
        table.add(new Row("latency, p99 of each " + LatencyProbe.SLICE.toSeconds() + " s of sending", Double.NaN, "ms",
                Double.NaN, Double.NaN, latencyLoad[0], latencyLoad[1], l.sliceP99s()));
        table.add(new Row("latency, send -> scored, p99 of each slice", Double.NaN, "ms", Double.NaN, Double.NaN,
                latencyLoad[0], latencyLoad[1], l.scoredSliceP99s()));
        // The probe's own events land in the input topic: what Driftline wrote is everything else.
        latencyWritten.remove(names.eventsTopic());
        // The probe's producer and consumer run in this JVM: in "rest of the JVM" here, beside the service's rest.
        long probed = Math.max(1, (long) (l.rate() * (settings.latencyWarmUp().toNanos() + settings.latency().toNanos())
                / 1e9));
        table.add(new Row("latency run, CPU per event", latencyCpu[0].streamMicrosPerEvent(probed), "us", Double.NaN,
                Double.NaN, latencyLoad[0], latencyLoad[1], latencyCpu[0].note(probed, settings.streamThreads())
                        + "; the probe's clients are in the rest"));
        table.add(new Row("latency run, bytes written per event", (double) latencyWritten.values().stream()
                .mapToLong(Long::longValue).sum() / Math.max(1, l.sent()), "B", Double.NaN, Double.NaN,
                latencyLoad[0], latencyLoad[1], perEvent(latencyWritten, Math.max(1, l.sent()))));
        table.add(new Row("latency produce->visible, max", l.maxMillis(), "ms", Double.NaN, Double.NaN,
                latencyLoad[0], latencyLoad[1], settings.latencyRate() > 0 ? "rate as asked"
                        : String.format(Locale.ROOT, "%.0f%% of the demo config's steady rate", LATENCY_SHARE * 100)));
        table.add(new Row("latency, send -> scored, p50", LatencyProbe.Result.medianMillis(l.toScored()), "ms",
                Double.NaN, Double.NaN, latencyLoad[0], latencyLoad[1],
                LatencyProbe.Result.parts(l.toScored()) + ": fetch, queue, scoring batch (scoredAt)"));
        table.add(new Row("latency, scored -> visible, p50", LatencyProbe.Result.medianMillis(l.toVisible()), "ms",
                Double.NaN, Double.NaN, latencyLoad[0], latencyLoad[1], LatencyProbe.Result.parts(l.toVisible())
                        + ": to the commit, the commit, markers, the reader's fetch"));
        table.add(latencyMetric("latency run, commit, mean", kafkaMetrics, COMMIT_LATENCY_AVG, latencyLoad,
                "Kafka Streams' commit-latency-avg (flush, offsets, end of transaction)"));
        table.add(latencyMetric("latency run, commit, max", kafkaMetrics, COMMIT_LATENCY_MAX, latencyLoad,
                "commit-latency-max; both over Kafka Streams' last 30-60 s"));
        table.add(latencyMetric("latency run, produce request, mean", kafkaMetrics, PRODUCE_LATENCY_AVG, latencyLoad,
                String.format(Locale.ROOT, "request-latency-avg, max %.0f ms: the broker's round trip for the"
                        + " service's producer", kafkaMetrics.getOrDefault(PRODUCE_LATENCY_MAX, Double.NaN))));
        table.add(latencyMetric("latency run, producer queue time, max", kafkaMetrics, QUEUE_TIME_MAX, latencyLoad,
                "record-queue-time-max: a batch's wait in the producer before sending"));
        table.note("x pass: events (or rows) a second over the passthrough's steady rate; x onnx: time per event (or"
                + " row) over ONNX Runtime's per row at batch " + settings.batch() + "; load1 b/a: 1-minute load"
                + " average before/after");
        if (!settings.overrides().isEmpty()) {
            table.note("Driftline runs with " + new java.util.TreeMap<>(settings.overrides())
                    + " on top of the demo configuration");
        }
        table.note("by stage: the stream thread's samples from its first prediction to the drain's end, one every "
                + StageProfile.PERIOD.toMillis() + " ms of CPU time, each counted in the stage of its innermost frame"
                + " that names one; async-profiler sees native code too (RocksDB, ONNX Runtime; the C library's and"
                + " the kernel's work count in the stage that called them), the Flight Recorder (where async-profiler"
                + " cannot load) Java code only; "
                + (StageProfile.precise() ? "samples placed exactly (-XX:+DebugNonSafepoints)"
                        : "-XX:+DebugNonSafepoints is off, so a sample inside inlined code may count in a neighbouring"
                        + " stage (./driftline loadtest turns it on)"));
        table.note("at_least_once ran with commit.interval.ms=" + commitMs + " (Kafka Streams' own default there is"
                + " 30000), so that only the guarantee differs");
        return table;
    }

    private void driftline(ThroughputTable table, String label, Map<String, Object> props, BenchInput input,
                           Admin admin, double base, OnnxScoringRun.PerRow raw, DriftlineRun.AfterDrain after)
            throws Exception {
        double perRowBatch = raw.total();
        progress.println("[bench] " + label + " ...");
        double before = LoadAverage.now();
        double[] afterDrain = {Double.NaN};
        Path samples = settings.profileDir() == null ? null
                : settings.profileDir().resolve(label.replaceAll("[^A-Za-z0-9]+", "-") + ".collapsed");
        DriftlineRun.Result r = DriftlineRun.run(props, input, admin, settings.drainTimeout(), brokerPid, samples,
                (service, drained) -> {
            afterDrain[0] = LoadAverage.now();
            if (after != null) {
                after.accept(service, drained);
            }
        });
        Throughput t = r.throughput();
        table.add(rate(label + ", steady", t.steadyPerSecond(), base, perRowBatch, before, afterDrain[0],
                "from its first prediction"));
        table.add(rate(label + ", start-up incl.", t.overallPerSecond(), base, perRowBatch, before, afterDrain[0],
                ""));
        table.add(new Row(label + ", start-up", t.startupSeconds(), "s", Double.NaN, Double.NaN, before,
                afterDrain[0], "to its first prediction"));
        table.add(new Row(label + ", mean batch", r.meanBatch(), "rows", Double.NaN, Double.NaN, before,
                afterDrain[0], "driftline.scoring.batch.size"));
        double encode = r.scoringMicros() - r.onnxMicros();
        table.add(new Row(label + ", scoring per event", r.scoringMicros(), "us/row", Double.NaN,
                ThroughputTable.ratio(r.scoringMicros(), perRowBatch), before, afterDrain[0], String.format(
                        Locale.ROOT, "in the pipeline: encode %.2f us (%.1fx alone's), ONNX %.2f us (%.1fx)", encode,
                        ThroughputTable.ratio(encode, raw.encode()), r.onnxMicros(),
                        ThroughputTable.ratio(r.onnxMicros(), raw.onnx()))));
        long total = r.written().values().stream().mapToLong(Long::longValue).sum();
        table.add(new Row(label + ", bytes written per event", (double) total / input.events(), "B", Double.NaN,
                Double.NaN, before, afterDrain[0], perEvent(r.written(), input.events())));
        table.add(cpu(label + ", CPU per event", r.cpu(), t, before, afterDrain[0]));
        table.add(new Row(label + ", stream thread by stage", r.stages().samples(), "samples", Double.NaN,
                Double.NaN, before, afterDrain[0], r.stages().sampler() + ": " + r.stages().note()));
    }

    /** The stream threads' CPU per event over the steady part, with everyone else's in the note. */
    private Row cpu(String label, CpuUse cpu, Throughput t, double before, double after) {
        long events = t.steadyEvents();
        return new Row(label, cpu.streamMicrosPerEvent(events), "us", Double.NaN, Double.NaN, before, after,
                cpu.note(events, settings.streamThreads()));
    }

    /** The largest kinds of bytes written, per event, biggest first: where the broker's share of the work goes. */
    private static String perEvent(Map<String, Long> written, long events) {
        return written.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(4)
                .map(e -> String.format(Locale.ROOT, "%s %.0f", e.getKey().replace(PREFIX, ""),
                        (double) e.getValue() / events))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private static Row latencyMetric(String label, Map<String, Double> metrics, String name, double[] load,
                                     String note) {
        return new Row(label, metrics.getOrDefault(name, Double.NaN), "ms", Double.NaN, Double.NaN, load[0], load[1],
                note);
    }

    private static Row rate(String label, double perSecond, double base, double perRowBatch, double before,
                            double after, String note) {
        return new Row(label, perSecond, "events/s", ThroughputTable.ratio(perSecond, base),
                ThroughputTable.ratio(1e6 / perSecond, perRowBatch), before, after, note);
    }

    private static Row perRow(String label, OnnxScoringRun.PerRow micros, double base, double perRowBatch,
                              double before, double after) {
        return new Row(label, micros.total(), "us/row", ThroughputTable.ratio(1e6 / micros.total(), base),
                ThroughputTable.ratio(micros.total(), perRowBatch), before, after, String.format(Locale.ROOT,
                        "encode %.2f + ONNX %.2f us, after warm-up", micros.encode(), micros.onnx()));
    }

    /** The demo's service settings (DemoRunner's, its default window): what a first user runs. */
    private static Map<String, Object> demoConfig(String bootstrap, String registryUrl) {
        Map<String, Object> props = new HashMap<>();
        props.put(DriftlineConfig.BOOTSTRAP_SERVERS, bootstrap);
        props.put(DriftlineConfig.SCHEMA_REGISTRY_URL, registryUrl);
        props.put(DriftlineConfig.TOPIC_PREFIX, PREFIX);
        props.put(DriftlineConfig.HTTP_PORT, -1);
        props.put(DriftlineConfig.AGGREGATES, DemoModel.AGGREGATES);
        props.put(DriftlineConfig.DRIFT_WINDOW_SIZE_MS, 20_000L);
        props.put(DriftlineConfig.DRIFT_WINDOW_GRACE_MS, 2_000L);
        props.put(DriftlineConfig.AGGREGATE_GRACE_MS, Duration.ofMinutes(11).toMillis()); // 10 min warm-up + 60 s
        return props;
    }

    /** A run's own application id and state directory, so that it starts from offset 0 with nothing restored. */
    private static Map<String, Object> run(Path work, String name) {
        return Map.of(DriftlineConfig.APPLICATION_ID, PREFIX + "driftline-" + name,
                DriftlineConfig.STATE_DIR, work.resolve("state-" + name).toString(),
                DriftlineConfig.MODELS_DIR, work.resolve("models").toString());
    }
}
