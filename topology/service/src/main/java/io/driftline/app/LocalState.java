package io.driftline.app;

import io.driftline.topology.DriftlineTopology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.streams.TopologyDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance's local state directory ({@code state.dir/application.id}), checked before Kafka Streams opens it,
 * so that no start after a crash, a stop with other settings or an upgrade needs a person to delete files. Every
 * store here is a cache of a changelog (or, for the global profiles store, of its source topic): what is dropped
 * is restored from Kafka, and the log says once what was dropped and why.
 *
 * <p>Two Kafka Streams bugs are worked around here, at the one place that sees the directory before Kafka does:
 * <ul>
 * <li><b>KAFKA-13009</b> (open; PR apache/kafka#22731). Task directories are named by sub-topology number, which
 * is positional: turning an optional stage (labels, aggregates, drift) on or off renumbers the sub-topologies, and
 * the next start finds directories holding another sub-topology's stores. {@code KafkaStreams.start} opens every
 * non-empty task directory for its start-up stores ({@code StateDirectory.initializeStartupStores}), and for a
 * sub-topology that reads a global store it opens the shared global store as a local one, then fails with
 * "Metrics recorder is re-initialised with different task", at every start. A task directory whose stores are not
 * all local stores of the sub-topology with that number now is therefore dropped before the start.</li>
 * <li><b>KAFKA-21034</b> (open; PR apache/kafka#23390). After {@code kill -9} under exactly-once the global store
 * has no valid committed state; the global thread treats that as {@code TaskCorruptedException} but never wipes the
 * store, so every later start dies the same way (a crash loop). A clean stop leaves a marker file here; a start
 * under exactly-once that finds global state and no marker drops the global state, which the global thread then
 * rebuilds from its topic (profiles: reference data, one record per entity).</li>
 * </ul>
 * Task directories that do fit are left to Kafka Streams, which restores or (under exactly-once, after a crash)
 * wipes and restores them itself.
 */
final class LocalState {

    /** Written after a clean close of Kafka Streams, removed when the next instance starts. */
    static final String CLEAN_STOP_MARKER = ".driftline-clean-stop";
    private static final Pattern TASK_DIR = Pattern.compile("(\\d+)_(\\d+)");
    private static final Set<String> NOT_STORES = Set.of("rocksdb", ".checkpoint", ".lock");
    private static final Logger log = LoggerFactory.getLogger(LocalState.class);

    /** What a check found and did: task directories dropped (with why), and whether the global state was. */
    record Check(Map<String, String> droppedTasks, boolean droppedGlobal, boolean cleanStop) {
    }

    private final Path appDir;

    LocalState(Path stateDir, String applicationId) {
        this.appDir = stateDir.resolve(applicationId);
    }

    /**
     * Makes the directory fit the topology about to start: drops task directories that hold stores the
     * sub-topology of that number does not have now, and, under exactly-once after a stop that was not clean, the
     * global state. Then removes the clean-stop marker: from here on, a crash leaves none.
     */
    Check prepare(TopologyDescription topology, boolean exactlyOnce) {
        if (!Files.isDirectory(appDir)) {
            return new Check(Map.of(), false, false);
        }
        Map<Integer, Set<String>> expected = localStores(topology);
        Map<String, String> dropped = new HashMap<>();
        for (Path dir : children(appDir)) {
            Matcher m = TASK_DIR.matcher(dir.getFileName().toString());
            if (!m.matches() || !Files.isDirectory(dir)) {
                continue;
            }
            Set<String> stores = storesIn(dir);
            Set<String> fits = expected.get(Integer.parseInt(m.group(1)));
            // Under exactly-once a task directory that lacks a store its sub-topology has now (a store added by
            // an upgrade) is wiped by Kafka Streams itself ("did not find checkpoint offsets while stores are not
            // empty": TaskCorruptedException, logged as an ERROR per task): dropping it here costs the same restore
            // and says why in one line. At-least-once restores just the new store, so the directory is kept.
            boolean lacksNewStore = exactlyOnce && fits != null && !stores.containsAll(fits);
            if (stores.isEmpty() || (fits != null && fits.containsAll(stores) && !lacksNewStore)) {
                continue;
            }
            dropped.put(dir.getFileName().toString(), fits == null
                    ? "sub-topology " + m.group(1) + " does not exist now (holds " + stores + ")"
                    : "holds " + new TreeSet<>(stores) + ", sub-topology " + m.group(1) + " now has "
                            + new TreeSet<>(fits));
            delete(dir);
        }
        if (!dropped.isEmpty()) {
            log.warn("The topology changed since the last run on {} (a stage turned on or off, or an upgrade): "
                    + "dropped {} task directories whose stores no longer fit (restored from their changelogs; "
                    + "works around KAFKA-13009): {}", appDir, dropped.size(), new java.util.TreeMap<>(dropped));
        }
        Path marker = appDir.resolve(CLEAN_STOP_MARKER);
        boolean clean = Files.exists(marker);
        boolean droppedGlobal = false;
        Path global = appDir.resolve("global");
        if (exactlyOnce && !clean && !storesIn(global).isEmpty()) {
            log.warn("The last run on {} did not stop cleanly: dropping the global store state, which is rebuilt "
                    + "from its topic now (under exactly-once Kafka Streams cannot trust it and would fail at every "
                    + "start: KAFKA-21034)", appDir);
            delete(global);
            droppedGlobal = true;
        }
        try {
            Files.deleteIfExists(marker);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove " + marker, e);
        }
        return new Check(Map.copyOf(dropped), droppedGlobal, clean);
    }

    /** Records that Kafka Streams closed cleanly: the next start may trust the global state. */
    void markCleanStop() {
        try {
            if (Files.isDirectory(appDir)) {
                Files.writeString(appDir.resolve(CLEAN_STOP_MARKER), java.time.Instant.now().toString());
            }
        } catch (IOException e) {
            log.warn("Cannot write the clean-stop marker in {}; the next start rebuilds the global store: {}", appDir,
                    e.toString());
        }
    }

    /** Drops the global state (the global thread rebuilds it from its topic on the next start). */
    void dropGlobal() {
        delete(appDir.resolve("global"));
    }

    /**
     * Per sub-topology, the names of the stores its tasks keep locally (global stores are left out, and so are
     * the stores that never write a file, {@link DriftlineTopology#MEMORY_ONLY_STORES}: a task directory never holds
     * them, so they must not count as missing from it).
     */
    static Map<Integer, Set<String>> localStores(TopologyDescription topology) {
        Set<String> global = new HashSet<>();
        for (TopologyDescription.GlobalStore store : topology.globalStores()) {
            global.addAll(store.processor().stores());
        }
        Map<Integer, Set<String>> out = new HashMap<>();
        for (TopologyDescription.Subtopology sub : topology.subtopologies()) {
            Set<String> stores = new HashSet<>();
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Processor p) {
                    stores.addAll(p.stores());
                }
            }
            stores.removeAll(global);
            stores.removeAll(DriftlineTopology.MEMORY_ONLY_STORES);
            out.put(sub.id(), stores);
        }
        return out;
    }

    /**
     * Store names in a task directory: RocksDB key-value stores live under {@code rocksdb/<store>}, segmented
     * (window) stores in {@code <store>/}, and an in-memory store leaves nothing.
     */
    static Set<String> storesIn(Path taskDir) {
        Set<String> stores = new TreeSet<>();
        if (!Files.isDirectory(taskDir)) {
            return stores;
        }
        for (Path entry : children(taskDir)) {
            String name = entry.getFileName().toString();
            if (name.equals("rocksdb") && Files.isDirectory(entry)) {
                for (Path store : children(entry)) {
                    stores.add(store.getFileName().toString());
                }
            } else if (Files.isDirectory(entry) && !NOT_STORES.contains(name)) {
                stores.add(name);
            }
        }
        return stores;
    }

    private static List<Path> children(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return new ArrayList<>(s.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir + " (is another instance using this state.dir?)", e);
        }
    }
}
