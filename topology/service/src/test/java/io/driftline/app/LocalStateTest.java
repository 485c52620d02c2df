package io.driftline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state directory check before Kafka Streams opens it (KAFKA-13009, KAFKA-21034 work-arounds). */
class LocalStateTest {

    @TempDir
    Path stateDir;

    /**
     * A global store "g" (node group 0: global stores are numbered with the rest), then sub-topology 1 counting into
     * store "a" and sub-topology 2, after a repartition, into "b".
     */
    private static TopologyDescription topology() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.globalTable("profiles", Consumed.with(Serdes.String(), Serdes.String()),
                Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as("g"));
        var counted = builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey().count(Materialized.as("a"));
        counted.toStream().groupBy((k, v) -> v.toString(), Grouped.with("regroup", Serdes.String(), Serdes.Long()))
                .count(Materialized.as("b"));
        return builder.build().describe();
    }

    private Path app() {
        return stateDir.resolve("app");
    }

    private void taskDir(String task, String... stores) throws IOException {
        for (String store : stores) {
            Files.createDirectories(app().resolve(task).resolve("rocksdb").resolve(store));
        }
        Files.createDirectories(app().resolve(task));
    }

    @Test
    void shouldKnowEachSubtopologysLocalStoresWithoutTheGlobalOnes() {
        var stores = LocalState.localStores(topology());
        assertThat(stores).containsOnly(java.util.Map.entry(1, java.util.Set.of("a")),
                java.util.Map.entry(2, java.util.Set.of("b")));
    }

    @Test
    void shouldDropTaskDirectoriesWhoseStoresNoLongerFitAndKeepTheRest() throws IOException {
        taskDir("1_0", "a");
        taskDir("2_0", "b");
        taskDir("2_1", "a"); // another sub-topology's store under this number: the topology changed
        taskDir("3_0", "b"); // a sub-topology that does not exist now
        taskDir("1_1"); // empty: Kafka Streams skips it
        Files.createDirectories(app().resolve("1_2").resolve("g")); // the global store opened as a local one

        LocalState.Check check = new LocalState(stateDir, "app").prepare(topology(), true);

        assertThat(check.droppedTasks()).containsOnlyKeys("2_1", "3_0", "1_2");
        assertThat(app().resolve("1_0")).exists();
        assertThat(app().resolve("2_0")).exists();
        assertThat(app().resolve("1_1")).exists();
        assertThat(app().resolve("2_1")).doesNotExist();
        assertThat(app().resolve("3_0")).doesNotExist();
        assertThat(app().resolve("1_2")).doesNotExist();
    }

    @Test
    void shouldDropATaskDirectoryThatLacksAStoreAddedSinceUnderExactlyOnceOnly() throws IOException {
        StreamsBuilder builder = new StreamsBuilder();
        for (String store : new String[] {"kept", "added"}) {
            builder.addStateStore(org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                    org.apache.kafka.streams.state.Stores.persistentKeyValueStore(store), Serdes.String(),
                    Serdes.String()));
        }
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .processValues(() -> new org.apache.kafka.streams.processor.api.FixedKeyProcessor<String, String,
                        String>() {
                    @Override
                    public void process(org.apache.kafka.streams.processor.api.FixedKeyRecord<String, String> r) {
                    }
                }, "kept", "added");
        TopologyDescription upgraded = builder.build().describe();
        taskDir("0_0", "kept"); // written before "added" existed
        taskDir("0_1", "kept", "added");

        assertThat(new LocalState(stateDir, "app").prepare(upgraded, false).droppedTasks())
                .as("at-least-once restores the new store alone").isEmpty();
        LocalState.Check check = new LocalState(stateDir, "app").prepare(upgraded, true);

        assertThat(check.droppedTasks()).containsOnlyKeys("0_0");
        assertThat(check.droppedTasks().get("0_0")).contains("[kept]", "[added, kept]");
        assertThat(app().resolve("0_1")).exists();
    }

    @Test
    void shouldDropTheGlobalStateAfterAnUncleanStopUnderExactlyOnceOnly() throws IOException {
        Files.createDirectories(app().resolve("global").resolve("rocksdb").resolve("g"));
        LocalState state = new LocalState(stateDir, "app");

        assertThat(state.prepare(topology(), false).droppedGlobal()).as("at-least-once trusts it").isFalse();
        assertThat(app().resolve("global").resolve("rocksdb").resolve("g")).exists();

        state.markCleanStop();
        LocalState.Check afterClean = state.prepare(topology(), true);
        assertThat(afterClean.cleanStop()).isTrue();
        assertThat(afterClean.droppedGlobal()).isFalse();
        assertThat(app().resolve(LocalState.CLEAN_STOP_MARKER)).as("gone once started: a crash leaves none")
                .doesNotExist();

        LocalState.Check afterCrash = state.prepare(topology(), true);
        assertThat(afterCrash.droppedGlobal()).isTrue();
        assertThat(app().resolve("global")).doesNotExist();
    }
}
