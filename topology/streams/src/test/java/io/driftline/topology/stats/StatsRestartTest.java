package io.driftline.topology.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftline.DriftReport;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.devkit.payments.Transactions;
import io.driftline.models.bundle.ModelBundle;
import io.driftline.models.drift.WindowFeature;
import io.driftline.topology.score.ScoredEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Restarts, processor by processor: what a crash leaves in the stores (everything up to the last commit) plus the
 * events Kafka Streams then processes again give the same partial as a run without the crash, and a merge that
 * restarts and sees its partials again does not report twice.
 */
class StatsRestartTest {

    private static final long T0 = Transactions.DEFAULT_START_MILLIS;
    private static final StatsSettings SETTINGS = StatsSettings.defaults()
            .withWindows(Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofSeconds(30))
            .withInputPartitions(InputPartitions.fixed(3));

    private static ModelBundle bundle;
    private static DemoScoring demo;
    private static List<ScoredEvent> window;
    private static ScoredEvent closer;

    @BeforeAll
    static void score() {
        bundle = DemoModel.train("1", 43, 2_000);
        demo = new DemoScoring(bundle, 29);
        window = demo.until(T0 + Duration.ofMinutes(5).toMillis());
        demo.until(T0 + Duration.ofMinutes(6).toMillis());
        closer = demo.next(); // past the window's end plus grace
    }

    @AfterAll
    static void close() {
        demo.close();
    }

    /** A task: the processor, its mock context and its accumulator store over {@code inner}. */
    private static final class Task {
        final MockProcessorContext<String, WindowPartial> context = new MockProcessorContext<>();
        final AccumulatorStore store;
        final WindowStatsProcessor processor = new WindowStatsProcessor(SETTINGS, demo.registry, new StatsMetrics());
        long streamTime = Long.MIN_VALUE;

        Task(KeyValueStore<Bytes, AccumulatorEntry> inner) {
            store = new AccumulatorStore(inner); // inner is initialised already: it is the restored store
            context.addStateStore(store);
            context.setCurrentSystemTimeMs(0);
            processor.init(context);
        }

        void process(List<ScoredEvent> events) {
            events.forEach(this::process);
        }

        void process(ScoredEvent event) {
            streamTime = Math.max(streamTime, event.event().timestamp());
            context.setCurrentStreamTimeMs(streamTime);
            processor.process(new Record<String, Object>(event.event().key(), event, event.event().timestamp()));
        }

        WindowPartial onlyPartial() {
            List<MockProcessorContext.CapturedForward<? extends String, ? extends WindowPartial>> out =
                    context.forwarded();
            assertThat(out).hasSize(1);
            return out.get(0).record().value();
        }
    }

