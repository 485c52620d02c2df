package io.driftline.connectors.webhook;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Where a sink record lives in Kafka: its original topic, partition and offset (KIP-793), which a transform that
 * renames the topic does not change, and which are what {@code close(partitions)} names.
 */
record RecordPosition(String topic, int partition, long offset) {

    static RecordPosition of(SinkRecord record) {
        try {
            return new RecordPosition(record.originalTopic(), record.originalKafkaPartition(),
                    record.originalKafkaOffset());
        } catch (NoSuchMethodError oldWorker) {
            // Workers before 3.6 lack the original-position accessors; with no renaming transform it is the same.
            return new RecordPosition(record.topic(), record.kafkaPartition(), record.kafkaOffset());
        }
    }

    TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
