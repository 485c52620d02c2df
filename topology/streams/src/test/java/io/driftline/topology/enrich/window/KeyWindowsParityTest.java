package io.driftline.topology.enrich.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.topology.ingest.DeadLetterHandler;
import io.driftline.topology.ingest.DeadLetterHeaders;
import io.driftline.topology.ingest.DeadLetterMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The windows held in memory ({@link KeyWindows}) give exactly the aggregates the store gives: the same random
 * stream (keys recurring, events out of order within grace, late ones, two at one millisecond, gaps longer than
 * the window) through the stage reading the store per event, holding every key, and holding only 3 of 8 keys (so
 * keys are dropped and read back from the store all the time). Every output and every dead letter must match.
 */
class KeyWindowsParityTest {

    /** The folders this class makes (state, data) go under it, and JUnit deletes it after the class. */
    @TempDir
    static Path tempRoot;

    private static final Schema PAYMENT = SchemaBuilder.record("Payment").namespace("com.example").fields()
            .optionalDouble("amount").optionalString("merchant").endRecord();
    private static final String SPECS = "n=count(amount)@10s, total=sum(amount)@10s, avg=mean(amount)@5s, "
            + "lo=min(amount)@10s, hi=max(amount)@3s, merchants=distinct(merchant)@10s";
    private static final Duration GRACE = Duration.ofSeconds(4);

    private record Input(String key, long time, Double amount, String merchant) {
    }

    @Test
    void shouldGiveTheStoresAggregatesWhetherEveryKeySomeKeysOrNoKeyIsHeldInMemory() throws Exception {
        List<Input> inputs = stream(new Random(42), 4_000);
        List<String> fromStore = run(inputs, 0);
        List<String> allHeld = run(inputs, 1_000);
        List<String> fewHeld = run(inputs, 3);

        assertThat(fromStore).hasSize(inputs.size());
        assertThat(fromStore.stream().filter(s -> s.startsWith("DLQ"))).as("late events were refused").isNotEmpty();
        assertThat(fromStore.stream().filter(s -> s.contains("n=3.0"))).as("windows hold several events")
                .isNotEmpty();
        assertThat(allHeld).containsExactlyElementsOf(fromStore);
        assertThat(fewHeld).containsExactlyElementsOf(fromStore);
    }

    private static List<Input> stream(Random random, int n) {
        List<Input> out = new ArrayList<>(n);
        long clock = 1_000_000;
        for (int i = 0; i < n; i++) {
            int roll = random.nextInt(100);
            long t;
            if (roll < 8) {
                t = clock - random.nextInt(4_000); // out of order, within grace
            } else if (roll < 10) {
                t = clock - 4_001 - random.nextInt(3_000); // late: dead-lettered
            } else if (roll < 12) {
                t = clock; // the same millisecond as the last one
            } else if (roll < 14) {
                clock += 11_000 + random.nextInt(20_000); // past every window
                t = clock;
            } else {
                clock += random.nextInt(700);
                t = clock;
            }
            Double amount = random.nextInt(20) == 0 ? null : Math.round(random.nextDouble() * 10_000) / 100.0;
            out.add(new Input("k" + random.nextInt(8), t, amount, "m" + random.nextInt(5)));
        }
        return out;
    }

    @Test
    void shouldGiveTheSameAggregatesAfterARestartOnTheRestoredStoreWhetherItsKeysAreAllHeldOrNot() throws Exception {
        List<Input> inputs = stream(new Random(7), 3_000);
        List<String> once = run(inputs, 0, inputs.size(), true);
        int at = 1_500;
        while (!dense(inputs, at)) {
            at++; // not near a gap past every window: the events after the restart must need the stored ones
        }

        assertThat(run(inputs, 1_000, at, false)).as("a restart on empty stores gives other aggregates")
                .isNotEqualTo(once);
        // The second incarnation starts on what the changelog would restore: it must read the keys it has not held
        // (all of them when it can hold them all, each on its first event when it cannot).
        assertThat(run(inputs, 1_000, at, true)).containsExactlyElementsOf(once);
        assertThat(run(inputs, 3, at, true)).containsExactlyElementsOf(once);
        assertThat(run(inputs, 0, at, true)).containsExactlyElementsOf(once);
    }

