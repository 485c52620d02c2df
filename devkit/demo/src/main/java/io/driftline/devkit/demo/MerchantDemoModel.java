package io.driftline.devkit.demo;

import io.driftline.app.reference.ReferenceBuilder;
import io.driftline.app.reference.ReferenceException;
import io.driftline.devkit.payments.MerchantModel;
import io.driftline.models.bundle.BundleBuilder;
import io.driftline.models.bundle.BundleException;
import io.driftline.models.bundle.ManifestJson;
import io.driftline.models.bundle.ModelBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The demo's merchant category model ({@link MerchantModel}) made into a bundle the way a team makes its own:
 * the ONNX file, the manifest JSON and the training rows are written to a folder, and the reference profile,
 * reference performance and golden examples are built from the training file by the same {@link ReferenceBuilder}
 * that {@code driftline model publish --reference} runs. {@link #command} is that command line, so a user can
 * publish the files again, or their own in their place.
 */
final class MerchantDemoModel {

    static final String ONNX_FILE = "merchant-category.onnx";
    static final String MANIFEST_FILE = "manifest.json";
    static final String TRAINING_FILE = "training.avro";
    static final int TRAINING_ROWS = 10_000;

    /** The bundle, with what building it reported. */
    record Built(ModelBundle bundle, ReferenceBuilder.Reference reference, double trainingAccuracy, Path dir) {
    }

    private MerchantDemoModel() {
    }

    /** Trains version {@code version} on the simulation of {@code seed}, writes its files to {@code dir}, bundles it. */
    static Built build(String version, long seed, int rows, Path dir)
            throws IOException, ReferenceException, BundleException {
        MerchantModel.Training training = MerchantModel.train(seed, rows);
        Files.createDirectories(dir);
        Files.write(dir.resolve(ONNX_FILE), training.onnx());
        ManifestJson.write(training.manifest(), dir.resolve(MANIFEST_FILE));
        Path reference = dir.resolve(TRAINING_FILE);
        MerchantModel.writeRows(training.rows(), reference);
        ReferenceBuilder.Reference built = new ReferenceBuilder(training.manifest(), training.onnx())
                .labelColumn(MerchantModel.LABEL_COLUMN).build(reference);
        ModelBundle bundle = BundleBuilder.forModel(MerchantModel.MODEL, version)
                .onnx(training.onnx())
                .manifest(training.manifest())
                .referenceProfile(built.profile())
                .goldenExamples(built.golden())
                .description("Demo merchant category model: Tribuo multinomial logistic regression on " + rows
                        + " acquirer payments, seed " + seed + "; reference profile from " + reference.getFileName())
                .publishedBy("driftline demo")
                .build();
        return new Built(bundle, built, training.trainingAccuracy(), dir);
    }

    /** The CLI command that publishes the files in {@code dir} as {@code version}. */
    static String command(Path dir, String version) {
        return "./driftline model publish --model " + MerchantModel.MODEL + " --version " + version
                + " --onnx " + dir.resolve(ONNX_FILE) + " --manifest " + dir.resolve(MANIFEST_FILE)
                + " --reference " + dir.resolve(TRAINING_FILE) + " --label-column " + MerchantModel.LABEL_COLUMN;
    }
}
