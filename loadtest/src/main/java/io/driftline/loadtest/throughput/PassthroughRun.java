package io.driftline.loadtest.throughput;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The floor under every Driftline figure: a Kafka Streams app that copies the input's bytes to an output topic,
 * nothing decoded, under the same processing guarantee and commit interval as Driftline, one stream thread as
 * Driftline runs by default. What Driftline costs beyond it is Driftline's own.
 */
final class PassthroughRun {

    /** The drain, and the CPU spent from its first output to its end ({@link CpuUse}). */
    record Result(Throughput throughput, CpuUse cpu) {
    }

    private PassthroughRun() {
    }

    /**
     * Drains the input once with a fresh application id and state directory.
     *
     * @param output created already, with the input's partition count
     */
    static Result run(String bootstrap, BenchInput input, String output, String guarantee, long commitIntervalMs,
                      int streamThreads, Path stateDir, String applicationId, Admin admin, Duration timeout,
                      long brokerPid) throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input.eventsTopic(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .to(output, Produced.with(Serdes.String(), Serdes.ByteArray()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        long startNanos = System.nanoTime();
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            streams.start();
            CpuUse[] atFirstOutput = new CpuUse[1];
            Throughput drained = new CommittedProgress(admin, input.partitions(), input.events()).await(applicationId,
                    startNanos, () -> written(admin, output, input.partitions().size()),
                    () -> atFirstOutput[0] = CpuUse.now(applicationId, brokerPid), timeout);
            return new Result(drained, CpuUse.now(applicationId, brokerPid).since(atFirstOutput[0]));
        }
    }

    /** Whether anything reached the output topic yet (read_uncommitted: written, maybe not committed). */
    private static boolean written(Admin admin, String output, int partitions) {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(output, p), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get().values().stream().anyMatch(o -> o.offset() > 0);
        } catch (Exception e) {
            return false;
        }
    }
}
