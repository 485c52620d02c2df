package io.driftline.devkit.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.devkit.payments.WindowAggregates.Function;
import io.driftline.devkit.payments.WindowAggregates.Spec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

/** The offline reference of per-key window aggregates: the semantics the enrich stage must match. */
class WindowAggregatesTest {

    private static final Schema EVENT = SchemaBuilder.record("Event").fields()
            .optionalDouble("amount").optionalString("merchant").endRecord();
    private static final Duration TEN = Duration.ofMinutes(10);
    private static final long MIN = 60_000;

    private static final List<Spec> ALL = List.of(
            new Spec("n", Function.COUNT, "amount", TEN),
            new Spec("sum", Function.SUM, "amount", TEN),
            new Spec("mean", Function.MEAN, "amount", TEN),
            new Spec("min", Function.MIN, "amount", TEN),
            new Spec("max", Function.MAX, "amount", TEN),
            new Spec("merchants", Function.DISTINCT, "merchant", TEN));

    @Test
    void shouldAggregateOverTheWindowThatEndsAtTheEventIncludingIt() {
        WindowAggregates aggregates = new WindowAggregates(ALL, Duration.ZERO);

        assertThat(aggregates.add("k", 0, event(10.0, "a"))).containsExactly(Map.entry("n", 1.0),
                Map.entry("sum", 10.0), Map.entry("mean", 10.0), Map.entry("min", 10.0), Map.entry("max", 10.0),
                Map.entry("merchants", 1.0));
        aggregates.add("k", 5 * MIN, event(30.0, "b"));
        Map<String, Double> third = aggregates.add("k", 9 * MIN, event(20.0, "a"));

        assertThat(third).containsEntry("n", 3.0).containsEntry("sum", 60.0).containsEntry("mean", 20.0)
                .containsEntry("min", 10.0).containsEntry("max", 30.0).containsEntry("merchants", 2.0);
    }

    @Test
    void shouldExcludeTheEventExactlyOneWindowBackAndIncludeOneMillisecondLater() {
        WindowAggregates aggregates = new WindowAggregates(List.of(ALL.get(0)), Duration.ZERO);
        aggregates.add("k", 1_000, event(1.0, null));
        aggregates.add("k", 1_001, event(1.0, null));

        Map<String, Double> atEdge = aggregates.add("k", 1_000 + 10 * MIN, event(1.0, null));

        assertThat(atEdge).containsEntry("n", 2.0); // (t - 10m, t]: 1,000 is out, 1,001 is in
        assertThat(aggregates.add("k", 1_001 + 10 * MIN, event(1.0, null))).containsEntry("n", 2.0);
    }

    @Test
    void shouldKeepKeysApart() {
        WindowAggregates aggregates = new WindowAggregates(ALL.subList(0, 2), Duration.ZERO);
        aggregates.add("card-1", 0, event(5.0, null));
        aggregates.add("card-2", 1, event(7.0, null));

        assertThat(aggregates.add("card-1", 2, event(1.0, null))).containsEntry("n", 2.0).containsEntry("sum", 6.0);
        assertThat(aggregates.add("card-3", 3, event(1.0, null))).containsEntry("n", 1.0);
    }

    @Test
    void shouldSkipAbsentValuesAndLeaveMeanMinMaxOfNothingAbsent() {
        WindowAggregates aggregates = new WindowAggregates(ALL, Duration.ZERO);

        Map<String, Double> nothing = aggregates.add("k", 0, event(null, null));

        assertThat(nothing).containsOnlyKeys("n", "sum", "merchants");
        assertThat(nothing).containsEntry("n", 0.0).containsEntry("sum", 0.0).containsEntry("merchants", 0.0);
        assertThat(aggregates.add("k", 1, event(4.0, null))).containsEntry("n", 1.0).containsEntry("mean", 4.0);
        Schema other = SchemaBuilder.record("Other").fields().requiredString("id").endRecord();
        GenericRecord withoutField = new GenericData.Record(other);
        withoutField.put("id", "x");
        assertThat(aggregates.add("k", 2, withoutField)).containsEntry("n", 1.0);
    }

