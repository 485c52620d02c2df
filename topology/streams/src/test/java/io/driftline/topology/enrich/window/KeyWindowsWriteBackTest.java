package io.driftline.topology.enrich.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The write-back at commit, over a real (in-memory) window store and several events per commit interval, which
 * TopologyTestDriver never gives (it commits after every record): every entry reaches the store, the newest one
 * for a key and millisecond set again after other keys' entries, and nothing before the write-back.
 */
class KeyWindowsWriteBackTest {

    private WindowStore<String, SampleEntry> store;

    @BeforeEach
    void setUp() {
        store = Stores.windowStoreBuilder(Stores.inMemoryWindowStore("w", Duration.ofMinutes(10), Duration.ofMillis(1),
                false), Serdes.String(), SampleEntry.LAYOUT).withLoggingDisabled().build();
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void shouldWriteEveryEntryOfAnIntervalAtTheWriteBackAndTheNewestOfAKeyAndMillisecondSetTwice() {
        KeyWindows windows = new KeyWindows(store, 60_000, 100);
        KeyWindows.Window a = windows.window("a", Long.MIN_VALUE);
        windows.put(a, 1_000, entry("a1"));
        windows.put(a, 1_000, entry("a1+a1")); // the same millisecond at once: one write
        KeyWindows.Window b = windows.window("b", 1_000);
        windows.put(b, 1_000, entry("b1"));
        windows.put(a, 1_000, entry("a1+a1+a1")); // again, after another key's
        windows.put(a, 2_000, entry("a2"));
        windows.put(b, 500, entry("b0")); // out of order
        assertThat(stored("a")).as("nothing before the write-back").isEmpty();

        windows.writeBack();

        assertThat(stored("a")).containsExactly("1000=a1+a1+a1", "2000=a2");
        assertThat(stored("b")).containsExactly("500=b0", "1000=b1");

        // The next interval starts empty: only what it sets is written.
        windows.put(b, 3_000, entry("b3"));
        windows.writeBack();
        assertThat(stored("b")).containsExactly("500=b0", "1000=b1", "3000=b3");
        assertThat(stored("a")).containsExactly("1000=a1+a1+a1", "2000=a2");
    }

    @Test
    void shouldWriteALogLongerThanItsFirstArrays() {
        KeyWindows windows = new KeyWindows(store, 600_000, 10_000);
        for (int i = 0; i < 3_000; i++) {
            String key = "k" + (i % 700);
            windows.put(windows.window(key, i == 0 ? Long.MIN_VALUE : i - 1), i, entry("e" + i));
        }
        windows.writeBack();
        assertThat(stored("k0")).containsExactly("0=e0", "700=e700", "1400=e1400", "2100=e2100", "2800=e2800");
        assertThat(stored("k699")).containsExactly("699=e699", "1399=e1399", "2099=e2099", "2799=e2799");
    }

    @Test
    void shouldWriteNothingOfWhatWasClearedBeforeTheWriteBack() {
        KeyWindows windows = new KeyWindows(store, 60_000, 100);
        windows.put(windows.window("a", Long.MIN_VALUE), 1_000, entry("a1"));
        windows.clear(); // a task closed dirty: restored from its changelog, nothing of this interval kept
        windows.writeBack();
        assertThat(stored("a")).isEmpty();
    }

    private static SampleEntry entry(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new SampleEntry(7, bytes, 0, bytes.length);
    }

    private List<String> stored(String key) {
        List<String> out = new ArrayList<>();
        try (WindowStoreIterator<SampleEntry> it = store.fetch(key, 0, Long.MAX_VALUE)) {
            while (it.hasNext()) {
                KeyValue<Long, SampleEntry> e = it.next();
                out.add(e.key + "=" + new String(e.value.bytes, e.value.offset, e.value.length,
                        StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
