package io.driftline.devkit.payments;

import io.driftline.FeatureSpec;
import io.driftline.FeatureType;
import io.driftline.InputMode;
import io.driftline.MissingPolicy;
import io.driftline.ModelManifest;
import io.driftline.OutputFormat;
import io.driftline.OutputKind;
import io.driftline.OutputSpec;
import io.driftline.models.features.FeatureEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

/**
 * The demo's second model, of another kind than the fraud model and on another topic: a multiclass classifier of
 * the merchant's category from how its customers pay (amount, hour, card present, distance from the card holder's
 * home). Acquirers run such models to find merchants registered under the wrong category (MCC miscoding).
 *
 * <p>Its events are the acquirer's copy of each demo payment ({@link #payment}) on {@value #TOPIC}, keyed by
 * merchant, and its predictions go to {@value #OUTPUT_TOPIC}; both names are behind the service's topic prefix.
 * Unlike the fraud model it is published the way a team publishes its own model: an ONNX file, a manifest and a
 * training data file from which the reference profile, reference performance and golden examples are built
 * ({@code driftline model publish --onnx --manifest --reference --label-column}); this class gives the first and
 * the last, trained with Tribuo as the fraud model is.
 *
 * <p>The model is weak: four payment fields tell eight categories apart only in part (card-present or not, cheap
 * or dear), and grocery from restaurants hardly at all. It is there to show a second model's drift.
 */
public final class MerchantModel {

    /** Model name: the model-updates key. */
    public static final String MODEL = "merchant-category";
    /** The topic its events are read from, behind the service's prefix; matches the default ingest pattern. */
    public static final String TOPIC = "merchant-events";
    /** The topic its predictions go to, behind the service's prefix. */
    public static final String OUTPUT_TOPIC = "merchant-category-predictions";
    /** The event field with the category the merchant registered: the training label. */
    public static final String LABEL_COLUMN = "declaredCategory";
    /** The event field that identifies an event. */
    public static final String EVENT_ID = "paymentId";

    private static final int MERCHANTS_PER_CATEGORY = 40;
    private static final Schema SCHEMA = load();

    /** ONNX model and training rows, with the manifest that reads the rows as the service reads events. */
    public record Training(byte[] onnx, ModelManifest manifest, List<GenericRecord> rows, double trainingAccuracy) {
    }

    private MerchantModel() {
    }

    /** Schema of the {@value #TOPIC} records. */
    public static Schema schema() {
        return SCHEMA;
    }

    /**
     * The acquirer's record of a demo payment: the payment's own fields, a merchant of its category (one of
     * {@value #MERCHANTS_PER_CATEGORY}, picked from the transaction id) and an id of its own. The id differs from
     * the transaction id on purpose: labels name transaction ids and are the fraud model's outcomes, not
     * categories.
     */
    public static GenericRecord payment(GenericRecord transaction) {
        String transactionId = transaction.get("transactionId").toString();
        String category = transaction.get("merchantCategory").toString();
        GenericData.Record payment = new GenericData.Record(SCHEMA);
        payment.put("paymentId", "acq-" + transactionId);
        payment.put("merchantId", String.format("merchant-%s-%03d", category,
                Math.floorMod(transactionId.hashCode(), MERCHANTS_PER_CATEGORY)));
        payment.put(LABEL_COLUMN, category);
        payment.put("amount", transaction.get("amount"));
        payment.put("hourOfDay", transaction.get("hourOfDay"));
        payment.put("distanceKm", transaction.get("distanceKm"));
        payment.put("cardPresent", transaction.get("cardPresent"));
        payment.put("eventTime", transaction.get("eventTime"));
        return payment;
    }

    /** The record key of a {@link #payment}: its merchant. */
    public static String key(GenericRecord payment) {
        return payment.get("merchantId").toString();
    }

