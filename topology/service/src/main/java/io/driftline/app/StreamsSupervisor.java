package io.driftline.app;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the instance's Kafka Streams: logs how long start-up took (models, restores) once it is running with
 * nothing left to restore, and replaces Kafka Streams when it goes to ERROR (a dead stream thread is replaced by
 * Kafka itself; a dead global thread takes the whole client down, and so would every later start without help).
 * Replacements are bounded: more than {@value #MAX_REPLACEMENTS} within {@value #WINDOW_MINUTES} minutes means the
 * instance cannot make progress, which {@link #failure()} says (and {@code /health} then reports).
 */
final class StreamsSupervisor implements AutoCloseable {

    static final int MAX_REPLACEMENTS = 5;
    static final int WINDOW_MINUTES = 10;
    private static final Logger log = LoggerFactory.getLogger(StreamsSupervisor.class);

    private final Consumer<KafkaStreams> replace;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "driftline-streams-supervisor");
        t.setDaemon(true);
        return t;
    });
    private final Deque<Long> replacements = new ArrayDeque<>();
    private final Deque<Long> threadFailures = new ArrayDeque<>();
    private volatile boolean closed;
    private volatile String failure;

    StreamsSupervisor(Consumer<KafkaStreams> replace) {
        this.replace = replace;
    }

    /** Logs, once, how long the start took: to models loaded, and to running with every store restored. */
    void watchStartup(long startedAtNanos, long modelsMs, Supplier<KafkaStreams.State> state,
                      RestoreProgress restore) {
        Thread watch = new Thread(() -> {
            while (!closed) {
                if (state.get() == KafkaStreams.State.RUNNING && !restore.restoring()) {
                    log.info("Started in {} ms: models loaded after {} ms, then {} state records restored",
                            (System.nanoTime() - startedAtNanos) / 1_000_000, modelsMs, restore.totalRestored());
                    return;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "driftline-startup-watch");
        watch.setDaemon(true);
        watch.start();
    }

    /** Kafka Streams went to ERROR: replace it off the thread that reported it. */
    void failed(KafkaStreams streams) {
        if (closed) {
            return;
        }
        log.error("Kafka Streams went to ERROR; replacing it with a fresh instance on the same state directory");
        executor.execute(() -> replaceBounded(streams));
    }

    private void replaceBounded(KafkaStreams streams) {
        long now = System.currentTimeMillis();
        while (!replacements.isEmpty() && now - replacements.peekFirst() > TimeUnit.MINUTES.toMillis(WINDOW_MINUTES)) {
            replacements.removeFirst();
        }
        if (replacements.size() >= MAX_REPLACEMENTS) {
            failure = "Kafka Streams failed " + (MAX_REPLACEMENTS + 1) + " times within " + WINDOW_MINUTES
                    + " minutes; not replaced again (see the log for the cause)";
            log.error(failure);
            return;
        }
        replacements.addLast(now);
        try {
            Thread.sleep(Math.min(30_000, 1_000L << (replacements.size() - 1))); // back off: 1, 2, 4, 8, 16 s
            if (!closed) {
                replace.accept(streams);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = "Replacing Kafka Streams failed: " + e;
            log.error("Replacing Kafka Streams failed", e);
        }
    }

    /** A stream thread died (Kafka Streams replaces it). */
    synchronized void threadFailed() {
        threadFailures.addLast(System.currentTimeMillis());
        while (threadFailures.size() > 100) {
            threadFailures.removeFirst();
        }
    }

    /** Stream thread deaths within the last {@code minutes}. */
    synchronized int threadFailuresWithin(int minutes) {
        long since = System.currentTimeMillis() - TimeUnit.MINUTES.toMillis(minutes);
        return (int) threadFailures.stream().filter(t -> t >= since).count();
    }

    /** Why the instance cannot make progress, or null. */
    String failure() {
        return failure;
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
    }
}