    @Test
    void shouldCountDistinctValuesAsText() {
        WindowAggregates aggregates = new WindowAggregates(List.of(ALL.get(5)), Duration.ZERO);
        aggregates.add("k", 0, event(null, "shop"));
        GenericRecord decoded = event(null, null);
        decoded.put("merchant", new Utf8("shop")); // as Avro decodes it

        assertThat(aggregates.add("k", 1, decoded)).containsEntry("merchants", 1.0);
        assertThat(aggregates.add("k", 2, event(null, "other"))).containsEntry("merchants", 2.0);
    }

    @Test
    void shouldCountLateEventsWithinGraceOnlyOverTheirOwnWindow() {
        WindowAggregates aggregates = new WindowAggregates(List.of(ALL.get(0)), Duration.ofMinutes(1));
        aggregates.add("k", 20 * MIN, event(1.0, null));

        Map<String, Double> late = aggregates.add("k", 19 * MIN + 30_000, event(1.0, null));
        Map<String, Double> tooLate = aggregates.add("k", 18 * MIN, event(1.0, null));
        Map<String, Double> next = aggregates.add("k", 21 * MIN, event(1.0, null));

        assertThat(late).as("the event at 20m lies after 19m30s: not in its window").containsEntry("n", 1.0);
        assertThat(tooLate).as("two minutes behind stream time, grace one").isNull();
        assertThat(next).as("the late one counts, the too-late one not").containsEntry("n", 3.0);
    }

    @Test
    void shouldCountEventsAtTheSameTimestampInArrivalOrder() {
        WindowAggregates aggregates = new WindowAggregates(List.of(ALL.get(0)), Duration.ZERO);

        assertThat(aggregates.add("k", 5, event(1.0, null))).containsEntry("n", 1.0);
        assertThat(aggregates.add("k", 5, event(1.0, null))).containsEntry("n", 2.0);
    }

    @Test
    void shouldReadDotPathsThroughRecordsAndMaps() {
        Schema view = SchemaBuilder.record("View").fields()
                .name("profile").type(EVENT).noDefault()
                .name("agg").type().map().values().doubleType().noDefault().endRecord();
        GenericRecord record = new GenericData.Record(view);
        record.put("profile", event(12.0, null));
        record.put("agg", Map.of(new Utf8("x"), 3.0));
        WindowAggregates aggregates = new WindowAggregates(List.of(new Spec("p", Function.SUM, "profile.amount", TEN),
                new Spec("m", Function.SUM, "agg.x", TEN)), Duration.ZERO);

        assertThat(aggregates.add("k", 0, record)).containsEntry("p", 12.0).containsEntry("m", 3.0);
    }

    @Test
    void shouldRefuseAndNotCountANonNumberOrNonFiniteValueForNumericFunctions() {
        WindowAggregates text = new WindowAggregates(List.of(new Spec("s", Function.SUM, "merchant", TEN)),
                Duration.ZERO);
        WindowAggregates numbers = new WindowAggregates(ALL.subList(0, 2), Duration.ZERO);
        numbers.add("k", 0, event(2.0, null));

        assertThatThrownBy(() -> text.add("k", 0, event(null, "shop")))
                .hasMessageContaining("aggregate 's' needs a number in 'merchant', got String 'shop'");
        assertThatThrownBy(() -> numbers.add("k", 1, event(Double.NaN, null)))
                .hasMessageContaining("aggregate 'sum' needs a finite number in 'amount', got NaN");
        assertThat(numbers.add("k", 2, event(3.0, null))).as("the NaN event did not count")
                .containsEntry("n", 2.0).containsEntry("sum", 5.0);
        assertThatThrownBy(() -> new Spec("s", Function.SUM, "amount", Duration.ZERO)).hasMessageContaining("positive window");
    }

