package io.driftline.devkit.embedded;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Holds a file lock on {@code args[0]} for {@code args[1]} milliseconds, then exits: what a broker still stopping
 * does to its log directory's {@code .lock} (Kafka locks it the same way, released when its process ends).
 */
public final class LogDirLocker {

    private LogDirLocker() {
    }

    public static void main(String[] args) throws Exception {
        try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE,
                StandardOpenOption.CREATE)) {
            FileLock lock = channel.lock();
            System.out.println("LOCKED");
            System.out.flush();
            Thread.sleep(Long.parseLong(args[1]));
            lock.release();
        }
    }
}
