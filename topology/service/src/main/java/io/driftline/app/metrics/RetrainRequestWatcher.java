package io.driftline.app.metrics;

import io.driftline.RetrainRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Follows the retrain-requests topic from its end (requests made from now on) and hands each request to the
 * listeners, as the demo console shows them; keeps how many it saw.
 */
public final class RetrainRequestWatcher implements AutoCloseable {

    private final List<Consumer<RetrainRequest>> listeners = new CopyOnWriteArrayList<>();
    private final TopicFollower<RetrainRequest> follower;
    private volatile long seen;

    public RetrainRequestWatcher(String topic, Map<String, Object> clientConfig,
                                 Deserializer<RetrainRequest> deserializer) {
        this.follower = new TopicFollower<>(topic, "driftline-retrain-requests", clientConfig, deserializer,
                consumer -> consumer.seekToEnd(consumer.assignment()), (key, request) -> {
                    if (request != null) {
                        seen++;
                        listeners.forEach(l -> l.accept(request));
                    }
                });
    }

    /** Calls {@code listener} on the follower's thread with every request read; it must not block. */
    public RetrainRequestWatcher addListener(Consumer<RetrainRequest> listener) {
        listeners.add(listener);
        return this;
    }

    public RetrainRequestWatcher start() {
        follower.start();
        return this;
    }

    /** Requests read so far. */
    public long seen() {
        return seen;
    }

    @Override
    public void close() {
        follower.close();
    }
}
