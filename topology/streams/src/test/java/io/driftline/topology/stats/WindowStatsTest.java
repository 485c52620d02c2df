package io.driftline.topology.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import io.driftline.devkit.payments.DemoModel;
import io.driftline.models.bundle.ModelBundle;
import io.driftline.models.drift.CategoryBuckets;
import io.driftline.models.drift.ReferenceFeature;
import io.driftline.models.drift.WindowFeature;
import io.driftline.topology.score.ScoredEvent;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Window statistics: what the layout counts, merging, and the binary layout. */
class WindowStatsTest {

    private static ModelBundle bundle;
    private static DemoScoring demo;
    private static ModelLayout layout;

    @BeforeAll
    static void train() {
        bundle = DemoModel.train("1", 5, 2_000);
        demo = new DemoScoring(bundle, 3);
        layout = ModelLayout.of(demo.model);
    }

    @AfterAll
    static void close() {
        demo.close();
    }

    @Test
    void shouldCountEveryFeatureOnTheReferenceBucketsAsTheModelReadsIt() {
        WindowStats window = layout.newWindow(0, 60_000, false);
        double[] amounts = new double[500];
        for (int i = 0; i < amounts.length; i++) {
            ScoredEvent event = demo.next();
            layout.add(window, event);
            amounts[i] = (float) ((Number) event.event().value().get("amount")).doubleValue();
        }

        assertThat(window.events()).isEqualTo(500);
        assertThat(window.features()).extracting(FeatureStats::name).containsExactly("amount", "hourOfDay",
                "distanceKm", "cardPresent", "merchantCategory", "creditLimit", "cardAgeDays", "txn_count_10m",
                "amount_sum_10m");
        NumericStats amount = (NumericStats) window.features().get(0);
        ReferenceFeature reference = io.driftline.models.profile.AvroDrift.features(bundle.referenceProfile()).get(0);
        long[] expected = new long[reference.bucketCount()];
        Arrays.stream(amounts).forEach(a -> expected[reference.bucket(a)]++);
        assertThat(amount.buckets()).containsExactly(expected);
        assertThat(amount.count()).isEqualTo(500);
        assertThat(amount.missing()).isZero();
        assertThat(amount.mean()).isCloseTo(Arrays.stream(amounts).average().orElseThrow(), within(1e-9));
        double mean = amount.mean();
        assertThat(amount.variance()).isCloseTo(Arrays.stream(amounts).map(a -> (a - mean) * (a - mean)).sum() / 500,
                within(1e-6));
        assertThat(amount.sketch().getN()).isEqualTo(500);
        CategoryStats category = (CategoryStats) window.features().get(4);
        assertThat(category.count()).isEqualTo(500);
        assertThat(category.counts().keySet()).isSubsetOf(bundle.manifest().getFeatures().get(4).getVocabulary());
        assertThat(window.score().count()).isEqualTo(500);
        assertThat(window.labels().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(500);
    }

    @Test
    void shouldCountAbsentValuesAsMissingAndUnknownCategoriesAsUnseen() {
        WindowStats window = layout.newWindow(0, 60_000, false);
        ScoredEvent event = demo.next(value -> {
            value.put("distanceKm", null);
            value.put("merchantCategory", "never-seen");
        });
        layout.add(window, event);

        NumericStats distance = (NumericStats) window.features().get(2);
        assertThat(distance.missing()).as("missing, not the reference mean the model was fed").isEqualTo(1);
        assertThat(distance.count()).isZero();
        assertThat(((CategoryStats) window.features().get(4)).counts()).containsOnly(Map.entry(CategoryBuckets.UNSEEN,
                1L));
    }

    @Test
    void shouldCountCategoriesDecodedAsAvroUtf8UnderTheirVocabularyWords() {
        WindowStats window = layout.newWindow(0, 60_000, false);
        String word = bundle.manifest().getFeatures().get(4).getVocabulary().get(0).toString();
        for (Object value : new Object[] {new org.apache.avro.util.Utf8(word), word,
                new org.apache.avro.util.Utf8("never-seen"), new org.apache.avro.util.Utf8(word)}) {
            ScoredEvent event = demo.next(payment -> payment.put("merchantCategory", value));
            layout.add(window, event);
        }

        assertThat(((CategoryStats) window.features().get(4)).counts())
                .containsOnly(Map.entry(word, 3L), Map.entry(CategoryBuckets.UNSEEN, 1L));
    }

    @Test
    void shouldCountWhatTheEncoderNotedExactlyAsReadingTheEventAgain() {
        WindowStats noted = layout.newWindow(0, 60_000, false);
        WindowStats read = layout.newWindow(0, 60_000, false);
        String word = bundle.manifest().getFeatures().get(4).getVocabulary().get(1).toString();
        for (int i = 0; i < 600; i++) {
            int kind = i % 5;
            ScoredEvent event = demo.next(payment -> {
                switch (kind) {
                    case 1 -> payment.put("distanceKm", null);
                    case 2 -> payment.put("merchantCategory", new org.apache.avro.util.Utf8("never-seen"));
                    case 3 -> payment.put("merchantCategory", new org.apache.avro.util.Utf8(word));
                    case 4 -> payment.put("merchantCategory", null);
                    default -> { }
                }
            });
            assertThat(event.observed()).isNotNull();
            layout.add(noted, event);
            layout.add(read, new ScoredEvent(event.event(), event.model(), event.prediction()));
        }

        assertThat(noted.events()).isEqualTo(600);
        for (int f = 0; f < read.features().size(); f++) {
            WindowFeature expected = read.features().get(f).toWindowFeature();
            WindowFeature actual = noted.features().get(f).toWindowFeature();
            assertThat(actual.count()).as(expected.name()).isEqualTo(expected.count());
            assertThat(actual.missingCount()).as(expected.name()).isEqualTo(expected.missingCount());
            assertThat(actual.bucketCounts()).as(expected.name()).containsExactly(expected.bucketCounts());
            assertThat(actual.categoryCounts()).as(expected.name()).isEqualTo(expected.categoryCounts());
            if (expected.sketch() != null) {
                assertThat(actual.mean()).as(expected.name()).isEqualTo(expected.mean());
                assertThat(actual.variance()).as(expected.name()).isEqualTo(expected.variance());
                assertThat(actual.sketch().getN()).isEqualTo(expected.sketch().getN());
                assertThat(actual.sketch().getMinItem()).isEqualTo(expected.sketch().getMinItem());
                assertThat(actual.sketch().getMaxItem()).isEqualTo(expected.sketch().getMaxItem());
            }
        }
        assertThat(((NumericStats) noted.features().get(2)).missing()).isEqualTo(120);
        assertThat(((CategoryStats) noted.features().get(4)).missing()).isEqualTo(120);
        assertThat(((CategoryStats) noted.features().get(4)).counts()).containsEntry(CategoryBuckets.UNSEEN, 120L)
                .hasEntrySatisfying(word, n -> assertThat(n).isGreaterThanOrEqualTo(120L));
    }

    @Test
    void shouldMergePartialsIntoWhatOneTaskWouldHaveCounted() {
        WindowStats whole = layout.newWindow(0, 60_000, false);
        WindowStats[] parts = {layout.newWindow(0, 60_000, false), layout.newWindow(0, 60_000, false),
                layout.newWindow(0, 60_000, false)};
        for (int i = 0; i < 900; i++) {
            ScoredEvent event = demo.next();
            layout.add(whole, event);
            layout.add(parts[i % 7 == 0 ? 0 : i % 3], event);
        }
        WindowStats merged = StatsCodec.decodeStats(StatsCodec.encode(parts[0]));
        merged.merge(StatsCodec.decodeStats(StatsCodec.encode(parts[1])));
        merged.merge(parts[2]);

        assertThat(merged.events()).isEqualTo(900);
        assertThat(merged.labels()).isEqualTo(whole.labels());
        for (int f = 0; f < whole.features().size(); f++) {
            WindowFeature expected = whole.features().get(f).toWindowFeature();
            WindowFeature actual = merged.features().get(f).toWindowFeature();
            assertThat(actual.count()).isEqualTo(expected.count());
            assertThat(actual.missingCount()).isEqualTo(expected.missingCount());
            assertThat(actual.bucketCounts()).containsExactly(expected.bucketCounts());
            assertThat(actual.categoryCounts()).isEqualTo(expected.categoryCounts());
            if (actual.sketch() != null) {
                assertThat(actual.sketch().getN()).isEqualTo(expected.sketch().getN());
                assertThat(actual.mean()).isCloseTo(expected.mean(), within(1e-9 * Math.abs(expected.mean()) + 1e-12));
                assertThat(actual.variance()).isCloseTo(expected.variance(), within(1e-9 * expected.variance() + 1e-12));
                // KLL: both sketches answer ranks within their error bound (about 1.65% apart for k = 200).
                for (double q : new double[] {0.1, 0.5, 0.9}) {
                    double value = expected.sketch().getQuantile(q);
                    assertThat(actual.sketch().getRank(value)).as(actual.name() + " rank at q " + q)
                            .isCloseTo(expected.sketch().getRank(value), within(0.0165));
                }
            }
        }
    }

    @Test
    void shouldRoundTripStatisticsAndPartialsThroughTheBinaryLayout() {
        WindowStats window = layout.newWindow(120_000, 180_000, true);
        for (int i = 0; i < 50; i++) {
            layout.add(window, demo.next());
        }
        WindowPartial partial = StatsCodec.decodePartial(StatsCodec.encode(new WindowPartial(window, 2, 3)));

        assertThat(partial.sourcePartition()).isEqualTo(2);
        assertThat(partial.inputPartitions()).isEqualTo(3);
        WindowStats copy = partial.stats();
        assertThat(copy.key()).isEqualTo(new WindowKey("fraud", "1", 120_000));
        assertThat(copy.windowEnd()).isEqualTo(180_000);
        assertThat(copy.shadow()).isTrue();
        assertThat(copy.events()).isEqualTo(50);
        assertThat(StatsCodec.encode(copy)).isEqualTo(StatsCodec.encode(window));
        assertThat(WindowKey.fromBytes(copy.key().toBytes())).isEqualTo(copy.key());
    }

    @Test
    void shouldRefuseToMergeAnotherWindowOrShape() {
        WindowStats window = layout.newWindow(0, 60_000, false);
        assertThatIllegalArgumentException().isThrownBy(() -> window.merge(layout.newWindow(60_000, 120_000, false)))
                .withMessageContaining("fraud v1 @60000");
        NumericStats narrow = new NumericStats("amount", 3);
        assertThatIllegalArgumentException().isThrownBy(() -> narrow.merge(new NumericStats("amount", 11)))
                .withMessageContaining("11 buckets into 3");
    }
}
