package io.driftline.topology.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.driftline.Label;
import io.driftline.devkit.registry.DevSchemaRegistry;
import io.driftline.schemas.registry.RestSchemaRegistryClient;
import io.driftline.schemas.registry.SchemaRegistryClient;
import io.driftline.schemas.serde.AvroSerdes;
import io.driftline.topology.ingest.EventDecoder;
import io.driftline.topology.ingest.HostileInputs;
import io.driftline.topology.ingest.RejectedRecordException;
import io.driftline.topology.ingest.TimestampGuard;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Fuzzes the label decoder at its processor boundary: random bytes, mutated label frames (times included) and
 * recursive values either forward one label with an accepted time or are refused with a RejectedRecordException and
 * its code, never any other Throwable, each within a time bound.
 */
class LabelDecoderPropertyTest {

    private static final Duration BOUND = Duration.ofSeconds(5);
    private static final TimestampGuard GUARD = new TimestampGuard(Clock.systemUTC(), Duration.ofMinutes(5));

    private static DevSchemaRegistry registry;
    private static SchemaRegistryClient client;
    private static EventDecoder decoder;
    private static final List<byte[]> SEEDS = new ArrayList<>();

    @BeforeContainer
    static void start() throws Exception {
        registry = DevSchemaRegistry.start("localhost", 0, null);
        client = RestSchemaRegistryClient.create(registry.url());
        Map<String, Object> config = Map.of("schema.registry.url", registry.url());
        decoder = new EventDecoder(AvroSerdes.generic(client, config, false).deserializer(), Duration.ZERO);
        Serializer<Label> serializer = AvroSerdes.specific(Label.class, client, config, false).serializer();
        long now = System.currentTimeMillis();
        for (long t : new long[] {now, now - 60_000, 0, Long.MAX_VALUE, -1, now + 3_600_000}) {
            SEEDS.add(serializer.serialize("labels", Label.newBuilder().setEventId("e-" + t).setLabel("fraud")
                    .setTimestamp(Instant.ofEpochMilli(t)).build()));
            SEEDS.add(serializer.serialize("labels", Label.newBuilder().setEventId("e-" + t).setValue(0.5)
                    .setTimestamp(Instant.ofEpochMilli(t)).build()));
        }
        SEEDS.add(HostileInputs.chain(client.register("labels-recursive", HostileInputs.RECURSIVE), 5));
    }

    @AfterContainer
    static void stop() {
        client.close();
        registry.close();
    }

    @Property(tries = 300)
    void shouldRefuseRandomBytesWithACode(@ForAll @Size(max = 300) byte[] bytes) {
        assertForwardsOrRefuses(bytes, null);
    }

    @Property(tries = 1000)
    void shouldRefuseMutatedLabelsWithACode(@ForAll("mutatedLabels") byte[] bytes) {
        assertForwardsOrRefuses(bytes, null);
    }

    @Property(tries = 200)
    void shouldRefuseAnyLabelKeyAndRecordTimeWithACode(@ForAll("mutatedLabels") byte[] bytes, @ForAll String key,
                                                      @ForAll long recordTime) {
        assertForwardsOrRefuses(bytes, key, Math.max(0, recordTime));
    }

    @Property(tries = 20)
    void shouldRefuseADeepRecursiveLabelWithACode(@ForAll("depths") int depth) {
        assertForwardsOrRefuses(HostileInputs.chain(
                client.register("labels-recursive", HostileInputs.RECURSIVE), depth), null);
    }

    @Provide
    Arbitrary<byte[]> mutatedLabels() {
        return Combinators.combine(Arbitraries.of(SEEDS), Arbitraries.integers().between(0, 6), Arbitraries.longs())
                .as((seed, rounds, random) -> HostileInputs.mutate(seed, rounds, new Random(random)));
    }

    @Provide
    Arbitrary<Integer> depths() {
        return Arbitraries.integers().between(1, 300_000);
    }

    private static void assertForwardsOrRefuses(byte[] bytes, String key) {
        assertForwardsOrRefuses(bytes, key, System.currentTimeMillis());
    }

    private static void assertForwardsOrRefuses(byte[] bytes, String key, long recordTime) {
        assertTimeoutPreemptively(BOUND, () -> {
            MockProcessorContext<String, Label> context = new MockProcessorContext<>();
            context.setRecordMetadata("labels", 0, 42);
            LabelDecodeProcessor processor = new LabelDecodeProcessor(decoder, new LabelMetrics(), GUARD);
            processor.init(context);
            try {
                processor.process(new Record<>(key, bytes, recordTime, new RecordHeaders()));
                assertThat(context.forwarded()).hasSize(1);
                assertThat(GUARD.accepts(context.forwarded().get(0).record().timestamp())).isTrue();
            } catch (RejectedRecordException e) {
                assertThat(e.code()).isNotNull();
                assertThat(e.getMessage()).isNotBlank();
            }
        });
    }
}
