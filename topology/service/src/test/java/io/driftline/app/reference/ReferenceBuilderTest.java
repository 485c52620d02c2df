package io.driftline.app.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftline.FeatureProfile;
import io.driftline.GoldenExample;
import io.driftline.ReferenceProfile;
import io.driftline.models.bundle.BundleBuilder;
import io.driftline.models.bundle.ModelBundle;
import io.driftline.models.drift.PerformanceStats;
import io.driftline.models.drift.PerformanceTests;
import io.driftline.topology.score.BundleRejectedException;
import io.driftline.topology.score.BundleVerifier;
import io.driftline.topology.score.ServingModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceBuilderTest {

    private static final List<GenericRecord> EVENTS = UserModel.events(11, 3_000, 0);

    @TempDir
    Path dir;

    private static ReferenceBuilder builder() {
        return new ReferenceBuilder(UserModel.manifest(), UserModel.onnx()).labelColumn("y");
    }

    private static ReferenceBuilder.Reference inMemory(List<GenericRecord> events) throws ReferenceException {
        return builder().build(Path.of("memory"), () -> new ListRowSource(events, "y"));
    }

    @Test
    void shouldBuildFromCsvParquetJsonLinesAndAvroTheReferenceOfTheSameRowsInMemory() throws Exception {
        ReferenceBuilder.Reference expected = inMemory(EVENTS);
        List<Path> files = List.of(ReferenceFixtures.csv(EVENTS, dir.resolve("train.csv")),
                ReferenceFixtures.parquet(EVENTS, dir.resolve("train.parquet")),
                ReferenceFixtures.jsonl(EVENTS, dir.resolve("train.jsonl")),
                ReferenceFixtures.avro(EVENTS, dir.resolve("train.avro")));

        for (Path file : files) {
            ReferenceBuilder.Reference got = builder().build(file);

            assertThat(got.rows()).as(file.toString()).isEqualTo(3_000);
            assertThat(got.skipped()).as(file.toString()).isEqualTo(expected.skipped()).isPositive();
            assertThat(ReferenceFixtures.withoutSketchBytes(got.profile())).as(file.toString())
                    .usingRecursiveComparison().ignoringFields("performance")
                    .isEqualTo(ReferenceFixtures.withoutSketchBytes(expected.profile()));
            Map<String, Double> performance = got.profile().getPerformance();
            assertThat(performance.get(PerformanceTests.ACCURACY))
                    .isEqualTo(expected.profile().getPerformance().get(PerformanceTests.ACCURACY));
            assertThat(performance.get(PerformanceTests.LOG_LOSS))
                    .isEqualTo(expected.profile().getPerformance().get(PerformanceTests.LOG_LOSS));
            assertThat(performance.get(PerformanceTests.AUC)).as("AUC from KLL sketches past 400 scores a class")
                    .isCloseTo(expected.profile().getPerformance().get(PerformanceTests.AUC), within(0.02));
            assertThat(got.golden()).as(file.toString()).isEqualTo(expected.golden());
        }
    }

    @Test
    void shouldProfileWhatDriftWindowsCountAndFeedTheModelWhatServingFeedsIt() throws Exception {
        ReferenceBuilder.Reference reference = inMemory(EVENTS);
        ReferenceProfile profile = reference.profile();
        List<GenericRecord> kept = EVENTS.stream().filter(e -> e.get("income") != null).toList(); // REJECT: left out

        assertThat(reference.skipped()).isEqualTo(EVENTS.size() - kept.size());
        assertThat(profile.getSampleSize()).isEqualTo(kept.size());
        FeatureProfile x = profile.getFeatures().get(0);
        long xMissing = kept.stream().filter(e -> e.get("x") == null).count();
        assertThat(x.getMissingFraction()).as("missing, not the default 0 the model is fed")
                .isEqualTo((double) xMissing / kept.size());
        assertThat(x.getMean()).isCloseTo(kept.stream().filter(e -> e.get("x") != null)
                .mapToDouble(e -> (float) (double) e.get("x")).average().orElseThrow(), within(1e-12));
        FeatureProfile age = profile.getFeatures().get(1);
        List<Double> ages = new ArrayList<>();
        kept.forEach(e -> {
            GenericRecord details = (GenericRecord) e.get("details");
            if (details != null && details.get("age") != null) {
                ages.add((double) (float) (double) details.get("age"));
            }
        });
        assertThat(age.getMissingFraction()).isCloseTo(1.0 - (double) ages.size() / kept.size(), within(1e-12));
        FeatureProfile segment = profile.getFeatures().get(2);
        assertThat(segment.getCategoryFrequencies()).containsOnlyKeys("a", "b", "c", "__unseen__");
        assertThat(segment.getCategoryFrequencies().get("__unseen__")).isCloseTo(0.02 / 0.95, within(0.01));
        assertThat(profile.getPrediction().getBinEdges()).hasSize(9);
        assertThat(profile.getFeatures()).allSatisfy(f -> assertThat(f.getType() == io.driftline.FeatureType.CATEGORICAL
                || f.getKllSketch() != null).isTrue());

        // The golden examples are rows fed as serving feeds them: a missing age is the reference mean.
        assertThat(reference.golden()).hasSize(ReferenceBuilder.DEFAULT_GOLDEN_ROWS);
        for (GoldenExample golden : reference.golden()) {
            double[] features = golden.getFeatures().stream().mapToDouble(Double::doubleValue).toArray();
            assertThat(golden.getExpectedScore()).isCloseTo(UserModel.score(features), within(1e-6));
        }
        ReferenceBuilder.Reference withMissingAge = inMemory(List.of(event("m1", 1.0, null, "b", 30_000.0)));
        assertThat(withMissingAge.golden()).singleElement().satisfies(g -> assertThat(g.getFeatures())
                .containsExactly(1.0, withMissingAge.profile().getFeatures().get(1).getMean(), 1.0, 30_000.0));
    }

    @Test
    void shouldMeasureTheReferencePerformanceFromTheLabelColumnAsDriftWindowsMeasureIt() throws Exception {
        List<GenericRecord> few = EVENTS.subList(0, 350); // under the KLL size per class: AUC exact
        ReferenceBuilder.Reference reference = builder().build(ReferenceFixtures.csv(few, dir.resolve("few.csv")));

        // The same rows judged by hand: the model's probability, its arg-max label, the truth.
        PerformanceStats expected = new PerformanceStats();
        double meanAge = reference.profile().getFeatures().get(1).getMean();
        for (GenericRecord e : few) {
            if (e.get("income") == null) {
                continue;
            }
            double[] features = UserModel.encodeByHand(e);
            GenericRecord details = (GenericRecord) e.get("details");
            if (details == null || details.get("age") == null) {
                features[1] = meanAge;
            }
            double p = UserModel.score(features);
            boolean yes = "yes".equals(e.get("y").toString());
            expected.addClassification((p > 0.5) == yes, yes ? p : 1 - p, p, yes);
        }
        Map<String, Double> performance = reference.profile().getPerformance();
        assertThat(performance).containsOnlyKeys(PerformanceTests.ACCURACY, PerformanceTests.LOG_LOSS,
                PerformanceTests.AUC);
        assertThat(reference.labelled()).isEqualTo(expected.count());
        assertThat(performance.get(PerformanceTests.ACCURACY)).isEqualTo(expected.accuracy());
        assertThat(performance.get(PerformanceTests.LOG_LOSS)).isCloseTo(expected.logLoss(), within(1e-6));
        assertThat(performance.get(PerformanceTests.AUC)).isCloseTo(expected.auc(), within(1e-9));
        assertThat(performance.get(PerformanceTests.AUC)).as("the model knows something").isGreaterThan(0.6);

        ReferenceProfile unlabelled = new ReferenceBuilder(UserModel.manifest(), UserModel.onnx())
                .build(dir.resolve("few.csv")).profile();
        assertThat(unlabelled.getPerformance()).isEmpty();
    }

    @Test
    void shouldGiveGoldenExamplesThatTheRealBundleVerifierAcceptsAndATamperedOneThatItRejects() throws Exception {
        ReferenceBuilder.Reference reference = builder().goldenRows(8)
                .build(ReferenceFixtures.parquet(EVENTS, dir.resolve("golden.parquet")));
        assertThat(reference.golden()).hasSize(8);
        assertThat(reference.golden().get(0).getExpectedScore())
                .isLessThan(reference.golden().get(7).getExpectedScore() - 0.3); // spread over the score range

        ModelBundle bundle = BundleBuilder.forModel("user", "1").onnx(UserModel.onnx()).manifest(UserModel.manifest())
                .referenceProfile(reference.profile()).goldenExamples(reference.golden()).build();
        ServingModel serving = new BundleVerifier(1, Clock.systemUTC()).verify(bundle, false);
        assertThat(serving.referenceProfile()).isEqualTo(reference.profile());
        serving.onnx().close();

        List<GoldenExample> tampered = new ArrayList<>(reference.golden());
        GoldenExample first = GoldenExample.newBuilder(tampered.get(3)).build();
        first.setExpectedScore(first.getExpectedScore() + 1e-3);
        tampered.set(3, first);
        ModelBundle bad = BundleBuilder.forModel("user", "2").onnx(UserModel.onnx()).manifest(UserModel.manifest())
                .referenceProfile(reference.profile()).goldenExamples(tampered).build();
        assertThatThrownBy(() -> new BundleVerifier(1, Clock.systemUTC()).verify(bad, false))
                .isInstanceOf(BundleRejectedException.class).hasMessageContaining("golden example 3");
    }

    @Test
    void shouldNameTheFileRowAndColumnOfABadValue() throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "id,x,details.age,segment,income,y\na,1.0,30,a,100,no\nb,high,30,a,100,yes\n");

        assertThatThrownBy(() -> builder().build(csv)).isInstanceOf(ReferenceException.class)
                .hasMessageContaining("bad.csv").hasMessageContaining("Line: 3")
                .hasMessageContaining("column \"x\"").hasMessageContaining("\"high\"");

        Path typed = dir.resolve("bad.avro");
        GenericRecord event = event("e1", 1.0, 30.0, "a", 100.0);
        GenericRecord nan = event("e2", Double.NaN, 30.0, "a", 100.0);
        ReferenceFixtures.avro(List.of(event, nan), typed);
        assertThatThrownBy(() -> builder().build(typed)).isInstanceOf(ReferenceException.class)
                .hasMessageContaining("bad.avro, row 2, column 'x'").hasMessageContaining("NaN");
    }

    @Test
    void shouldListTheColumnsWhenAFieldIsMissingAndSayWhenLabelsAreNoClassOfTheModel() throws Exception {
        Path csv = dir.resolve("nocol.csv");
        Files.writeString(csv, "id,x,age,segment,income,y\na,1.0,30,a,100,0\n");
        assertThatThrownBy(() -> builder().build(csv)).isInstanceOf(ReferenceException.class)
                .hasMessageContaining("nocol.csv").hasMessageContaining("'details.age'")
                .hasMessageContaining("[id, x, age, segment, income, y]");

        Path zeroOne = dir.resolve("zeroone.csv");
        Files.writeString(zeroOne, "id,x,details.age,segment,income,y\na,1.0,30,a,100,0\nb,2.0,40,b,100,1\n");
        assertThatThrownBy(() -> builder().build(zeroOne)).isInstanceOf(ReferenceException.class)
                .hasMessageContaining("no label in column 'y' is a class of the model [no, yes]");
    }

    @Test
    void shouldStreamALargeFileInBoundedMemoryAndShowProgress() throws Exception {
        List<GenericRecord> many = UserModel.events(5, 150_000, 0); // past the 100,000 exact values of a column
        Path csv = ReferenceFixtures.csv(many, dir.resolve("large.csv"));
        StringWriter progress = new StringWriter();

        ReferenceBuilder.Reference reference = builder().progress(new PrintWriter(progress, true)).build(csv);

        assertThat(reference.rows()).isEqualTo(150_000);
        FeatureProfile x = reference.profile().getFeatures().get(0);
        assertThat(x.getBinEdges()).hasSize(9);
        // Deciles of N(0, 1): the sketch's edges within its rank error of the normal quantiles.
        assertThat(x.getBinEdges().get(4)).isCloseTo(0.0, within(0.03));
        assertThat(x.getBinEdges().get(0)).isCloseTo(-1.2816, within(0.04));
        assertThat(x.getBinFractions()).allSatisfy(f -> assertThat(f).isCloseTo(0.1, within(0.015)));
        assertThat(progress.toString()).contains("left out").contains("large.csv");
    }

    private static GenericRecord event(String id, Double x, Double age, String segment, Double income) {
        GenericRecord event = new org.apache.avro.generic.GenericData.Record(UserModel.EVENT);
        event.put("id", id);
        event.put("x", x);
        if (age != null) {
            GenericRecord details = new org.apache.avro.generic.GenericData.Record(UserModel.DETAILS);
            details.put("age", age);
            event.put("details", details);
        }
        event.put("segment", segment);
        event.put("income", income);
        event.put("y", "no");
        return event;
    }
}
