package io.driftline.topology.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.driftline.devkit.payments.Transactions;
import io.driftline.devkit.registry.DevSchemaRegistry;
import io.driftline.schemas.registry.RestSchemaRegistryClient;
import io.driftline.schemas.registry.SchemaRegistryClient;
import io.driftline.schemas.serde.AvroSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Fuzzes the event decoder: random bytes, valid frames with mutated payloads, random schema ids and deep or
 * recursive values either decode or are refused with an {@link EventDecodingException} and its code, never any
 * other Throwable (a StackOverflowError included), and each within a time bound.
 */
class EventDecoderPropertyTest {

    private static final Duration BOUND = Duration.ofSeconds(5);
    private static final Set<DeadLetterCode> DECODE_CODES = Set.of(DeadLetterCode.NULL_VALUE, DeadLetterCode.NOT_AVRO,
            DeadLetterCode.UNKNOWN_SCHEMA, DeadLetterCode.MALFORMED_AVRO, DeadLetterCode.TOO_DEEP);

    private static DevSchemaRegistry registry;
    private static SchemaRegistryClient client;
    private static EventDecoder decoder;
    private static int recursiveId;
    private static int deepId;
    private static final List<byte[]> SEEDS = new ArrayList<>();

    @BeforeContainer
    static void start() throws Exception {
        registry = DevSchemaRegistry.start("localhost", 0, null);
        client = RestSchemaRegistryClient.create(registry.url());
        Map<String, Object> config = Map.of("schema.registry.url", registry.url());
        decoder = new EventDecoder(AvroSerdes.generic(client, config, false).deserializer(), Duration.ZERO);
        Serializer<GenericRecord> serializer = AvroSerdes.generic(client, config, false).serializer();
        Transactions.Generator generator = Transactions.generator(3);
        for (int i = 0; i < 20; i++) {
            SEEDS.add(serializer.serialize("events", generator.next(Transactions.DEFAULT_START_MILLIS + i)));
        }
        recursiveId = client.register("hostile-recursive-value", HostileInputs.RECURSIVE);
        deepId = client.register("hostile-deep-value", HostileInputs.deep(100));
        SEEDS.add(HostileInputs.chain(recursiveId, 10));
        SEEDS.add(HostileInputs.deepValue(deepId, 7));
    }

    @AfterContainer
    static void stop() {
        client.close();
        registry.close();
    }

    @Property(tries = 300)
    void shouldRefuseRandomBytesWithACode(@ForAll @Size(max = 400) byte[] bytes) {
        assertDecodesOrRefuses(bytes);
    }

    @Property(tries = 200)
    void shouldRefuseRandomPayloadsBehindAKnownSchemaIdWithACode(@ForAll("knownIds") int id,
                                                                  @ForAll @Size(max = 400) byte[] payload) {
        assertDecodesOrRefuses(HostileInputs.framed(id, payload));
    }

    @Property(tries = 40)
    void shouldRefuseRandomSchemaIdsWithACode(@ForAll int id, @ForAll @Size(max = 64) byte[] payload) {
        assertDecodesOrRefuses(HostileInputs.framed(id, payload));
    }

    @Property(tries = 1000)
    void shouldRefuseMutatedFramesWithACode(@ForAll("mutatedFrames") byte[] bytes) {
        assertDecodesOrRefuses(bytes);
    }

    @Property(tries = 60)
    void shouldDecodeShallowRecursiveValuesAndRefuseDeepOnesAsTooDeep(@ForAll @IntRange(min = 1, max = 300_000) int depth) {
        DeadLetterCode code = assertDecodesOrRefuses(HostileInputs.chain(recursiveId, depth));
        // the top-level node is depth 1, so a chain of depth nodes nests depth + 1 records
        assertThat(code).isEqualTo(depth + 1 <= 64 ? null : DeadLetterCode.TOO_DEEP);
    }

    @Property(tries = 20)
    void shouldRefuseDeepSchemasAsTooDeep(@ForAll int leaf) {
        assertThat(assertDecodesOrRefuses(HostileInputs.deepValue(deepId, leaf))).isEqualTo(DeadLetterCode.TOO_DEEP);
    }

    @Provide
    Arbitrary<Integer> knownIds() {
        return Arbitraries.of(1, 2, recursiveId, deepId);
    }

    @Provide
    Arbitrary<byte[]> mutatedFrames() {
        return Combinators.combine(Arbitraries.of(SEEDS), Arbitraries.integers().between(1, 8), Arbitraries.longs())
                .as((seed, rounds, random) -> HostileInputs.mutate(seed, rounds, new Random(random)));
    }

    /** The code the value was refused with, or null when it decoded; fails on anything else or past the bound. */
    private static DeadLetterCode assertDecodesOrRefuses(byte[] bytes) {
        return assertTimeoutPreemptively(BOUND, () -> {
            try {
                assertThat(decoder.decode("events", bytes)).isNotNull();
                return null;
            } catch (EventDecodingException e) {
                assertThat(e.code()).isIn(DECODE_CODES);
                assertThat(e.getMessage()).isNotBlank();
                return e.code();
            }
        });
    }
}
