package io.driftline.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.devkit.registry.DevSchemaRegistry;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RestSchemaRegistryClientTest {

    private static final Schema V1 = SchemaBuilder.record("Card").namespace("com.example").fields()
            .requiredString("id").endRecord();
    /** Adds a field with a default: backward compatible. */
    private static final Schema V2 = SchemaBuilder.record("Card").namespace("com.example").fields()
            .requiredString("id").name("limit").type().doubleType().doubleDefault(0).endRecord();
    /** Adds a field without a default: cannot read V1 data. */
    private static final Schema BREAKING = SchemaBuilder.record("Card").namespace("com.example").fields()
            .requiredString("id").requiredLong("opened").endRecord();

    private DevSchemaRegistry registry;
    private RestSchemaRegistryClient client;

    @BeforeEach
    void start() throws Exception {
        registry = DevSchemaRegistry.start("localhost", 0, null);
        client = RestSchemaRegistryClient.create(registry.url());
    }

    @AfterEach
    void stop() {
        client.close();
        registry.close();
    }

    @Test
    void shouldRegisterOnceAndShareIdsAcrossSubjects() {
        int id = client.register("cards-value", V1);

        assertThat(client.register("cards-value", V1)).isEqualTo(id);
        assertThat(client.register("cards-archive-value", V1)).isEqualTo(id);
        assertThat(client.register("cards-value", V2)).isEqualTo(id + 1);
        assertThat(client.versions("cards-value")).containsExactly(1, 2);
        assertThat(client.subjects()).containsExactly("cards-archive-value", "cards-value");
        assertThat(client.schemaById(id)).isEqualTo(V1);
    }

    @Test
    void shouldAnswerLatestVersionsAndLookups() {
        client.register("cards-value", V1);
        int v2 = client.register("cards-value", V2);

        assertThat(client.latest("cards-value")).isEqualTo(new RegisteredSchema("cards-value", v2, 2, V2));
        assertThat(client.version("cards-value", 1).schema()).isEqualTo(V1);
        assertThat(client.lookup("cards-value", V2)).isEqualTo(new RegisteredSchema("cards-value", v2, 2, V2));
    }

    @Test
    void shouldRejectIncompatibleSchemasUnderTheSubjectsLevel() {
        client.register("cards-value", V1);

        assertThat(client.compatibility(null)).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(client.isCompatible("cards-value", V2)).isTrue();
        assertThat(client.isCompatible("cards-value", BREAKING)).isFalse();
        assertThatThrownBy(() -> client.register("cards-value", BREAKING))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
                    assertThat(e.getMessage()).contains("READER_FIELD_MISSING_DEFAULT_VALUE", "opened");
                });

        client.setCompatibility("cards-value", CompatibilityLevel.NONE);
        assertThat(client.compatibility("cards-value")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(client.compatibility(null)).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(client.register("cards-value", BREAKING)).isPositive();
        assertThat(client.isCompatible("new-subject-value", BREAKING)).isTrue();
    }

    @Test
    void shouldCheckForwardAndFullCompatibility() {
        client.setCompatibility("cards-value", CompatibilityLevel.FORWARD);
        client.register("cards-value", V2);
        // V2 (the latest) must read data written with V1: it can, V1 lacks "limit" but V2 has a default.
        assertThat(client.isCompatible("cards-value", V1)).isTrue();
        client.setCompatibility("cards-value", CompatibilityLevel.FULL);
        assertThat(client.isCompatible("cards-value", BREAKING)).isFalse();
    }

    @Test
    void shouldReportMissingThingsWithConfluentErrorCodes() {
        client.register("cards-value", V1);

        assertThatThrownBy(() -> client.schemaById(999)).isInstanceOfSatisfying(SchemaRegistryException.class,
                e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));
        assertThatThrownBy(() -> client.latest("nope-value")).isInstanceOfSatisfying(SchemaRegistryException.class,
                e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
        assertThatThrownBy(() -> client.version("cards-value", 7)).isInstanceOfSatisfying(SchemaRegistryException.class,
                e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.VERSION_NOT_FOUND));
        assertThatThrownBy(() -> client.lookup("cards-value", V2)).isInstanceOfSatisfying(SchemaRegistryException.class,
                e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));
    }

    @Test
    void shouldServeCachedIdsWhenTheRegistryIsGone() {
        int id = client.register("cards-value", V1);
        client.schemaById(id);
        registry.close();

        assertThat(client.schemaById(id)).isEqualTo(V1);
        assertThat(client.register("cards-value", V1)).isEqualTo(id);
        RestSchemaRegistryClient fresh = RestSchemaRegistryClient.create(java.util.Map.of(
                RestSchemaRegistryClient.URL_CONFIG, registry.url(),
                RestSchemaRegistryClient.RETRIES_CONFIG, 2,
                RestSchemaRegistryClient.RETRY_BACKOFF_MS_CONFIG, 5));
        assertThatThrownBy(() -> fresh.schemaById(id)).isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("after 3 attempts");
    }

    @Test
    void shouldFailOverToTheNextUrl() throws Exception {
        int id = client.register("cards-value", V1);
        RestSchemaRegistryClient failover = RestSchemaRegistryClient.create(java.util.Map.of(
                RestSchemaRegistryClient.URL_CONFIG, "http://localhost:1," + registry.url(),
                RestSchemaRegistryClient.RETRY_BACKOFF_MS_CONFIG, 5));

        assertThat(failover.schemaById(id)).isEqualTo(V1);
        assertThat(failover.latest("cards-value").id()).isEqualTo(id);
    }

    @Test
    void shouldEncodeSubjectNames() {
        int id = client.register("team a/cards+value", V1);

        assertThat(client.subjects()).containsExactly("team a/cards+value");
        assertThat(client.latest("team a/cards+value").id()).isEqualTo(id);
    }

    @Test
    void shouldNameSubjectsLikeConfluentsStrategies() {
        assertThat(SubjectNameStrategy.TOPIC.subjectName("cards", false, V1)).isEqualTo("cards-value");
        assertThat(SubjectNameStrategy.TOPIC.subjectName("cards", true, V1)).isEqualTo("cards-key");
        assertThat(SubjectNameStrategy.RECORD.subjectName("cards", false, V1)).isEqualTo("com.example.Card");
        assertThat(SubjectNameStrategy.TOPIC_RECORD.subjectName("cards", true, V1)).isEqualTo("cards-com.example.Card");
        assertThat(SubjectNameStrategy.named("io.confluent.kafka.serializers.subject.TopicRecordNameStrategy"))
                .isSameAs(SubjectNameStrategy.TOPIC_RECORD);
        assertThatThrownBy(() -> SubjectNameStrategy.RECORD.subjectName("t", false, Schema.create(Schema.Type.STRING)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("named schema");
    }
}
