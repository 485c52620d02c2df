package io.driftline.topology.enrich.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.devkit.WorkDirs;
import io.driftline.devkit.payments.WindowAggregates;
import io.driftline.topology.ingest.DeadLetterHandler;
import io.driftline.topology.ingest.DeadLetterMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Training/serving parity: the window aggregates the demo's training data is built with
 * ({@link WindowAggregates}, offline) and the ones the enrich stage computes in Kafka Streams
 * ({@link WindowAggregateStage}) are two implementations of one contract, so the same events must give the same
 * features, event by event. Each try feeds both a random stream of one partition: a few keys (and keyless events),
 * events out of order within and beyond the grace, absent fields, NaN where a numeric aggregate reads it, and
 * several windows at once. The offline code's "late" (null) and "refused" (an exception) must be exactly the
 * events the stage dead-letters; every other event must get identical aggregates.
 */
class AggregateParityTest {

    private static final Schema PAYMENT = SchemaBuilder.record("Payment").namespace("com.example").fields()
            .optionalDouble("amount").optionalString("merchant").endRecord();
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final String DECLARATION = "n=count(amount)@10s,total=sum(amount)@10s,avg=mean(amount)@30s,"
            + "lo=min(amount)@10s,hi=max(amount)@1m,merchants=distinct(merchant)@30s,seen=count(merchant)@5s";

    @Property(tries = 25)
    void shouldGiveEveryEventTheSameAggregatesOfflineAndInTheStream(@ForAll long seed) throws Exception {
        List<AggregateSpec> streaming = AggregateSpec.parseList(DECLARATION);
        List<WindowAggregates.Spec> offlineSpecs = streaming.stream().map(s -> new WindowAggregates.Spec(s.name(),
                WindowAggregates.Function.valueOf(s.function().name()), s.field(), s.window())).toList();
        assertThat(WindowAggregates.declaration(offlineSpecs)).as("both read the same declaration")
                .isEqualTo(DECLARATION);
        WindowAggregates offline = new WindowAggregates(offlineSpecs, GRACE);

        try (Stage stage = new Stage(streaming)) {
            Random random = new Random(seed);
            long time = 1_000_000L;
            int compared = 0;
            for (int i = 0; i < 300; i++) {
                time += random.nextInt(1_500);
                long timestamp = time - (random.nextInt(10) == 0 ? random.nextInt(9_000) : 0); // some out of order
                String key = random.nextInt(25) == 0 ? null : "card-" + random.nextInt(4);
                Double amount = switch (random.nextInt(12)) {
                    case 0 -> null;
                    case 1 -> Double.NaN;
                    default -> Math.round(random.nextDouble() * 50_000) / 100.0;
                };
                String merchant = random.nextInt(8) == 0 ? null : "m" + random.nextInt(6);
                GenericRecord event = payment(amount, merchant);

                Map<String, Double> expected;
                try {
                    expected = offline.add(key, timestamp, event);
                } catch (IllegalArgumentException refused) {
                    expected = null;
                }
                Map<String, Double> actual = stage.pipe(key, timestamp, event);
                assertThat(actual).as("event %d (key %s, t %d, amount %s): offline %s, stream %s (%s)", i, key,
                        timestamp, amount, expected, actual, actual == null ? stage.lastDeadLetter : "").isEqualTo(expected == null ? null : new TreeMap<>(expected));
                compared += expected == null ? 0 : 1;
            }
            assertThat(compared).as("events that got aggregates from both").isGreaterThan(200);
        }
    }

    /** The stage alone under TopologyTestDriver; an event's aggregates, or null when it was dead-lettered. */
    private static final class Stage implements AutoCloseable {
        private final TopologyTestDriver driver;
        private final Path stateDir;
        private final TestInputTopic<String, byte[]> events;
        private final TestOutputTopic<String, String> aggregates;
        private final TestOutputTopic<byte[], byte[]> deadLetters;
        String lastDeadLetter;

        Stage(List<AggregateSpec> specs) throws IOException {
            StreamsBuilder builder = new StreamsBuilder();
            var source = AvroEvents.source(builder, "parity-decode");
            WindowAggregateStage.aggregate(builder, source, specs, GRACE)
                    .mapValues(e -> text(e.enrichment().aggregates()), Named.as("parity-aggregates-text"))
                    .to("aggregates", Produced.with(Serdes.String(), Serdes.String()));
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "parity-test");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            stateDir = Files.createTempDirectory("driftline-parity"); // a jqwik property: no JUnit @TempDir
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
            props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "events-dlq");
            props.put(DeadLetterHandler.METRICS_CONFIG, new DeadLetterMetrics());
            driver = new TopologyTestDriver(builder.build(), props);
            events = driver.createInputTopic("events", Serdes.String().serializer(), Serdes.ByteArray().serializer());
            aggregates = driver.createOutputTopic("aggregates", Serdes.String().deserializer(),
                    Serdes.String().deserializer());
            deadLetters = driver.createOutputTopic("events-dlq", Serdes.ByteArray().deserializer(),
                    Serdes.ByteArray().deserializer());
        }

        Map<String, Double> pipe(String key, long timestamp, GenericRecord event) {
            events.pipeInput(key, AvroEvents.avro(event), timestamp);
            if (!deadLetters.isEmpty()) {
                var dead = deadLetters.readRecord();
                lastDeadLetter = new String(dead.headers().lastHeader(
                        io.driftline.topology.ingest.DeadLetterHeaders.MESSAGE).value());
                assertThat(aggregates.isEmpty()).as("a dead-lettered event has no aggregates").isTrue();
                return null;
            }
            Map<String, Double> out = new TreeMap<>();
            String line = aggregates.readValue();
            if (!line.isEmpty()) {
                for (String pair : line.split(";")) {
                    String[] kv = pair.split("=");
                    out.put(kv[0], Double.parseDouble(kv[1]));
                }
            }
            return out;
        }

        @Override
        public void close() {
            driver.close();
            WorkDirs.delete(stateDir);
        }
    }

    private static GenericRecord payment(Double amount, String merchant) {
        GenericRecord r = new GenericData.Record(PAYMENT);
        r.put("amount", amount);
        r.put("merchant", merchant);
        return r;
    }

    /** Exact text of every value (Double.toString round-trips), sorted by name. */
    private static String text(Map<String, Double> aggregates) {
        return new TreeMap<>(aggregates).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(";"));
    }


}
