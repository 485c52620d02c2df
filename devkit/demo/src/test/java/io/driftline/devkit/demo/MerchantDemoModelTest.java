package io.driftline.devkit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.FeatureProfile;
import io.driftline.ModelManifest;
import io.driftline.OutputKind;
import io.driftline.app.publish.LocalVerification;
import io.driftline.devkit.payments.MerchantModel;
import io.driftline.devkit.payments.Transactions;
import io.driftline.models.bundle.FetchPolicy;
import io.driftline.models.bundle.ManifestJson;
import io.driftline.topology.score.ModelEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's second model, built as a team builds its own: files on disk, the reference from the training file. */
class MerchantDemoModelTest {

    @TempDir
    static Path dir;
    private static MerchantDemoModel.Built built;

    @BeforeAll
    static void build() throws Exception {
        built = MerchantDemoModel.build("1", 7, 2_000, dir);
    }

    @Test
    void shouldWriteTheFilesThatModelPublishReadsAndAManifestForItsOwnTopics() throws Exception {
        ModelManifest manifest = ManifestJson.read(dir.resolve(MerchantDemoModel.MANIFEST_FILE));
        assertThat(manifest).isEqualTo(built.bundle().manifest());
        assertThat(manifest.getOutput().getKind()).isEqualTo(OutputKind.MULTICLASS);
        assertThat(manifest.getOutput().getClassLabels()).containsExactlyInAnyOrderElementsOf(Transactions.CATEGORIES);
        assertThat(manifest.getInputTopics()).containsExactly("merchant-events");
        assertThat(manifest.getOutputTopic()).isEqualTo("merchant-category-predictions");
        assertThat(dir.resolve(MerchantDemoModel.ONNX_FILE)).isRegularFile();
        assertThat(dir.resolve(MerchantDemoModel.TRAINING_FILE)).isRegularFile();
        assertThat(MerchantDemoModel.command(dir, "3")).contains("--version 3", "--reference " + dir.resolve("training.avro"),
                "--label-column declaredCategory");
    }

    @Test
    void shouldCarryAReferenceProfileAndPerformanceFromTheTrainingFile() {
        assertThat(built.reference().rows()).isEqualTo(2_000);
        assertThat(built.reference().labelled()).isEqualTo(2_000);
        assertThat(built.bundle().referenceProfile().getFeatures()).extracting(FeatureProfile::getName)
                .containsExactly("amount", "hourOfDay", "distanceKm", "cardPresent");
        assertThat(built.bundle().referenceProfile().getPrediction().getName()).isEqualTo("score");
        // Eight classes, a quarter of the payments in the largest: a model that learnt nothing scores about 0.26.
        assertThat(built.bundle().referenceProfile().getPerformance()).containsKey("accuracy");
        assertThat(built.bundle().referenceProfile().getPerformance().get("accuracy")).isGreaterThan(0.35);
        assertThat(built.trainingAccuracy()).isGreaterThan(0.35);
    }

    @Test
    void shouldDeployAsAnInstanceVerifiesIt() {
        FetchPolicy policy = FetchPolicy.of(dir, List.of(), 64L * 1024 * 1024, Duration.ofSeconds(2), false);
        ModelEvent verdict = LocalVerification.verify(MerchantModel.MODEL, built.bundle().toUpdate(), policy);
        assertThat(verdict.kind()).as(verdict.message()).isEqualTo(ModelEvent.Kind.DEPLOYED);
        assertThat(verdict.message()).contains("20 golden examples");
    }

    @Test
    void shouldCopyAPaymentForTheAcquirerUnderItsOwnIdAndMerchant() {
        GenericRecord transaction = Transactions.generator(3).nextPayment().transaction();
        GenericRecord payment = MerchantModel.payment(transaction);
        assertThat(payment.get("paymentId").toString()).isEqualTo("acq-" + transaction.get("transactionId"))
                .isNotEqualTo(transaction.get("transactionId").toString());
        assertThat(MerchantModel.key(payment)).startsWith("merchant-" + transaction.get("merchantCategory") + "-")
                .isEqualTo(MerchantModel.key(MerchantModel.payment(transaction)));
        assertThat(payment.get("declaredCategory")).isEqualTo(transaction.get("merchantCategory"));
        assertThat(payment.get("amount")).isEqualTo(transaction.get("amount"));
    }
}
