package io.driftline.app.reference;

import io.driftline.FeatureSpec;
import io.driftline.GoldenExample;
import io.driftline.Label;
import io.driftline.MissingPolicy;
import io.driftline.ModelManifest;
import io.driftline.OutputKind;
import io.driftline.OutputSpec;
import io.driftline.Prediction;
import io.driftline.ReferenceProfile;
import io.driftline.models.drift.PerformanceStats;
import io.driftline.models.features.FeatureEncoder;
import io.driftline.models.features.FeatureException;
import io.driftline.models.features.ValueType;
import io.driftline.models.profile.ProfileBuilder;
import io.driftline.topology.label.LabelledPrediction;
import io.driftline.topology.score.onnx.ModelOutput;
import io.driftline.topology.score.onnx.OnnxModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A model's reference profile, reference performance and golden examples from a file of its training (or
 * held-out) rows: what {@code model publish --reference} puts in the bundle.
 *
 * <p>Each row is encoded by the manifest's {@link FeatureEncoder}, as serving encodes an enriched event, and
 * scored by {@link OnnxModel} in batches. A row serving would dead-letter for a missing value under {@code REJECT}
 * is left out and counted, as it would never reach the drift statistics; a value of the wrong type or not finite
 * is an error that names the file, row and column. The profile is built by {@link ProfileBuilder} with sketches,
 * as the demo model's is, from what the drift windows count: a present numeric value as a float, a missing one as
 * missing (not the default the model is fed). With a label column, each labelled row's prediction is counted into
 * the reference performance as a drift window counts a labelled prediction
 * ({@link LabelledPrediction#countInto}). Memory stays bounded whatever the file's length (see
 * {@link ProfileBuilder}); a manifest with a {@code REFERENCE_MEAN} feature reads the file twice, first for the
 * means the encoder substitutes.
 */
public final class ReferenceBuilder {

    /** Rows per model run, as the score stage batches a backlog. */
    static final int BATCH = 256;
    /** Golden examples by default, as many as the demo model carries. */
    public static final int DEFAULT_GOLDEN_ROWS = 20;

    /** What the file gave. */
    public record Reference(ReferenceProfile profile, List<GoldenExample> golden, long rows, long skipped,
                            long labelled) {
    }

    private final ModelManifest manifest;
    private final byte[] onnx;
    private String labelColumn;
    private int goldenRows = DEFAULT_GOLDEN_ROWS;
    private PrintWriter progress;

    /** A builder for a model: its manifest and ONNX bytes (loaded with ONNX Runtime for the scoring). */
    public ReferenceBuilder(ModelManifest manifest, byte[] onnx) {
        this.manifest = Objects.requireNonNull(manifest, "manifest");
        this.onnx = Objects.requireNonNull(onnx, "onnx");
    }

    /** Path of the column holding each row's true label (classifier) or value (regression); null for none. */
    public ReferenceBuilder labelColumn(String path) {
        this.labelColumn = path;
        return this;
    }

    /** Golden examples to take from the scored rows (default {@value #DEFAULT_GOLDEN_ROWS}; 0 for none). */
    public ReferenceBuilder goldenRows(int rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("golden rows must be >= 0: " + rows);
        }
        this.goldenRows = rows;
        return this;
    }

    /** Where progress on long files goes (stderr); null for none. */
    public ReferenceBuilder progress(PrintWriter out) {
        this.progress = out;
        return this;
    }

    /** Reads, scores and profiles the file. */
    public Reference build(Path file) throws ReferenceException {
        ReferenceColumns columns = ReferenceColumns.of(manifest, labelColumn);
        return build(file, () -> ReferenceFiles.open(file, columns));
    }

    interface Opener {
        RowSource open() throws ReferenceException;
    }

    Reference build(Path file, Opener opener) throws ReferenceException {
        OnnxModel model;
        try {
            model = OnnxModel.load(onnx, manifest, 1);
        } catch (Exception e) {
            throw ReferenceException.of(file, "the model does not load: " + e.getMessage(), e);
        }
        try {
            // Each feature encoded as the graph's input takes it (float, double, int64, string), as serving does.
            List<ValueType> types = model.featureTypes();
            FeatureEncoder raw = encoder(file, rawManifest(), null, types);
            FeatureEncoder encoder = raw;
            if (manifest.getFeatures().stream().anyMatch(f -> f.getMissing() == MissingPolicy.REFERENCE_MEAN)) {
                Pass means = new Pass(file, raw, new ProfileBuilder(manifest), null, "means");
                means.run(opener);
                encoder = encoder(file, manifest, means.profile.build(), types); // the means serving substitutes
            }
            Pass pass = new Pass(file, raw, new ProfileBuilder(manifest).withSketches(),
                    new BatchScorer(model, encoder), "scoring");
            pass.run(opener);
            if (labelColumn != null) {
                pass.checkLabels();
                pass.profile.performance(pass.performance.values());
            }
            return new Reference(pass.profile.build(), pass.golden.examples(), pass.rows, pass.skipped, pass.labelled);
        } finally {
            model.close();
        }
    }

    /** The encoder serving would build, or why the manifest cannot feed this graph (a NUMERIC feature on a string). */
    private static FeatureEncoder encoder(Path file, ModelManifest manifest, ReferenceProfile profile,
                                          List<ValueType> types) throws ReferenceException {
        try {
            return new FeatureEncoder(manifest, profile, types);
        } catch (IllegalArgumentException e) {
            throw ReferenceException.of(file, "the manifest cannot feed the model: " + e.getMessage(), e);
        }
    }

    /**
     * The manifest whose encoder's {@code rawValue} and checks the profile rows come from: the manifest's own, with
     * REFERENCE_MEAN read as DEFAULT, since the means are not known before the file is read (the value substituted
     * for a missing one is never profiled: a missing value counts as missing).
     */
    private ModelManifest rawManifest() {
        ModelManifest copy = ModelManifest.newBuilder(manifest).build();
        List<FeatureSpec> features = new ArrayList<>();
        for (FeatureSpec spec : copy.getFeatures()) {
            features.add(spec.getMissing() != MissingPolicy.REFERENCE_MEAN ? spec
                    : FeatureSpec.newBuilder(spec).setMissing(MissingPolicy.DEFAULT).build());
        }
        copy.setFeatures(features);
        return copy;
    }

    /** One read of the file: rows into the profile and, with a scorer, scores, performance and golden examples. */
    private final class Pass {
        final Path file;
        final FeatureEncoder raw;
        final ProfileBuilder profile;
        final BatchScorer scorer;
        final Progress progressLine;
        final PerformanceStats performance = new PerformanceStats();
        final GoldenPool golden = new GoldenPool(goldenRows);
        final OutputSpec output = manifest.getOutput();
        final Set<String> classes = new HashSet<>(output.getClassLabels());
        final List<double[]> pendingRows = new ArrayList<>(BATCH);
        final List<Object> pendingLabels = new ArrayList<>(BATCH);
        long rows;
        long skipped;
        long labelled;
        long labelsOfAClass;
        String firstSkip;
        String firstLabel;
        long firstPendingRow;

        Pass(Path file, FeatureEncoder raw, ProfileBuilder profile, BatchScorer scorer, String name) {
            this.file = file;
            this.raw = raw;
            this.profile = profile;
            this.scorer = scorer;
            this.progressLine = new Progress(progress, file, name);
        }

        void run(Opener opener) throws ReferenceException {
            try (RowSource source = opener.open()) {
                while (source.next()) {
                    rows++;
                    progressLine.row(rows);
                    add(source);
                }
                flush();
            }
            progressLine.done(rows);
            if (skipped > 0 && progress != null && scorer != null) {
                progress.printf("%s: left out %,d of %,d rows that serving would dead-letter (first: %s)%n",
                        file.getFileName(), skipped, rows, firstSkip);
                progress.flush();
            }
            if (rows - skipped == 0) {
                throw ReferenceException.of(file, rows == 0 ? "has no rows" : "every row has a missing value"
                        + " under the REJECT policy (" + firstSkip + ")");
            }
        }

        private void add(RowSource source) throws ReferenceException {
            double[] row;
            try {
                row = profileRow(source.view());
                if (scorer != null) {
                    scorer.add(source.view());
                }
            } catch (FeatureException e) {
                if (e.code() == FeatureException.Code.MISSING_FEATURE) {
                    skipped++;
                    if (firstSkip == null) {
                        firstSkip = "row " + source.row() + ", column '" + e.field() + "': " + e.getMessage();
                    }
                    return;
                }
                throw ReferenceException.at(file, source.row(), e.field(), e.getMessage(), e);
            }
            if (scorer == null) {
                profile.add(row);
                return;
            }
            if (pendingRows.isEmpty()) {
                firstPendingRow = source.row();
            }
            pendingRows.add(row);
            pendingLabels.add(label(source));
            if (pendingRows.size() == BATCH) {
                flush();
            }
        }

        /** The row as drift windows count it: a present value as encoded (numbers as floats), a missing one NaN. */
        private double[] profileRow(org.apache.avro.generic.GenericRecord view) {
            float[] encoded = raw.encodeFloats(view); // the encoder's checks: type, finiteness, REJECT
            double[] row = new double[encoded.length];
            for (int i = 0; i < row.length; i++) {
                row[i] = raw.rawValue(view, i) == null ? Double.NaN : encoded[i];
            }
            return row;
        }

        private Object label(RowSource source) throws ReferenceException {
            Object value = source.label();
            if (value == null || labelColumn == null) {
                return null;
            }
            if (output.getKind() != OutputKind.REGRESSION) {
                return value.toString();
            }
            if (value instanceof Number number && Double.isFinite(number.doubleValue())) {
                return number.doubleValue();
            }
            throw ReferenceException.at(file, source.row(), labelColumn,
                    "a regression label must be a finite number, got '" + value + "'", null);
        }

        private void flush() throws ReferenceException {
            if (scorer == null || pendingRows.isEmpty()) {
                return;
            }
            List<ModelOutput> outputs;
            try {
                outputs = scorer.score();
            } catch (Exception e) {
                throw ReferenceException.of(file, "the model failed on the " + pendingRows.size() + " rows from row "
                        + firstPendingRow + ": " + e.getMessage(), e);
            }
            for (int i = 0; i < outputs.size(); i++) {
                ModelOutput out = outputs.get(i);
                profile.add(pendingRows.get(i)).addScore(out.score());
                count(out, pendingLabels.get(i));
                int index = i;
                golden.offer(() -> scorer.goldenInputs(index), out);
            }
            scorer.clear();
            pendingRows.clear();
            pendingLabels.clear();
        }

        /** Counts a labelled row's prediction as a drift window counts a labelled prediction. */
        private void count(ModelOutput out, Object truth) {
            if (truth == null) {
                return;
            }
            // Only what performance reads: the score, predicted label and class scores; the true label or value.
            Prediction prediction = new Prediction();
            prediction.setScore(out.score());
            prediction.setLabel(out.label());
            prediction.setScores(out.scores());
            Label label = new Label();
            if (truth instanceof String text) {
                label.setLabel(text);
                labelsOfAClass += classes.contains(text) ? 1 : 0;
                firstLabel = firstLabel == null ? text : firstLabel;
            } else {
                label.setValue((Double) truth);
            }
            String positive = output.getKind() == OutputKind.BINARY ? output.getPositiveClass() : null;
            if (new LabelledPrediction(prediction, label).countInto(performance, output.getKind(), positive)) {
                labelled++;
            }
        }

        /** A classifier's labels must name its classes: labels 0/1 against classes no/yes would all count as wrong. */
        void checkLabels() throws ReferenceException {
            if (labelled == 0) {
                throw ReferenceException.of(file, "label column '" + labelColumn + "' has no label in any row");
            }
            if (output.getKind() != OutputKind.REGRESSION && !classes.isEmpty() && labelsOfAClass == 0) {
                throw ReferenceException.of(file, "no label in column '" + labelColumn + "' is a class of the model "
                        + output.getClassLabels() + " (the first is '" + firstLabel + "')");
            }
        }
    }
}
