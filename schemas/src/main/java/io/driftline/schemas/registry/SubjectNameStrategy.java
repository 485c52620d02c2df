package io.driftline.schemas.registry;

import java.util.Map;
import org.apache.avro.Schema;

/**
 * How a serde names the registry subject of a record's schema, as Confluent's serdes do.
 *
 * <p>{@link #TOPIC} ({@code <topic>-key} / {@code <topic>-value}) is the default; {@link #RECORD}
 * ({@code <record full name>}) lets one topic carry several record types; {@link #TOPIC_RECORD}
 * ({@code <topic>-<record full name>}) does both. {@link #named(String)} accepts these names, our class
 * names and Confluent's class names, so configurations written for Confluent's serdes work unchanged.
 */
@FunctionalInterface
public interface SubjectNameStrategy {

    /** {@code <topic>-key} or {@code <topic>-value}. */
    SubjectNameStrategy TOPIC = (topic, isKey, schema) -> topic + (isKey ? "-key" : "-value");

    /** The schema's full name, whatever the topic. */
    SubjectNameStrategy RECORD = (topic, isKey, schema) -> recordName(schema);

    /** {@code <topic>-<record full name>}. */
    SubjectNameStrategy TOPIC_RECORD = (topic, isKey, schema) -> topic + "-" + recordName(schema);

    /** The subject for a schema written to {@code topic} as a key or a value. */
    String subjectName(String topic, boolean isKey, Schema schema);

    /**
     * Finds a strategy by name: {@code TopicNameStrategy}, {@code RecordNameStrategy},
     * {@code TopicRecordNameStrategy}, optionally with any package (Confluent's
     * {@code io.confluent.kafka.serializers.subject.*} included).
     *
     * @throws IllegalArgumentException for any other name
     */
    static SubjectNameStrategy named(String name) {
        String simple = name.substring(name.lastIndexOf('.') + 1).trim();
        SubjectNameStrategy strategy = Map.of(
                "TopicNameStrategy", TOPIC,
                "RecordNameStrategy", RECORD,
                "TopicRecordNameStrategy", TOPIC_RECORD).get(simple);
        if (strategy == null) {
            throw new IllegalArgumentException("Unknown subject name strategy '" + name
                    + "': use TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy");
        }
        return strategy;
    }

    private static String recordName(Schema schema) {
        if (schema.getType() != Schema.Type.RECORD && schema.getType() != Schema.Type.ENUM
                && schema.getType() != Schema.Type.FIXED) {
            throw new IllegalArgumentException("Record name strategies need a named schema (record, enum or fixed), got "
                    + schema.getType());
        }
        return schema.getFullName();
    }
}
