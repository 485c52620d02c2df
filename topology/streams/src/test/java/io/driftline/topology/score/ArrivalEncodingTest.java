package io.driftline.topology.score;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.devkit.payments.DemoModel;
import io.driftline.devkit.payments.Transactions;
import io.driftline.models.bundle.ModelBundle;
import io.driftline.models.features.FeatureEncoder;
import io.driftline.models.features.FeatureSink;
import io.driftline.topology.ingest.Enrichment;
import io.driftline.topology.ingest.EventField;
import io.driftline.topology.ingest.InputEvent;
import io.driftline.topology.topics.TopicNames;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Events encoded as they arrive, for the models of the last batch, on the demo model's real encoder. */
class ArrivalEncodingTest {

    private static ModelBundle v1;
    private static ModelBundle v2;
    private final Transactions.Generator generator = Transactions.generator(3);
    private final ArrivalEncoding arrival = new ArrivalEncoding();

    @BeforeAll
    static void trainModels() {
        v1 = DemoModel.train("1", 11, 2_000);
        v2 = DemoModel.train("2", 22, 2_000);
    }

    @Test
    void shouldEncodeOnArrivalExactlyWhatTheBatchWouldAndOnlyForTheModelsServingTheTopic() {
        FeatureEncoder encoder = encoder(v1);
        InputEvent early = event("events", 1L);
        arrival.encode(early);
        assertThat(arrival.row(early, encoder)).as("no model served yet: the batch encodes it").isNull();

        arrival.serve(List.of(new ArrivalEncoding.Model(encoder, route(v1), EventField.of("transactionId"))));
        InputEvent event = event("events", 2L);
        arrival.encode(event);
        arrival.encode(event("other-topic", 3L));
        assertThat(arrival.size()).as("only the served topic's event").isEqualTo(1);

        FeatureEncoder.Row row = arrival.row(event, encoder);
        assertThat(row).isNotNull();
        Captured direct = new Captured(encoder.size());
        double[] observed = new double[encoder.size()];
        encoder.encodeInto(event.features(), direct, 0, observed);
        Captured replayed = new Captured(encoder.size());
        encoder.writeRow(row, replayed, 0);
        assertThat(replayed.values).containsExactly(direct.values);
        assertThat(row.observed()).containsExactly(observed);
        assertThat(arrival.eventId(event, encoder)).isEqualTo(event.value().get("transactionId").toString());

        assertThat(arrival.takeNanos(encoder)).as("arrival time counts as encoding time").isPositive();
        assertThat(arrival.takeNanos(encoder)).as("taken once").isZero();
        arrival.clear();
        assertThat(arrival.row(event, encoder)).isNull();
        assertThat(arrival.eventId(event, encoder)).isNull();
    }

    @Test
    void shouldLeaveToTheBatchWhatAnotherModelMustEncodeOrWhatFailsToEncode() {
        FeatureEncoder old = encoder(v1);
        arrival.serve(List.of(new ArrivalEncoding.Model(old, route(v1), null)));
        InputEvent event = event("events", 1L);
        arrival.encode(event);
        FeatureEncoder swapped = encoder(v2);
        assertThat(arrival.row(event, swapped)).as("a hot swap since: the new version encodes it itself").isNull();

        GenericRecord broken = generator.next(2L);
        broken.put("amount", null); // amount is REJECT when missing: encoding fails
        InputEvent bad = new InputEvent("card", broken, new byte[0], 2L, "events", 0, 2L, Enrichment.NONE);
        arrival.encode(bad); // no exception here: the batch fails it as it always has
        assertThat(arrival.row(bad, old)).isNull();
        assertThat(arrival.eventId(bad, old)).as("no id field: the event's position, read on arrival too")
                .isEqualTo(bad.positionId());
        assertThat(arrival.eventId(event, swapped)).isNull();

        arrival.serve(List.of(new ArrivalEncoding.Model(swapped, route(v2), EventField.of("transactionId"))));
        assertThat(arrival.takeNanos(old)).as("a model no longer served has no account").isZero();
        InputEvent next = event("events", 3L);
        arrival.encode(next);
        assertThat(arrival.row(next, swapped)).isNotNull();
        assertThat(arrival.row(next, old)).isNull();
    }

    private InputEvent event(String topic, long offset) {
        GenericRecord value = generator.next(offset);
        return new InputEvent(String.valueOf(value.get("cardId")), value, new byte[0], offset, topic, 0, offset,
                Enrichment.NONE);
    }

    private static FeatureEncoder encoder(ModelBundle bundle) {
        return new FeatureEncoder(bundle.manifest(), bundle.referenceProfile());
    }

    private static ModelRoute route(ModelBundle bundle) {
        return ModelRoute.of(bundle.manifest(), TopicNames.defaults());
    }

    /** What a row writes, by feature. */
    private static final class Captured implements FeatureSink {
        final Object[] values;

        Captured(int features) {
            values = new Object[features];
        }

        @Override
        public void putFloat(int row, int feature, float value) {
            values[feature] = value;
        }

        @Override
        public void putDouble(int row, int feature, double value) {
            values[feature] = value;
        }

        @Override
        public void putLong(int row, int feature, long value) {
            values[feature] = value;
        }

        @Override
        public void putString(int row, int feature, String value) {
            values[feature] = value;
        }
    }
}
