package io.driftline.connectors.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Back-off bounds and Retry-After parsing. */
class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private static RetryPolicy policy(long base, long max, boolean highestJitter) {
        return new RetryPolicy(5, Duration.ofMillis(base), Duration.ofMillis(max),
                bound -> highestJitter ? bound : 0);
    }

    @Test
    void shouldDoubleTheWaitWithJitterBetweenHalfAndAllOfItUpToTheMaximum() {
        RetryPolicy low = policy(500, 10_000, false);
        RetryPolicy high = policy(500, 10_000, true);

        assertThat(low.delay(0, Optional.empty())).hasMillis(250);
        assertThat(high.delay(0, Optional.empty())).hasMillis(500);
        assertThat(low.delay(1, Optional.empty())).hasMillis(500);
        assertThat(high.delay(3, Optional.empty())).hasMillis(4_000);
        assertThat(high.delay(5, Optional.empty())).hasMillis(10_000);
        assertThat(low.delay(5, Optional.empty())).hasMillis(5_000);
        assertThat(high.delay(200, Optional.empty())).hasMillis(10_000);
    }

    @Test
    void shouldNotOverflowWithAHugeBase() {
        assertThat(policy(Long.MAX_VALUE / 2, Long.MAX_VALUE, true).delay(40, Optional.empty()))
                .isEqualTo(Duration.ofMillis(Long.MAX_VALUE));
    }

    @Test
    void shouldTakeRetryAfterInsteadOfTheBackOffCappedAtTheMaximum() {
        RetryPolicy policy = policy(500, 10_000, true);

        assertThat(policy.delay(0, Optional.of(Duration.ofSeconds(3)))).hasSeconds(3);
        assertThat(policy.delay(0, Optional.of(Duration.ofHours(1)))).hasSeconds(10);
    }

    @Test
    void shouldReadRetryAfterAsSecondsOrAnHttpDate() {
        assertThat(RetryPolicy.parseRetryAfter(Optional.of("120"), NOW)).contains(Duration.ofSeconds(120));
        assertThat(RetryPolicy.parseRetryAfter(Optional.of(" 0 "), NOW)).contains(Duration.ZERO);
        assertThat(RetryPolicy.parseRetryAfter(Optional.of("Sun, 01 Mar 2026 10:00:30 GMT"), NOW))
                .contains(Duration.ofSeconds(30));
        assertThat(RetryPolicy.parseRetryAfter(Optional.of("Sun, 01 Mar 2026 09:00:00 GMT"), NOW))
                .contains(Duration.ZERO);
    }

    @Test
    void shouldIgnoreAMissingOrUnreadableRetryAfter() {
        assertThat(RetryPolicy.parseRetryAfter(Optional.empty(), NOW)).isEmpty();
        assertThat(RetryPolicy.parseRetryAfter(Optional.of("soon"), NOW)).isEmpty();
        assertThat(RetryPolicy.parseRetryAfter(Optional.of("-5"), NOW)).isEmpty();
    }
}
