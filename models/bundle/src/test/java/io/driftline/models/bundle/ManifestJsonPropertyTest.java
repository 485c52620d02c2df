package io.driftline.models.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Fuzzes the manifest reader ({@link ManifestJson} over {@link PlainJsonReader}): random text, mutated valid
 * manifests and deeply nested JSON either parse or fail with an IllegalArgumentException that says why, never any
 * other Throwable, each within a time bound.
 */
class ManifestJsonPropertyTest {

    private static final Duration BOUND = Duration.ofSeconds(5);
    private static final String VALID = ManifestJson.toJson(Fixtures.manifest());
    private static final String TOKENS = "{}[]\",:0123456789.eE+-truefalsenull \\u";

    @Property(tries = 300)
    void shouldRefuseRandomTextWithAReason(@ForAll String text) {
        assertParsesOrRefuses(text);
    }

    @Property(tries = 1000)
    void shouldRefuseMutatedManifestsWithAReason(@ForAll("mutatedManifests") String text) {
        assertParsesOrRefuses(text);
    }

    @Property(tries = 20)
    void shouldRefuseDeeplyNestedJsonWithAReason(@ForAll @IntRange(min = 1, max = 200_000) int depth,
                                                 @ForAll boolean arrays) {
        String open = arrays ? "[" : "{\"features\":";
        String close = arrays ? "]" : "}";
        assertParsesOrRefuses("{\"features\":" + open.repeat(depth) + "1" + close.repeat(depth) + "}");
    }

    @Provide
    Arbitrary<String> mutatedManifests() {
        return Combinators.combine(Arbitraries.integers().between(1, 8), Arbitraries.longs())
                .as((rounds, seed) -> mutate(VALID, rounds, new Random(seed)));
    }

    private static String mutate(String text, int rounds, Random random) {
        StringBuilder out = new StringBuilder(text);
        for (int r = 0; r < rounds && out.length() > 0; r++) {
            int at = random.nextInt(out.length());
            switch (random.nextInt(4)) {
                case 0 -> out.setCharAt(at, TOKENS.charAt(random.nextInt(TOKENS.length())));
                case 1 -> out.insert(at, TOKENS.charAt(random.nextInt(TOKENS.length())));
                case 2 -> out.deleteCharAt(at);
                default -> out.setLength(at);
            }
        }
        return out.toString();
    }

    private static void assertParsesOrRefuses(String text) {
        assertTimeoutPreemptively(BOUND, () -> {
            try {
                assertThat(ManifestJson.parse(text)).isNotNull();
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        });
    }
}
