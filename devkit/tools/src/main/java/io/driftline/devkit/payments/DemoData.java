package io.driftline.devkit.payments;

import java.time.Duration;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;

/**
 * Labelled enriched events for training and evaluating the demo model, as the service would see them: a
 * simulated payment stream of {@value #CARDS} cards, each payment viewed with its card's profile and its window
 * aggregates ({@link DemoModel#aggregateSpecs()}, computed by {@link WindowAggregates}). The windows are warmed
 * up first ({@link #WARM_UP} of stream time), so the aggregates are those of a service that has run a while.
 */
final class DemoData {

    /** Cards in a training population: each pays a few times in a training run, so cards repeat. */
    static final int CARDS = 2_000;
    /** Stream time simulated before the first row: the longest window, so every window is full. */
    static final Duration WARM_UP = DemoModel.aggregateSpecs().stream().map(WindowAggregates.Spec::window)
            .max(Duration::compareTo).orElseThrow();

    /** One enriched event and the truth about it. */
    record Row(GenericRecord view, boolean fraud) {
    }

    private final Transactions.Generator generator;
    private final WindowAggregates aggregates = new WindowAggregates(DemoModel.aggregateSpecs(), Duration.ZERO);

    /** The stream of {@code seed}: its own card population and payments. */
    DemoData(long seed) {
        // The population's seed is mixed so that it differs from the stream's and from the demo's own population.
        CardPopulation cards = CardPopulation.generate(seed * 0x9E3779B97F4A7C15L + 0x5DEECE66DL, CARDS);
        this.generator = Transactions.generator(cards, seed, Transactions.DEFAULT_START_MILLIS);
        long warm = Transactions.DEFAULT_START_MILLIS + WARM_UP.toMillis();
        Transactions.Payment payment;
        do {
            payment = generator.nextPayment();
            aggregate(payment);
        } while (payment.eventTime() < warm);
    }

    Row next() {
        Transactions.Payment payment = generator.nextPayment();
        return new Row(DemoView.of(payment.transaction(), payment.profile(), aggregate(payment)), payment.fraud());
    }

    private Map<String, Double> aggregate(Transactions.Payment payment) {
        return aggregates.add(payment.cardId(), payment.eventTime(), payment.transaction());
    }
}
