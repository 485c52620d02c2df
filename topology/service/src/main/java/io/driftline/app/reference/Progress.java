package io.driftline.app.reference;

import java.io.PrintWriter;
import java.nio.file.Path;

/** Rows read so far, on stderr every few seconds, for files that take that long; silent for small ones. */
final class Progress {

    private static final long EVERY_NANOS = 5_000_000_000L;

    private final PrintWriter out;
    private final Path file;
    private final String pass;
    private final long start = System.nanoTime();
    private long last = start;
    private boolean printed;

    Progress(PrintWriter out, Path file, String pass) {
        this.out = out;
        this.file = file;
        this.pass = pass;
    }

    void row(long rows) {
        if (out == null || (rows & 1023) != 0) {
            return;
        }
        long now = System.nanoTime();
        if (now - last >= EVERY_NANOS) {
            last = now;
            print(rows, now);
        }
    }

    void done(long rows) {
        if (printed) {
            print(rows, System.nanoTime());
        }
    }

    private void print(long rows, long now) {
        printed = true;
        double seconds = (now - start) / 1e9;
        out.printf("%s %s: %,d rows in %.0f s (%,.0f rows/s)%n", pass, file.getFileName(), rows, seconds,
                rows / Math.max(seconds, 1e-9));
        out.flush();
    }
}