    private static KeyValueStore<Bytes, AccumulatorEntry> innerStore(String name) {
        KeyValueStore<Bytes, AccumulatorEntry> inner = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.Bytes(), AccumulatorEntry.LAYOUT).withLoggingDisabled().build();
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        inner.init(context.getStateStoreContext(), inner);
        return inner;
    }

    private static KeyValueStore<Bytes, MergeState> mergeStore() {
        KeyValueStore<Bytes, MergeState> store = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(StatsStage.MERGE_STORE), Serdes.Bytes(), MergeState.LAYOUT)
                .withLoggingDisabled().build();
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    @Test
    void shouldJudgeLiveSharesOfAnOpenWindowFromTwoTasksAsTheWholeWindow() {
        // Two tasks each hold half of the window, as committed to their stores: what /api/windows/live reads.
        KeyValueStore<Bytes, AccumulatorEntry> first = innerStore(StatsStage.ACCUMULATOR_STORE);
        KeyValueStore<Bytes, AccumulatorEntry> second = innerStore(StatsStage.ACCUMULATOR_STORE);
        Task a = new Task(first);
        Task b = new Task(second);
        for (int i = 0; i < window.size(); i++) {
            (i % 2 == 0 ? a : b).process(window.get(i));
        }
        a.store.flushCache();
        b.store.flushCache();
        List<byte[]> shares = new java.util.ArrayList<>();
        for (KeyValueStore<Bytes, AccumulatorEntry> store : List.of(first, second)) {
            try (var it = store.all()) {
                it.forEachRemaining(entry -> {
                    if (entry.value instanceof AccumulatorEntry.Window w) {
                        shares.add(StatsCodec.encode(w.stats()));
                    }
                });
            }
        }
        List<byte[]> carried = LiveWindows.unpack(LiveWindows.pack(shares)); // between instances

        List<io.driftline.DriftReport> live = LiveWindows.judge(carried, demo.registry, SETTINGS, 42L);
        assertThat(live).singleElement().satisfies(report -> {
            assertThat(report.getCount()).isEqualTo(window.size());
            assertThat(report.getPartitions()).as("shares merged").isEqualTo(2);
            assertThat(report.getCreatedAt().toEpochMilli()).isEqualTo(42L);
            assertThat(report.getFeatures()).allSatisfy(f -> assertThat(f.getCount() + Math.round(f.getMissingRate()
                    * window.size())).as(f.getFeature()).isEqualTo(window.size()));
        });
        assertThat(a.context.forwarded()).as("nothing closed").isEmpty();
    }

    @Test
    void shouldRebuildOpenWindowsFromTheLastCommitAndCountReprocessedEventsOnce() {
        WindowStats expected = uninterruptedPartial();

        KeyValueStore<Bytes, AccumulatorEntry> inner = innerStore(StatsStage.ACCUMULATOR_STORE);
        Task crashing = new Task(inner);
        int committed = window.size() * 3 / 5;
        crashing.process(window.subList(0, committed));
        crashing.store.flushCache(); // the commit: these events' offsets and their statistics, together
        crashing.process(window.subList(committed, window.size())); // processed, never committed
        assertThat(crashing.context.forwarded()).isEmpty();

        // Crash: the in-memory windows are gone, the store holds the last commit, the rest is processed again.
        assertSameCounts(restartAndFinish(inner, committed).onlyPartial().stats(), expected);
        assertThat(inner.approximateNumEntries()).as("the closed window's entry is deleted; the clock stays").isOne();
        assertThat(inner.get(AccumulatorStore.CLOCK_KEY)).isNotNull();
    }

    @Test
    void shouldWriteLiveTrafficAsDeltasAndRebuildTheWindowFromThemAfterACrash() {
        WindowStats expected = uninterruptedPartial();

        // Live traffic: a few events between commits, so that after the first commits each write-back is a delta.
        KeyValueStore<Bytes, AccumulatorEntry> inner = innerStore(StatsStage.ACCUMULATOR_STORE);
        Task crashing = new Task(inner);
        int committed = window.size() * 3 / 5;
        int mostDeltas = 0;
        long wholeWrites = 0;
        for (int from = 0; from < committed; from += 3) {
            crashing.process(window.subList(from, Math.min(committed, from + 3)));
            crashing.store.flushCache();
            Map<Byte, Long> kinds = kinds(inner);
            mostDeltas = Math.max(mostDeltas, kinds.getOrDefault(AccumulatorEntry.DELTA, 0L).intValue());
            wholeWrites += kinds.getOrDefault(AccumulatorEntry.DELTA, 0L) == 0 ? 1 : 0;
        }
        assertThat(committed / 3).as("enough commits for the deltas to be compacted at least once")
                .isGreaterThan(2 * AccumulatorStore.MAX_DELTAS);
        assertThat(mostDeltas).as("deltas were written, and never more than the most allowed")
                .isEqualTo(AccumulatorStore.MAX_DELTAS);
        assertThat(wholeWrites).as("whole windows: the first commits, then one after each run of deltas")
                .isLessThan(committed / 3 / 8);
        assertThat(kinds(inner).get(AccumulatorEntry.WINDOW)).as("one whole window besides its deltas").isOne();
        crashing.process(window.subList(committed, window.size())); // processed, never committed

        Task restarted = restartAndFinish(inner, committed); // the window is its whole plus its deltas
        assertSameCounts(restarted.onlyPartial().stats(), expected);
        restarted.store.flushCache();
        assertThat(kinds(inner)).as("the closed window's whole and deltas are deleted; the next window and the clock")
                .containsOnlyKeys(AccumulatorEntry.WINDOW, AccumulatorEntry.CLOCK)
                .containsEntry(AccumulatorEntry.WINDOW, 1L);
    }

    /** The partial of the window's events processed by one task with no crash. */
    private static WindowStats uninterruptedPartial() {
        Task uninterrupted = new Task(innerStore(StatsStage.ACCUMULATOR_STORE));
        uninterrupted.process(window);
        uninterrupted.process(closer);
        return uninterrupted.onlyPartial().stats();
    }

    /**
     * A task started on the store a crash left, which holds the window's first {@code committed} events; it is given
     * the rest of the window again, then the closer.
     */
    private static Task restartAndFinish(KeyValueStore<Bytes, AccumulatorEntry> inner, int committed) {
        Task restarted = new Task(inner);
        assertThat(restarted.store.windows().values()).singleElement()
                .satisfies(w -> assertThat(w.events()).isEqualTo(committed));
        restarted.process(window.subList(committed, window.size()));
        restarted.process(closer);
        return restarted;
    }

    /** Entries of the inner store by kind. */
    private static Map<Byte, Long> kinds(KeyValueStore<Bytes, AccumulatorEntry> inner) {
        Map<Byte, Long> out = new java.util.HashMap<>();
        try (var it = inner.all()) {
            it.forEachRemaining(e -> out.merge(e.value instanceof AccumulatorEntry.Window ? AccumulatorEntry.WINDOW
                    : e.value instanceof AccumulatorEntry.Delta ? AccumulatorEntry.DELTA : AccumulatorEntry.CLOCK,
                    1L, Long::sum));
        }
        return out;
    }

    private static void assertSameCounts(WindowStats actual, WindowStats expected) {
        assertThat(actual.events()).isEqualTo(window.size()).isEqualTo(expected.events());
        assertThat(actual.labels()).isEqualTo(expected.labels());
        for (int f = 0; f < expected.features().size(); f++) {
            WindowFeature want = expected.features().get(f).toWindowFeature();
            WindowFeature got = actual.features().get(f).toWindowFeature();
            assertThat(got.count()).as(want.name()).isEqualTo(want.count());
            assertThat(got.missingCount()).as(want.name()).isEqualTo(want.missingCount());
            assertThat(got.bucketCounts()).as(want.name()).containsExactly(want.bucketCounts());
            assertThat(got.categoryCounts()).as(want.name()).isEqualTo(want.categoryCounts());
            if (want.sketch() != null) {
                assertThat(got.sketch().getN()).isEqualTo(want.sketch().getN());
                assertThat(got.mean()).isCloseTo(want.mean(), within(1e-9 * Math.abs(want.mean()) + 1e-12));
            }
        }
    }

    @Test
    void shouldRestartOnTheAccumulatorBytesMainWrote() {
        WindowStats expected = uninterruptedPartial();

        KeyValueStore<Bytes, AccumulatorEntry> before = innerStore(StatsStage.ACCUMULATOR_STORE);
        Task old = new Task(before);
        int committed = window.size() / 2;
        old.process(window.subList(0, committed));
        old.store.flushCache();
        // The store as main left it: windows in StatsCodec's own layout (version 2), the clock as version 1 and
        // an int64; restored (through the layout) into the store of the upgraded task.
        KeyValueStore<Bytes, AccumulatorEntry> upgraded = innerStore(StatsStage.ACCUMULATOR_STORE);
        try (var it = before.all()) {
            it.forEachRemaining(entry -> {
                byte[] main = entry.value instanceof AccumulatorEntry.Window w ? StatsCodec.encode(w.stats())
                        : java.nio.ByteBuffer.allocate(9).put((byte) 1)
                                .putLong(((AccumulatorEntry.Clock) entry.value).time()).array();
                upgraded.put(entry.key, AccumulatorEntry.LAYOUT.decode(main));
            });
        }
        Task restarted = new Task(upgraded);
        assertThat(restarted.store.clock()).isEqualTo(old.store.clock());
        restarted.process(window.subList(committed, window.size()));
        restarted.process(closer);
        WindowStats actual = restarted.onlyPartial().stats();
        assertThat(actual.events()).isEqualTo(expected.events());
        assertThat(actual.labels()).isEqualTo(expected.labels());
        assertThat(StatsCodec.encode(actual).length).isEqualTo(StatsCodec.encode(expected).length);
    }

    @Test
    void shouldRestoreTheWindowClockSoThatAClosedWindowStaysClosedAfterARestart() {
        KeyValueStore<Bytes, AccumulatorEntry> inner = innerStore(StatsStage.ACCUMULATOR_STORE);
        Task first = new Task(inner);
        first.process(window);
        first.process(closer); // the window clock passes the window's end plus grace: its partial goes out
        assertThat(first.onlyPartial().stats().events()).isEqualTo(window.size());
        first.store.flushCache(); // committed: the tombstone, the closer's new window and the clock

        Task restarted = new Task(inner);
        assertThat(restarted.store.clock()).isEqualTo(closer.event().timestamp());
        restarted.process(window.get(0)); // a late event of the closed window, after the restart
        restarted.process(closer);
        assertThat(restarted.context.forwarded()).as("the closed window is not opened and sent again").isEmpty();
        assertThat(restarted.store.windows().keySet()).extracting(WindowKey::windowStart)
                .containsExactly(closer.event().timestamp() - Math.floorMod(closer.event().timestamp(),
                        Duration.ofMinutes(5).toMillis()));
    }

    @Test
    void shouldReportAWindowOnceWhenTheMergeSeesItsPartialsAgainAfterARestart() {
        KeyValueStore<Bytes, MergeState> store = mergeStore();
        List<WindowPartial> partials = List.of(partial(0, 0, 400), partial(1, 400, 800),
                partial(2, 800, window.size()));

        MockProcessorContext<String, DriftReport> first = mergeContext(store);
        PartialMergeProcessor merge = new PartialMergeProcessor(SETTINGS, demo.registry);
        merge.init(first);
        partials.forEach(p -> merge.process(new Record<>("fraud", p, T0)));
        assertThat(first.forwarded()).singleElement()
                .satisfies(r -> assertThat(r.record().value().getCount()).isEqualTo(window.size()));
        merge.close();

        // Restart (at-least-once: the partials' offsets were not committed) and the same partials once more.
        MockProcessorContext<String, DriftReport> second = mergeContext(store);
        PartialMergeProcessor restarted = new PartialMergeProcessor(SETTINGS, demo.registry);
        restarted.init(second);
        partials.forEach(p -> restarted.process(new Record<>("fraud", p, T0)));
        second.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(Long.MAX_VALUE / 2));
        assertThat(second.forwarded()).isEmpty();
    }

    private static MockProcessorContext<String, DriftReport> mergeContext(KeyValueStore<Bytes, MergeState> store) {
        MockProcessorContext<String, DriftReport> context = new MockProcessorContext<>();
        context.addStateStore(store);
        context.setCurrentSystemTimeMs(1_000);
        return context;
    }

    private static WindowPartial partial(int partition, int from, int to) {
        ModelLayout layout = ModelLayout.of(demo.model);
        WindowStats stats = layout.newWindow(T0, T0 + Duration.ofMinutes(5).toMillis(), false);
        window.subList(from, to).forEach(e -> layout.add(stats, e));
        return StatsCodec.decodePartial(StatsCodec.encode(new WindowPartial(stats, partition, 3)));
    }
}
