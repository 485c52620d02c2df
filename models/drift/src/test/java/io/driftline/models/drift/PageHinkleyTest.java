package io.driftline.models.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PageHinkleyTest {

    /** Per-event error |y - p| of a fraud model: mostly small, now and then a missed fraud near 1. */
    private static double error(Random random, double missRate) {
        return random.nextDouble() < missRate ? 0.7 + 0.3 * random.nextDouble() : 0.05 * random.nextDouble();
    }

    @Test
    void staysQuietOnAStationaryErrorStream() {
        Random random = new Random(1);
        PageHinkley test = new PageHinkley(PageHinkley.Settings.defaults());
        int signals = 0;
        for (int i = 0; i < 500_000; i++) {
            signals += test.add(error(random, 0.02)) ? 1 : 0;
        }
        assertEquals(0, signals, "no signal in 500k stationary events");
    }

    @Test
    void signalsSoonAfterTheErrorRises() {
        Random random = new Random(2);
        PageHinkley test = new PageHinkley(PageHinkley.Settings.defaults());
        for (int i = 0; i < 20_000; i++) {
            assertTrue(!test.add(error(random, 0.02)), "stationary part");
        }
        int delay = -1;
        for (int i = 0; i < 5_000; i++) {
            if (test.add(error(random, 0.25))) {
                delay = i;
                break;
            }
        }
        // The mean error rises by about 0.2 per event, so the excess passes lambda = 50 after some 250 events.
        assertTrue(delay > 100 && delay < 600, "signalled after " + delay + " events");
        assertEquals(0, test.count(), "starts over after a signal");
    }

    @Test
    void respectsMinInstancesAndRestoresItsState() throws IOException {
        PageHinkley.Settings settings = new PageHinkley.Settings(0.0, 1.0, 10, 1.0);
        PageHinkley test = new PageHinkley(settings);
        for (int i = 0; i < 5; i++) {
            test.add(0);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        test.write(new DataOutputStream(bytes));
        PageHinkley restored = PageHinkley.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())),
                settings);
        assertEquals(5, restored.count());
        // Big values before the tenth are not signalled, however large the statistic.
        for (int i = 0; i < 4; i++) {
            assertTrue(!restored.add(100), "value " + (6 + i) + " is before minInstances");
        }
        assertTrue(restored.statistic() > 1.0);
        assertTrue(restored.add(100), "the tenth value may signal");
    }
}