    /**
     * The manifest: TENSOR input of the four payment fields, a MULTICLASS tensor output over {@code classLabels}
     * (in the ONNX column order), read from {@value #TOPIC}, written to {@value #OUTPUT_TOPIC}.
     */
    public static ModelManifest manifest(List<String> classLabels) {
        return ModelManifest.newBuilder()
                .setInputMode(InputMode.TENSOR)
                .setInputName(DemoModel.INPUT_NAME)
                .setFeatures(List.of(
                        numeric("amount", MissingPolicy.REJECT, 0),
                        numeric("hourOfDay", MissingPolicy.DEFAULT, 12),
                        numeric("distanceKm", MissingPolicy.REFERENCE_MEAN, 0),
                        numeric("cardPresent", MissingPolicy.DEFAULT, 0)))
                .setOutput(OutputSpec.newBuilder()
                        .setKind(OutputKind.MULTICLASS).setFormat(OutputFormat.TENSOR)
                        .setScoresName(DemoModel.SCORES_NAME).setClassLabels(classLabels).build())
                .setEventIdField(EVENT_ID)
                .setInputTopics(List.of(TOPIC))
                .setOutputTopic(OUTPUT_TOPIC)
                .build();
    }

    private static FeatureSpec numeric(String field, MissingPolicy missing, double defaultValue) {
        return FeatureSpec.newBuilder().setName(field).setField(field).setType(FeatureType.NUMERIC)
                .setMissing(missing).setDefaultValue(defaultValue).build();
    }

    /**
     * Trains on {@code rows} acquirer payments of the demo simulation of {@code seed} and returns the ONNX model,
     * its manifest and the training rows (for the reference profile).
     */
    public static Training train(long seed, int rows) {
        if (rows < DemoTraining.MIN_ROWS) {
            throw new IllegalArgumentException("the merchant model needs at least " + DemoTraining.MIN_ROWS
                    + " training rows: " + rows);
        }
        ModelManifest strict = manifest(List.of());
        strict.getFeatures().forEach(f -> f.setMissing(MissingPolicy.REJECT)); // a hole in training is a bug
        FeatureEncoder encoder = new FeatureEncoder(strict, null);
        Transactions.Generator payments = Transactions.generator(seed);
        List<GenericRecord> records = new ArrayList<>(rows);
        double[][] x = new double[rows][];
        String[] y = new String[rows];
        for (int i = 0; i < rows; i++) {
            GenericRecord payment = payment(payments.nextPayment().transaction());
            records.add(payment);
            float[] encoded = encoder.encodeFloats(payment); // Tribuo trains on the values the float input holds
            x[i] = new double[encoded.length];
            for (int j = 0; j < encoded.length; j++) {
                x[i][j] = encoded[j];
            }
            y[i] = payment.get(LABEL_COLUMN).toString();
        }
        DemoTrainer trainer = new DemoTrainer("driftline-demo-merchant-category", encoder.size());
        DemoTrainer.Trained trained = trainer.train(x, y, seed, 0);
        int right = 0;
        for (int i = 0; i < rows; i++) {
            right += y[i].equals(top(trainer.predict(trained, x[i]))) ? 1 : 0;
        }
        return new Training(trained.onnx(), manifest(trained.classLabels()), List.copyOf(records),
                (double) right / rows);
    }

    private static String top(java.util.Map<String, Double> scores) {
        return scores.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    /** Writes rows of {@link #schema()} as an Avro data file, one of the formats {@code --reference} reads. */
    public static void writeRows(List<GenericRecord> rows, Path file) throws IOException {
        try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(SCHEMA))) {
            writer.create(SCHEMA, file.toFile());
            for (GenericRecord row : rows) {
                writer.append(row);
            }
        }
    }

    private static Schema load() {
        try (InputStream in = MerchantModel.class.getResourceAsStream("/demo/merchant_payment.avsc")) {
            if (in == null) {
                throw new IllegalStateException("demo/merchant_payment.avsc is missing from the classpath");
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read demo/merchant_payment.avsc", e);
        }
    }
}
