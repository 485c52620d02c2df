package io.driftline.topology.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StatsCounterTest {

    @Test
    void shouldCountEverythingInTheOrderHandedInOnceAwaited() {
        List<Integer> counted = Collections.synchronizedList(new ArrayList<>());
        Set<String> threads = Collections.synchronizedSet(new HashSet<>());
        int n = StatsCounter.BATCH * 5 + 17;
        try (StatsCounter counter = new StatsCounter("stats-test-order")) {
            for (int i = 0; i < n; i++) {
                int value = i;
                counter.submit(() -> {
                    counted.add(value);
                    threads.add(Thread.currentThread().getName());
                });
            }
            counter.await();
            assertThat(counted).containsExactlyElementsOf(IntStream.range(0, n).boxed().toList());
            assertThat(threads).as("full batches on the worker, the rest on the caller")
                    .containsExactlyInAnyOrder("stats-test-order", Thread.currentThread().getName());
        }
    }

    @Test
    void shouldCountAPartialBatchOnTheCallingThreadAtAwait() {
        List<String> threads = new ArrayList<>();
        try (StatsCounter counter = new StatsCounter("stats-test-partial")) {
            counter.submit(() -> threads.add(Thread.currentThread().getName()));
            assertThat(threads).as("not counted before the barrier").isEmpty();
            counter.await();
            assertThat(threads).containsExactly(Thread.currentThread().getName());
            counter.await();
            assertThat(threads).as("counted once").hasSize(1);
        }
    }

    @Test
    void shouldStopTheStreamThreadWhenTheWorkerFallsTooFarBehind() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch handedIn = new CountDownLatch(1);
        try (StatsCounter counter = new StatsCounter("stats-test-bound")) {
            Thread streamThread = new Thread(() -> {
                counter.submit(() -> awaitQuietly(release)); // the worker's first batch blocks
                for (int i = 1; i < StatsCounter.BATCH * (StatsCounter.IN_FLIGHT + 1); i++) {
                    counter.submit(() -> { });
                }
                handedIn.countDown();
            });
            streamThread.start();
            assertThat(handedIn.await(300, TimeUnit.MILLISECONDS))
                    .as("a third batch waits for the first while two are in flight").isFalse();
            assertThat(streamThread.getState()).isEqualTo(Thread.State.WAITING);
            release.countDown();
            assertThat(handedIn.await(10, TimeUnit.SECONDS)).isTrue();
            streamThread.join();
        }
    }

    @Test
    void shouldRethrowAnErrorRaisedOnTheWorkerAtTheBarrier() {
        try (StatsCounter counter = new StatsCounter("stats-test-error")) {
            counter.submit(() -> {
                throw new AssertionError("boom");
            });
            for (int i = 1; i < StatsCounter.BATCH; i++) {
                counter.submit(() -> { });
            }
            assertThatThrownBy(counter::await).isInstanceOf(AssertionError.class).hasMessage("boom");
        }
    }

    @Test
    void shouldStopItsThreadOnClose() throws InterruptedException {
        StatsCounter counter = new StatsCounter("stats-test-close");
        for (int i = 0; i < StatsCounter.BATCH; i++) {
            counter.submit(() -> { });
        }
        assertThat(thread("stats-test-close")).isNotNull();
        counter.close();
        Thread worker = thread("stats-test-close");
        if (worker != null) {
            worker.join(10_000);
            assertThat(worker.isAlive()).isFalse();
        }
    }

    private static Thread thread(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElse(null);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
