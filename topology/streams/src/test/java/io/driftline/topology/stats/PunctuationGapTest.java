package io.driftline.topology.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PunctuationGapTest {

    @Test
    void shouldTellAPunctuationFarBehindItsScheduleFromOnTimeOnes() {
        PunctuationGap gap = new PunctuationGap(Duration.ofMillis(500), 9_800);
        assertThat(gap.after(10_000)).as("the first, measured from the schedule").isFalse();
        assertThat(gap.after(10_500)).isFalse();
        assertThat(gap.after(12_500)).as("2 s: within twice the interval and the margin").isFalse();
        assertThat(gap.after(14_600)).as("2.1 s after the last").isTrue();
        assertThat(gap.after(15_100)).as("on time again").isFalse();
        assertThat(new PunctuationGap(Duration.ofMillis(500), 0).after(2_001)).as("late from the start").isTrue();
    }
}