    @Test
    void shouldAggregateAnEventWithoutKeyOverItselfOnly() {
        WindowAggregates aggregates = new WindowAggregates(ALL.subList(0, 2), Duration.ZERO);
        aggregates.add(null, 0, event(2.0, null));

        assertThat(aggregates.add(null, 1, event(3.0, null))).containsEntry("n", 1.0).containsEntry("sum", 3.0);
    }

    @Test
    void shouldWriteTheDeclarationSyntaxOfTheService() {
        assertThat(new Spec("txn_count_10m", Function.COUNT, "amount", TEN)).hasToString("txn_count_10m=count(amount)@10m");
        assertThat(new Spec("s", Function.DISTINCT, "a.b", Duration.ofHours(24))).hasToString("s=distinct(a.b)@1d");
        assertThat(new Spec("s", Function.MAX, "a", Duration.ofMillis(1_500))).hasToString("s=max(a)@1500ms");
        assertThat(new Spec("s", Function.MEAN, "a", Duration.ofSeconds(90))).hasToString("s=mean(a)@90s");
        assertThat(WindowAggregates.declaration(DemoModel.aggregateSpecs())).isEqualTo(DemoModel.AGGREGATES);
    }

    @Test
    void shouldMatchTheDefinitionOnARandomStreamWithLateEvents() {
        Random random = new Random(5);
        Duration grace = Duration.ofMinutes(2);
        WindowAggregates aggregates = new WindowAggregates(ALL, grace);
        List<long[]> seen = new ArrayList<>(); // key, timestamp, index into values, for the brute force
        List<GenericRecord> events = new ArrayList<>();
        long streamTime = 0;
        int late = 0;
        for (int i = 0; i < 3_000; i++) {
            long key = random.nextInt(15);
            long t = Math.max(0, streamTime + random.nextInt(60_000) - 25_000 - (random.nextInt(20) == 0 ? 200_000 : 0));
            GenericRecord event = event(random.nextInt(8) == 0 ? null : (double) random.nextInt(100),
                    "m" + random.nextInt(5));
            Map<String, Double> actual = aggregates.add("k" + key, t, event);
            if (streamTime - t > grace.toMillis()) {
                assertThat(actual).isNull();
                late++;
                continue;
            }
            streamTime = Math.max(streamTime, t);
            seen.add(new long[] {key, t, events.size()});
            events.add(event);
            assertThat(actual).as("event %d", i).isEqualTo(bruteForce(seen, events, key, t));
        }
        assertThat(late).as("some events were too late").isBetween(50, 300);
    }

    /** The definition, literally: every event seen so far of this key in (t - 10m, t]. */
    private static Map<String, Double> bruteForce(List<long[]> seen, List<GenericRecord> events, long key, long t) {
        List<Double> amounts = new ArrayList<>();
        Set<String> merchants = new HashSet<>();
        for (long[] s : seen) {
            if (s[0] == key && s[1] > t - TEN.toMillis() && s[1] <= t) {
                GenericRecord e = events.get((int) s[2]);
                if (e.get("amount") != null) {
                    amounts.add((Double) e.get("amount"));
                }
                merchants.add(e.get("merchant").toString());
            }
        }
        Map<String, Double> out = new HashMap<>();
        out.put("n", (double) amounts.size());
        out.put("sum", amounts.stream().mapToDouble(Double::doubleValue).sum());
        if (!amounts.isEmpty()) {
            out.put("mean", out.get("sum") / amounts.size());
            out.put("min", amounts.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
            out.put("max", amounts.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        }
        out.put("merchants", (double) merchants.size());
        return out;
    }

    private static GenericRecord event(Double amount, String merchant) {
        GenericRecord event = new GenericData.Record(EVENT);
        event.put("amount", amount);
        event.put("merchant", merchant);
        return event;
    }
}
