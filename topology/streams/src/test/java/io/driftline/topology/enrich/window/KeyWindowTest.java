package io.driftline.topology.enrich.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** One key's window held in memory ({@link KeyWindows.Window}) against a {@code TreeMap} doing the same. */
class KeyWindowTest {

    @Test
    void shouldKeepEntriesInTimeOrderWhateverOrderTheyArriveIn() {
        KeyWindows.Window window = new KeyWindows.Window("card-1");
        window.set(30, entry(3));
        window.set(10, entry(1));
        window.set(20, entry(2));
        window.set(40, entry(4));
        SampleEntry again = entry(22);
        window.set(20, again); // the same millisecond again: replaced
        assertThat(times(window)).containsExactly(10L, 20L, 30L, 40L);
        assertThat(window.entry(1)).isSameAs(again);
        assertThat(window.after(9)).isZero();
        assertThat(window.after(20)).isEqualTo(2);
        assertThat(window.after(25)).isEqualTo(2);
        assertThat(window.after(40)).isEqualTo(4);
        assertThat(window.newest()).isEqualTo(40);
    }

    @Test
    void shouldMatchATreeMapThroughPutsAndExpiryOfEveryKind() throws Exception {
        Random random = new Random(7);
        KeyWindows.Window window = new KeyWindows.Window("card-1");
        TreeMap<Long, SampleEntry> expected = new TreeMap<>();
        long clock = 0;
        var keepFrom = KeyWindows.Window.class.getDeclaredMethod("keepFrom", long.class);
        keepFrom.setAccessible(true);
        for (int step = 0; step < 20_000; step++) {
            clock += random.nextInt(3);
            long t = clock - random.nextInt(random.nextInt(10) == 0 ? 50 : 3); // mostly in order, some late
            SampleEntry e = entry(step);
            window.set(t, e);
            expected.put(t, e);
            if (random.nextInt(4) == 0) {
                long oldest = clock - 40 - random.nextInt(20);
                keepFrom.invoke(window, oldest);
                expected.headMap(oldest, false).clear();
            }
            if (step % 97 == 0) {
                assertThat(times(window)).as("step %d", step).containsExactlyElementsOf(expected.keySet());
                List<SampleEntry> entries = new ArrayList<>();
                for (int i = 0; i < window.size(); i++) {
                    entries.add(window.entry(i));
                }
                assertThat(entries).containsExactlyElementsOf(expected.values());
                long t0 = clock - random.nextInt(60);
                assertThat(window.after(t0)).isEqualTo(expected.headMap(t0, true).size());
            }
        }
        keepFrom.invoke(window, clock + 1);
        assertThat(window.isEmpty()).isTrue();
        window.set(clock + 5, entry(1));
        assertThat(times(window)).containsExactly(clock + 5);
    }

    private static List<Long> times(KeyWindows.Window window) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < window.size(); i++) {
            out.add(window.time(i));
        }
        return out;
    }

    private static SampleEntry entry(int n) {
        return new SampleEntry(n, new byte[0], 0, 0);
    }
}
