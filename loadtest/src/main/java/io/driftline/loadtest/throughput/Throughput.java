package io.driftline.loadtest.throughput;

/**
 * One drain of a pre-produced topic, timed: from the app's start to the first output, then to the moment its
 * committed input offsets reached the end.
 *
 * @param events                  events the topic held (the end offsets, summed)
 * @param startNanos              when the app was started ({@link System#nanoTime()})
 * @param firstOutputNanos        when its first output was seen
 * @param committedAtFirstOutput  input offsets committed when the first output was seen (summed)
 * @param endNanos                when its committed input offsets reached the end
 */
record Throughput(long events, long startNanos, long firstOutputNanos, long committedAtFirstOutput, long endNanos) {

    Throughput {
        if (events < 1) {
            throw new IllegalArgumentException("events must be >= 1: " + events);
        }
        if (firstOutputNanos < startNanos || endNanos < firstOutputNanos) {
            throw new IllegalArgumentException("times must not decrease: start " + startNanos + ", first output "
                    + firstOutputNanos + ", end " + endNanos);
        }
        if (committedAtFirstOutput < 0 || committedAtFirstOutput > events) {
            throw new IllegalArgumentException("committed at first output must be in [0, " + events + "]: "
                    + committedAtFirstOutput);
        }
    }

    /**
     * Events a second once running: what was left at the first output over the time from there to the end. Start-up
     * (JVM warm, restore, rebalance, model load) is left out; what was processed but not yet committed at the first
     * output counts in the steady part, so this errs low by at most one commit interval's events.
     */
    double steadyPerSecond() {
        long nanos = endNanos - firstOutputNanos;
        return nanos == 0 ? Double.POSITIVE_INFINITY : (events - committedAtFirstOutput) * 1e9 / nanos;
    }

    /** The events of the steady part, at least one: what CPU per event divides by. */
    long steadyEvents() {
        return Math.max(1, events - committedAtFirstOutput);
    }

    /** Events a second over the whole run, start-up included. */
    double overallPerSecond() {
        long nanos = endNanos - startNanos;
        return nanos == 0 ? Double.POSITIVE_INFINITY : events * 1e9 / nanos;
    }

    /** Seconds from the start to the first output. */
    double startupSeconds() {
        return (firstOutputNanos - startNanos) / 1e9;
    }
}
