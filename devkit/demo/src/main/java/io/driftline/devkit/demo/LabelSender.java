package io.driftline.devkit.demo;

import io.driftline.Label;
import io.driftline.devkit.payments.DemoModel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The demo's ground truth: each payment's outcome ({@link DemoModel#FRAUD} or {@link DemoModel#LEGIT}, the demo
 * model's class labels) as an {@code io.driftline.Label} on the labels topic, keyed by the event id the service
 * gives the payment's prediction (the transaction id: the demo manifest's event id field), once {@code delay} has
 * passed since the payment. The label's timestamp, and its record's, is when the outcome became known. Used by the
 * generator's thread only.
 */
final class LabelSender {

    private record Due(long at, String eventId, boolean fraud) {
    }

    private final String topic;
    private final long delayMs;
    private final Serializer<Label> serializer;
    private final Deque<Due> due = new ArrayDeque<>(); // payments come in event-time order, so labels fall due in order
    private final LongAdder sent = new LongAdder();

    LabelSender(String topic, Duration delay, Serializer<Label> serializer) {
        this.topic = topic;
        this.delayMs = delay.toMillis();
        this.serializer = serializer;
    }

    /** Remembers the outcome of a payment made at {@code eventTime}. */
    void paid(String eventId, long eventTime, boolean fraud) {
        due.addLast(new Due(eventTime + delayMs, eventId, fraud));
    }

    /** Sends the labels due by {@code now}. */
    void sendDue(long now, KafkaProducer<String, byte[]> producer, Runnable onFailure) {
        while (!due.isEmpty() && due.peekFirst().at() <= now) {
            Due d = due.pollFirst();
            Label label = Label.newBuilder().setEventId(d.eventId())
                    .setLabel(d.fraud() ? DemoModel.FRAUD : DemoModel.LEGIT).setTimestamp(Instant.ofEpochMilli(d.at()))
                    .build();
            producer.send(new ProducerRecord<>(topic, null, d.at(), d.eventId(), serializer.serialize(topic, label)),
                    (meta, error) -> {
                        if (error == null) {
                            sent.increment();
                        } else {
                            onFailure.run();
                        }
                    });
        }
    }

    /** Labels the broker took. */
    long sent() {
        return sent.sum();
    }
}
