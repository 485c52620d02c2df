package io.driftline.loadtest.throughput;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.Node;

/**
 * The bytes the broker holds per topic ({@link Admin#describeLogDirs}), so that a run's writes can be told apart by
 * what they were for: the difference of two snapshots is what was written in between (nothing is deleted within a
 * benchmark: retention is far longer, and compaction of the changelogs does not run on so few segments).
 */
record LogBytes(Map<String, Long> byTopic) {

    static LogBytes snapshot(Admin admin) throws ExecutionException, InterruptedException {
        List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(Node::id).toList();
        Map<String, Long> out = new HashMap<>();
        for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers).allDescriptions().get().values()) {
            for (LogDirDescription dir : dirs.values()) {
                for (Map.Entry<org.apache.kafka.common.TopicPartition, ReplicaInfo> e : dir.replicaInfos().entrySet()) {
                    out.merge(e.getKey().topic(), e.getValue().size(), Long::sum);
                }
            }
        }
        return new LogBytes(Map.copyOf(out));
    }

    /**
     * What was written since {@code before}, summed by kind: {@code changelog} and {@code repartition} for the
     * internal topics of application {@code applicationId}, {@code transactions} for Kafka's own offsets and
     * transaction topics, and the topic name itself for any other topic that grew.
     */
    Map<String, Long> since(LogBytes before, String applicationId) {
        Map<String, Long> out = new TreeMap<>();
        byTopic.forEach((topic, bytes) -> {
            long grown = bytes - before.byTopic.getOrDefault(topic, 0L);
            if (grown <= 0) {
                return;
            }
            String kind;
            if (topic.startsWith(applicationId + "-") && topic.endsWith("-changelog")) {
                kind = "changelog";
            } else if (topic.startsWith(applicationId + "-") && topic.endsWith("-repartition")) {
                kind = "repartition";
            } else if (topic.startsWith("__")) {
                kind = "transactions";
            } else {
                kind = topic;
            }
            out.merge(kind, grown, Long::sum);
        });
        return out;
    }
}
