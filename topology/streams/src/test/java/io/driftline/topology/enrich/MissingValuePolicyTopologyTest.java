package io.driftline.topology.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.driftline.FeatureProfile;
import io.driftline.FeatureSpec;
import io.driftline.FeatureType;
import io.driftline.MissingPolicy;
import io.driftline.ModelUpdate;
import io.driftline.Prediction;
import io.driftline.devkit.payments.DemoModel;
import io.driftline.models.bundle.ModelBundle;
import io.driftline.topology.TopologyFixture;
import io.driftline.topology.ingest.DeadLetterHeaders;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every missing-value policy, and categorical vocabularies, on features read from the joined profile, through
 * the whole topology. The demo model's graph is reused with a manifest whose every feature reads
 * {@code profile.f<i>}: golden examples hold encoded rows, so the bundle still verifies, and each expected row is
 * written out here by hand and scored directly with ONNX Runtime.
 */
class MissingValuePolicyTopologyTest {

    private static ModelBundle bundle;
    private static ModelUpdate update;
    private static Schema profileSchema;
    private TopologyFixture fx;

    @BeforeAll
    static void model() {
        bundle = DemoModel.train("1", 5, 2_000);
        update = bundle.toUpdate();
        List<FeatureSpec> features = update.getManifest().getFeatures();
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("CardProfile").namespace("com.example").fields();
        for (int i = 0; i < features.size(); i++) {
            FeatureSpec spec = features.get(i);
            spec.setField("profile.f" + i);
            if (spec.getType() == FeatureType.CATEGORICAL) {
                spec.setMissing(MissingPolicy.DEFAULT);
                fields = fields.optionalString("f" + i);
            } else {
                // first numeric feature REJECT, then DEFAULT and REFERENCE_MEAN in turn
                spec.setMissing(i == firstNumeric(features) ? MissingPolicy.REJECT
                        : i % 2 == 0 ? MissingPolicy.DEFAULT : MissingPolicy.REFERENCE_MEAN);
                spec.setDefaultValue(100 + i);
                fields = fields.optionalDouble("f" + i);
            }
        }
        profileSchema = fields.endRecord();
    }

    @BeforeEach
    void setUp() throws Exception {
        fx = new TopologyFixture();
        fx.models.apply("fraud", update);
        assertThat(fx.models.currentVersion("fraud")).as("the rewired bundle verifies").isEqualTo("1");
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    @Test
    void shouldScoreFromTheProfileWithVocabularyIndexesAndTheUnseenBucket() throws Exception {
        List<FeatureSpec> features = update.getManifest().getFeatures();
        GenericRecord profile = new GenericData.Record(profileSchema);
        float[] expected = new float[features.size()];
        for (int i = 0; i < features.size(); i++) {
            FeatureSpec spec = features.get(i);
            if (spec.getType() == FeatureType.CATEGORICAL) {
                List<String> vocabulary = spec.getVocabulary();
                boolean unseen = i % 2 == 1;
                profile.put("f" + i, unseen ? "never-seen-category" : vocabulary.get(1));
                expected[i] = unseen ? vocabulary.size() : 1;
            } else {
                profile.put("f" + i, 0.5 * i + 1);
                expected[i] = (float) (0.5 * i + 1);
            }
        }
        GenericRecord event = fx.transaction(1L);
        fx.pipeProfile(event.get("cardId").toString(), profile);
        fx.pipe(event, 1L);

        Prediction p = fx.predictions.readValue();
        assertThat(p.getScore()).isCloseTo(onnx(expected), within(1e-6));
    }

    @Test
    void shouldFillMissingProfileValuesByDefaultOrReferenceMean() throws Exception {
        List<FeatureSpec> features = update.getManifest().getFeatures();
        int rejecting = firstNumeric(features);
        GenericRecord profile = new GenericData.Record(profileSchema);
        profile.put("f" + rejecting, 3.0); // only the REJECT feature is present
        float[] expected = new float[features.size()];
        for (int i = 0; i < features.size(); i++) {
            FeatureSpec spec = features.get(i);
            expected[i] = (float) (i == rejecting ? 3.0 : switch (spec.getMissing()) {
                case DEFAULT -> spec.getDefaultValue();
                case REFERENCE_MEAN -> mean(spec.getName());
                case REJECT -> throw new AssertionError("only one REJECT feature");
            });
        }
        GenericRecord event = fx.transaction(1L);
        fx.pipeProfile(event.get("cardId").toString(), profile);
        fx.pipe(event, 1L);

        assertThat(fx.predictions.readValue().getScore()).isCloseTo(onnx(expected), within(1e-6));
        assertThat(fx.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterAnEventWhoseRejectFeatureIsMissing() {
        GenericRecord event = fx.transaction(1L);
        byte[] bytes = fx.pipe(event, 1L); // no profile at all

        var dead = fx.deadLetters.readRecord();
        assertThat(dead.value()).isEqualTo(bytes);
        assertThat(new String(dead.headers().lastHeader(DeadLetterHeaders.ERROR_CODE).value())).isEqualTo("MISSING_FEATURE");
        assertThat(new String(dead.headers().lastHeader(DeadLetterHeaders.MESSAGE).value()))
                .contains("profile.f" + firstNumeric(update.getManifest().getFeatures()));
        assertThat(fx.predictions.isEmpty()).isTrue();
    }

    private static int firstNumeric(List<FeatureSpec> features) {
        for (int i = 0; i < features.size(); i++) {
            if (features.get(i).getType() == FeatureType.NUMERIC) {
                return i;
            }
        }
        throw new AssertionError("the demo model has no numeric feature");
    }

    private static double mean(String feature) {
        return bundle.referenceProfile().getFeatures().stream().filter(f -> f.getName().equals(feature))
                .map(FeatureProfile::getMean).findFirst().orElseThrow();
    }

    private static double onnx(float[] row) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(bundle.loadOnnx(), new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(row), new long[] {1, row.length});
             OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), input))) {
            float[][] probs = (float[][]) result.get(0).getValue();
            return probs[0][bundle.manifest().getOutput().getClassLabels().indexOf("fraud")];
        }
    }
}
