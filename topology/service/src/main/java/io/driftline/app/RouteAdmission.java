package io.driftline.app;

import io.driftline.models.bundle.ModelBundle;
import io.driftline.topology.score.BundleRejectedException;
import io.driftline.topology.score.ModelRegistry;
import io.driftline.topology.score.ModelRoute;
import io.driftline.topology.topics.TopicNames;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What this instance requires of a model's route (see {@link ModelRegistry.Admission}): every input topic is one
 * the service's subscription reads ({@code events} and {@code ingest.topics.pattern}), so that no model waits
 * forever for events nobody reads; and the output topic exists, created like the service's own topics when
 * {@code topics.create} is on, so that no prediction meets a missing topic on the stream thread (a producer
 * would block there for {@code max.block.ms} and then fail the task).
 */
final class RouteAdmission implements ModelRegistry.Admission {

    private final TopicNames names;
    private final Pattern subscription;
    private final Map<String, Object> clientConfig;
    private final boolean createTopics;
    private final int partitions;
    private final short replication;

    RouteAdmission(TopicNames names, Pattern subscription, Map<String, Object> clientConfig, boolean createTopics,
                   int partitions, short replication) {
        this.names = names;
        this.subscription = subscription;
        this.clientConfig = Map.copyOf(clientConfig);
        this.createTopics = createTopics;
        this.partitions = partitions;
        this.replication = replication;
    }

    /** The admission a service with {@code config} applies. */
    static RouteAdmission of(DriftlineConfig config) {
        return new RouteAdmission(config.topicNames(), config.inputSubscription(), config.clientConfig(),
                config.createTopics(), config.topicPartitions(), config.topicReplication());
    }

    @Override
    public void admit(ModelBundle bundle) throws BundleRejectedException {
        ModelRoute route = ModelRoute.of(bundle.manifest(), names);
        for (String topic : route.inputTopics()) {
            if (!subscription.matcher(topic).matches()) {
                throw new BundleRejectedException(BundleRejectedException.UNROUTABLE, "input topic '" + topic
                        + "' is not one this service reads (" + subscription.pattern() + ", from the events topic and "
                        + "ingest.topics.pattern): name a topic that matches, e.g. one ending in -events, or widen "
                        + "ingest.topics.pattern and restart the instances", null);
            }
        }
        String output = route.outputTopic();
        if (output.equals(names.predictionsTopic())) {
            return;
        }
        try {
            if (createTopics) {
                TopicProvisioner.ensureTopic(clientConfig, output, partitions, replication);
            } else if (!TopicProvisioner.exists(clientConfig, output)) {
                throw new BundleRejectedException(BundleRejectedException.UNROUTABLE, "output topic '" + output
                        + "' does not exist and topics.create is off: create it, then publish again", null);
            }
        } catch (IllegalStateException e) {
            throw new BundleRejectedException(BundleRejectedException.UNROUTABLE, "output topic '" + output
                    + "' cannot be checked or created: " + e.getMessage(), e);
        }
    }
}
