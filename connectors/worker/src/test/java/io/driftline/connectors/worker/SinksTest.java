package io.driftline.connectors.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SinksTest {

    @Test
    void shouldUpsertEachTableByItsKeyThroughTheFlatteningTransform() {
        Map<String, String> config = Sinks.jdbc(Sinks.TABLES.get(1), "p-alerts",
                "jdbc:postgresql://db:5432/driftline", "driftline", "${env:PGPASSWORD}", "dlq", (short) 3);

        assertThat(config).containsEntry("connector.class", Sinks.JDBC_CONNECTOR)
                .containsEntry("topics", "p-alerts")
                .containsEntry("connection.url", "jdbc:postgresql://db:5432/driftline?stringtype=unspecified")
                .containsEntry("connection.password", "${env:PGPASSWORD}")
                .containsEntry("insert.mode", "upsert")
                .containsEntry("primary.key.fields", "alert_id")
                .containsEntry("collection.name.format", "alerts")
                .containsEntry("transforms.flatten.type", Sinks.FLATTEN)
                .containsEntry("errors.deadletterqueue.topic.name", "dlq")
                .containsEntry("errors.deadletterqueue.topic.replication.factor", "3");
    }

    @Test
    void shouldKeepAStringTypeTheUserChoseAndAddOneAfterOtherParameters() {
        assertThat(Sinks.withStringTypeUnspecified("jdbc:postgresql://h/d?user=u"))
                .isEqualTo("jdbc:postgresql://h/d?user=u&stringtype=unspecified");
        assertThat(Sinks.withStringTypeUnspecified("jdbc:postgresql://h/d?stringtype=varchar"))
                .isEqualTo("jdbc:postgresql://h/d?stringtype=varchar");
    }

    @Test
    void shouldNameEveryTableTheSchemaCreates() {
        String ddl = PostgresTables.ddl();
        List<String> tables = Sinks.TABLES.stream().map(Sinks.Table::table).toList();

        assertThat(tables).allSatisfy(t -> assertThat(ddl).contains("CREATE TABLE IF NOT EXISTS " + t + " ("));
        assertThat(ConnectCommand.userIn("jdbc:postgresql://h/d?ssl=true&user=ops")).isEqualTo("ops");
        assertThat(ConnectCommand.userIn("jdbc:postgresql://h/d")).isEqualTo("driftline");
    }

    @Test
    void shouldReadDriftlineTopicsCommittedOnlyWithTheAvroConverter() {
        Map<String, String> worker = new ConnectWorker.Settings("k:9092", "http://r:8081", List.of(), "localhost", 8083,
                "g", (short) 1, Map.of("security.protocol", "SASL_SSL")).workerProperties();

        assertThat(worker).containsEntry("consumer.isolation.level", "read_committed")
                .containsEntry("value.converter", ConnectWorker.AVRO_CONVERTER)
                .containsEntry("value.converter.schema.registry.url", "http://r:8081")
                .containsEntry("config.storage.topic", "g-configs")
                .containsEntry("security.protocol", "SASL_SSL")
                .as("the tasks' clients too").containsEntry("producer.security.protocol", "SASL_SSL")
                .containsEntry("consumer.security.protocol", "SASL_SSL")
                .containsEntry("admin.security.protocol", "SASL_SSL");
    }
}
