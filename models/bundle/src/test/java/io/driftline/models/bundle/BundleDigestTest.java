package io.driftline.models.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftline.ModelAction;
import io.driftline.ModelUpdate;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The content digest: its documented byte layout, what it covers, and what schema evolution leaves alone. */
class BundleDigestTest {

    @Test
    void shouldFollowTheDocumentedLayoutByteForByte() throws Exception {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes("driftline-bundle-digest-v1\0".getBytes(StandardCharsets.US_ASCII));
        expected.write(0x08);
        expected.writeBytes(int32(4));
        field(expected, "action", string("RETIRE"));
        field(expected, "model", string("fraud"));
        field(expected, "publishedAt", concat(new byte[] {0x02},
                ByteBuffer.allocate(8).putLong(Instant.parse("2026-11-23T10:00:00Z").toEpochMilli()).array()));
        field(expected, "version", string("1"));

        byte[] digest = BundleDigest.of(SigningFixtures.retire());

        assertThat(digest).isEqualTo(MessageDigest.getInstance("SHA-256").digest(expected.toByteArray()));
    }

    @Test
    void shouldAgreeWithTheDigestOpensslComputedFromTheLayout() throws Exception {
        String fromScript = Files.readString(SigningFixtures.file("retire.digest")).trim();

        assertThat(BundleDigest.hex(SigningFixtures.retire())).isEqualTo(fromScript);
    }

    @Test
    void shouldNotCoverTheSignatureFields() {
        ModelUpdate signed = Fixtures.update();
        signed.setSignature(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        signed.setSigningKeyId("ab".repeat(32));

        assertThat(BundleDigest.of(signed)).isEqualTo(BundleDigest.of(Fixtures.update()));
    }

    static Stream<Named<Consumer<ModelUpdate>>> changes() {
        return Stream.of(
                Named.of("model", u -> u.setModel("fraud2")),
                Named.of("version", u -> u.setVersion("4")),
                Named.of("action", u -> u.setAction(ModelAction.SHADOW)),
                Named.of("inline ONNX bytes", u -> u.setOnnx(ByteBuffer.wrap("other bytes".getBytes()))),
                Named.of("sha256", u -> u.setSha256(Sha256.hex("other bytes".getBytes()))),
                Named.of("ONNX URI", u -> u.setOnnxUri("file:///srv/models/fraud.onnx")),
                Named.of("a manifest feature's field", u -> u.getManifest().getFeatures().get(0).setField("total")),
                Named.of("the manifest's golden tolerance", u -> u.getManifest().setGoldenTolerance(0.5)),
                Named.of("a class label", u -> u.getManifest().getOutput().setClassLabels(List.of("yes", "no"))),
                Named.of("a reference bin fraction", u -> u.getReferenceProfile().getFeatures().get(0)
                        .setBinFractions(List.of(0.2, 0.5, 0.3))),
                Named.of("the reference sample size", u -> u.getReferenceProfile().setSampleSize(101)),
                Named.of("a golden feature value", u -> u.getGoldenExamples().get(0).setFeatures(List.of(1.0, 2.0, 1.0))),
                Named.of("a golden expected score", u -> u.getGoldenExamples().get(0).setExpectedScore(0.2500001)),
                Named.of("a golden expected class score", u -> u.getGoldenExamples().get(0)
                        .setExpectedScores(java.util.Map.of("no", 0.7, "yes", 0.3))),
                Named.of("another golden example", u -> u.getGoldenExamples().add(Fixtures.golden())),
                Named.of("description", u -> u.setDescription("test bundle!")),
                Named.of("publishedBy", u -> u.setPublishedBy("someone else")),
                Named.of("publishedAt", u -> u.setPublishedAt(u.getPublishedAt().plusMillis(1))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void shouldChangeWhenAnyCoveredFieldChanges(Consumer<ModelUpdate> change) {
        ModelUpdate changed = Fixtures.update();
        change.accept(changed);

        assertThat(BundleDigest.of(changed)).isNotEqualTo(BundleDigest.of(Fixtures.update()));
    }

    @Test
    void shouldStayTheSameWhenFieldsWithDefaultsAreAddedToTheSchemas() throws Exception {
        // A later Driftline with a new top-level field and a new field inside each FeatureSpec reads today's bundle
        // (Avro fills the defaults): the digest it computes must be the one the bundle was signed with.
        ObjectNode schema = (ObjectNode) new ObjectMapper().readTree(ModelUpdate.getClassSchema().toString());
        addField(schema, "ModelUpdate", "approvedBy", "[\"null\", \"string\"]", "null");
        addField(schema, "FeatureSpec", "scale", "\"double\"", "1.0");
        addField(schema, "ModelManifest", "tags", "{\"type\": \"array\", \"items\": \"string\"}", "[]");
        Schema later = new Schema.Parser().parse(schema.toString());
        ModelUpdate today = Fixtures.update();

        GenericRecord readLater = new GenericDatumReader<GenericRecord>(ModelUpdate.getClassSchema(), later)
                .read(null, DecoderFactory.get().binaryDecoder(avro(today), null));

        assertThat(readLater.get("approvedBy")).isNull();
        assertThat(CanonicalAvro.record(readLater, BundleDigest.UNSIGNED_FIELDS))
                .isEqualTo(CanonicalAvro.record(today, BundleDigest.UNSIGNED_FIELDS));
        readLater.put("approvedBy", "ops");
        assertThat(CanonicalAvro.record(readLater, BundleDigest.UNSIGNED_FIELDS))
                .as("a new field set to something else is covered").isNotEqualTo(
                        CanonicalAvro.record(today, BundleDigest.UNSIGNED_FIELDS));
    }

    @Test
    void shouldOrderMapEntriesByKeyWhateverTheMapsOrder() {
        ModelUpdate a = Fixtures.update();
        ModelUpdate b = Fixtures.update();
        java.util.Map<String, Double> forward = new java.util.LinkedHashMap<>();
        forward.put("no", 0.75);
        forward.put("yes", 0.25);
        java.util.Map<String, Double> backward = new java.util.LinkedHashMap<>();
        backward.put("yes", 0.25);
        backward.put("no", 0.75);
        a.getGoldenExamples().get(0).setExpectedScores(forward);
        b.getGoldenExamples().get(0).setExpectedScores(backward);

        assertThat(BundleDigest.of(a)).isEqualTo(BundleDigest.of(b));
    }

    private static void addField(JsonNode node, String record, String name, String type, String defaultJson)
            throws Exception {
        if (node instanceof ObjectNode object && "record".equals(object.path("type").asText())
                && record.equals(object.path("name").asText())) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode field = mapper.createObjectNode().put("name", name);
            field.set("type", mapper.readTree(type));
            field.set("default", mapper.readTree(defaultJson));
            ((ArrayNode) object.get("fields")).add(field);
            return;
        }
        for (JsonNode child : node) {
            addField(child, record, name, type, defaultJson);
        }
    }

    private static byte[] avro(ModelUpdate update) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<>(ModelUpdate.class).write(update, encoder);
        encoder.flush();
        return bytes.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, String name, byte[] value) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(int32(bytes.length));
        out.writeBytes(bytes);
        out.writeBytes(value);
    }

    private static byte[] string(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return concat(new byte[] {0x04}, int32(bytes.length), bytes);
    }

    private static byte[] int32(int value) {
        return ByteBuffer.allocate(4).putInt(value).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
