package io.driftline.devkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Deletes the working folders that the dev kit, the benchmarks and the tests make in the temporary directory
 * (broker data, Kafka Streams state, logs): each run of the suite or of a benchmark left hundreds of megabytes
 * behind otherwise. The JDK deletes only empty folders, hence the walk.
 */
public final class WorkDirs {

    private WorkDirs() {
    }

    /**
     * Deletes {@code dir} and everything in it, as far as it can; a missing folder is already gone.
     *
     * @return whether nothing of it is left
     */
    public static boolean delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return true;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException | UncheckedIOException e) {
            // a file that vanished or could not be read while walking: what is left is reported below
        }
        return !Files.exists(dir);
    }
}