    /** Whether none of the 20 events either side of {@code at} jumps more than 5 s ahead of the one before. */
    private static boolean dense(List<Input> inputs, int at) {
        for (int i = at - 20; i < at + 20; i++) {
            if (inputs.get(i).time() - inputs.get(i - 1).time() > 5_000) {
                return false;
            }
        }
        return true;
    }

    private static List<String> run(List<Input> inputs, int cachedKeys) throws Exception {
        return run(inputs, cachedKeys, inputs.size(), true);
    }

    /**
     * Each input's aggregates as text, or DLQ and its code, in input order; from input {@code restartAt} on, a
     * second driver (a restart of the task) on a copy of what the first one's stores held, as a restore gives (on
     * empty stores unless {@code restore}).
     */
    private static List<String> run(List<Input> inputs, int cachedKeys, int restartAt, boolean restore)
            throws Exception {
        List<String> out = new ArrayList<>(inputs.size());
        List<KeyValue<Windowed<String>, SampleEntry>> entries = new ArrayList<>();
        Long clock = null;
        try (TopologyTestDriver driver = driver(cachedKeys)) {
            feed(driver, inputs.subList(0, restartAt), out);
            try (KeyValueIterator<Windowed<String>, SampleEntry> it =
                         driver.<String, SampleEntry>getWindowStore(WindowAggregateStage.STORE).all()) {
                it.forEachRemaining(entries::add);
            }
            clock = driver.<String, Long>getKeyValueStore(WindowAggregateStage.CLOCK_STORE).get("clock");
        }
        if (restartAt < inputs.size()) {
            assertThat(entries).as("the first incarnation stored entries").isNotEmpty();
            try (TopologyTestDriver driver = driver(cachedKeys)) {
                WindowStore<String, SampleEntry> store = driver.getWindowStore(WindowAggregateStage.STORE);
                if (restore) {
                    entries.forEach(e -> store.put(e.key.key(), e.value, e.key.window().start()));
                    driver.<String, Long>getKeyValueStore(WindowAggregateStage.CLOCK_STORE).put("clock", clock);
                }
                feed(driver, inputs.subList(restartAt, inputs.size()), out);
            }
        }
        return out;
    }

    private static TopologyTestDriver driver(int cachedKeys) throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        WindowAggregateStage.aggregate(builder, AvroEvents.source(builder, "test-decode"),
                        AggregateSpec.parseList(SPECS), GRACE, null, cachedKeys)
                .mapValues(e -> new TreeMap<>(e.enrichment().aggregates()).toString(), Named.as("test-text"))
                .to("aggregates", Produced.with(Serdes.String(), Serdes.String()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "window-parity");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(tempRoot, "driftline-window-parity").toString());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "events-dlq");
        props.put(DeadLetterHandler.METRICS_CONFIG, new DeadLetterMetrics());
        return new TopologyTestDriver(builder.build(), props);
    }

    private static void feed(TopologyTestDriver driver, List<Input> inputs, List<String> out) {
        TestInputTopic<String, byte[]> events = driver.createInputTopic("events", Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        TestOutputTopic<String, String> aggregates = driver.createOutputTopic("aggregates",
                Serdes.String().deserializer(), Serdes.String().deserializer());
        TestOutputTopic<byte[], byte[]> deadLetters = driver.createOutputTopic("events-dlq",
                Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
        for (Input in : inputs) {
            GenericRecord r = new GenericData.Record(PAYMENT);
            r.put("amount", in.amount());
            r.put("merchant", in.merchant());
            events.pipeInput(in.key(), AvroEvents.avro(r), in.time());
            if (!aggregates.isEmpty()) {
                out.add(in.key() + "@" + in.time() + " " + aggregates.readValue());
            } else {
                TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
                out.add("DLQ " + in.key() + "@" + in.time() + " " + new String(
                        dead.headers().lastHeader(DeadLetterHeaders.ERROR_CODE).value(),
                        java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }
}
