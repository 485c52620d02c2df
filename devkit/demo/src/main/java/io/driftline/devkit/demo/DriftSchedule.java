package io.driftline.devkit.demo;

import io.driftline.devkit.payments.DemoDrift;
import io.driftline.devkit.payments.Transactions;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * When the demo's drift is on: from {@code from} to {@code until} of event time (epoch milliseconds) payments come
 * from the drifted world, before and after from the original one; both continue one simulation. Says so, once
 * each, when the drift starts and when it is removed.
 */
final class DriftSchedule {

    /** Makes the schedule once the demo's start time is known. */
    interface Factory {
        DriftSchedule at(long start);
    }

    private final DemoDrift drift;
    private final long from;
    private final long until;
    private final Consumer<String> notice;
    private Transactions.Generator world;
    private Transactions.Generator drifted;
    private boolean started;
    private boolean ended;

    private DriftSchedule(DemoDrift drift, long from, long until, Consumer<String> notice) {
        this.drift = drift;
        this.from = from;
        this.until = until;
        this.notice = notice;
    }

    /** No drift: payments always come from the original world. */
    static DriftSchedule none() {
        return new DriftSchedule(null, Long.MAX_VALUE, Long.MAX_VALUE, text -> { });
    }

    /**
     * {@code drift} from {@code start + at} for {@code length} (null: until the demo stops).
     *
     * @param notice told, in words, when the drift starts and stops
     */
    static DriftSchedule of(DemoDrift drift, long start, Duration at, Duration length, Consumer<String> notice) {
        long from = start + at.toMillis();
        return new DriftSchedule(drift, from, length == null ? Long.MAX_VALUE : from + length.toMillis(), notice);
    }

    boolean enabled() {
        return drift != null;
    }

    /** The generator to draw the payment after one at {@code eventTime} from; {@code base} is the original world. */
    Transactions.Generator after(long eventTime, Transactions.Generator base) {
        if (drift == null) {
            return base;
        }
        if (world == null) {
            world = base;
            drifted = drift.apply(base);
        }
        if (eventTime >= until) {
            if (!ended) {
                ended = true;
                notice.accept("DRIFT removed: payments are back to the training distribution (" + drift.describe()
                        + " no more)");
            }
            return world;
        }
        if (eventTime >= from) {
            if (!started) {
                started = true;
                notice.accept("DRIFT injected: " + drift.describe() + (until == Long.MAX_VALUE ? ", until the demo stops"
                        : ", for " + DemoDurations.format(Duration.ofMillis(until - from))));
            }
            return drifted;
        }
        return world;
    }
}
