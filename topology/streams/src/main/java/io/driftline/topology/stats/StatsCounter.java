package io.driftline.topology.stats;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Counts one task's events into its window statistics on a thread of its own, in the order the stream thread hands
 * them in, so that the drift statistics (KLL sketch updates most of all: 14-23% of the stream thread in the
 * throughput benchmark's profile) run beside the next batch's decoding and scoring instead of after it.
 *
 * <p>The stream thread decides everything Kafka Streams sees: which windows an event counts in, whether it is
 * late, when windows close, what is dirty. Only the counting itself, a mutation of a window's in-memory
 * {@link WindowStats}, is handed over, in batches of {@value #BATCH} counts, at most {@value #IN_FLIGHT} batches
 * ahead. {@link #await} is the barrier: it returns once everything handed in has been counted (the last partial
 * batch on the calling thread), and the stream thread calls it before it reads or replaces any window's statistics:
 * before a window closes and before the accumulator store writes windows back at the commit
 * ({@link AccumulatorStore#flushCache}, the hook that makes the counts part of the transaction). So every count of
 * an event whose offset is committed is in the changelog of that commit, exactly as when the stream thread counted
 * it itself, and a crash loses only what the store would have lost anyway (the counts since the last commit, whose
 * events are read again). One thread counts a task's events in their order, so the statistics are the same as
 * counted inline.
 *
 * <p>Why by hand: a single-thread executor gives the order, its futures the happens-before edges (the worker's
 * writes are visible to the stream thread after {@code Future.get}); what no library does here is the barrier tied to
 * Kafka Streams' pre-commit hook.
 *
 * <p>Only the task's stream thread calls it.
 */
final class StatsCounter implements AutoCloseable {

    static final int BATCH = 256;
    static final int IN_FLIGHT = 2;

    private final ExecutorService worker;
    private final ArrayDeque<Future<?>> inFlight = new ArrayDeque<>();
    private List<Runnable> batch = new ArrayList<>(BATCH);

    /** @param name the worker thread's name */
    StatsCounter(String name) {
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true); // never keeps the JVM alive: the stream thread awaits it before every commit
            return t;
        });
    }

    /** Counts {@code count} after everything handed in before it; it must not throw. */
    void submit(Runnable count) {
        batch.add(count);
        if (batch.size() >= BATCH) {
            handOff();
        }
    }

    /** Returns once everything handed in has been counted. */
    void await() {
        while (!inFlight.isEmpty()) {
            waitFor(inFlight.removeFirst());
        }
        List<Runnable> rest = batch;
        batch = new ArrayList<>(BATCH);
        rest.forEach(Runnable::run); // fewer than a batch: no hand-off to wait for
    }

    private void handOff() {
        if (inFlight.size() >= IN_FLIGHT) {
            waitFor(inFlight.removeFirst()); // bounded: the worker falling behind slows the stream thread down
        }
        List<Runnable> full = batch;
        batch = new ArrayList<>(BATCH);
        inFlight.addLast(worker.submit(() -> full.forEach(Runnable::run)));
    }

    private static void waitFor(Future<?> done) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    done.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // the counts must land before the commit: wait on, restore the flag after
                }
            }
        } catch (ExecutionException e) {
            // A count must not throw (WindowStatsProcessor catches what counting can raise); an Error gets here.
            Throwable cause = e.getCause();
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("drift statistics counting failed", cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Counts what is left (see {@link #await}) and stops the worker. */
    @Override
    public void close() {
        try {
            await();
        } finally {
            worker.shutdown();
        }
    }
}
