package io.driftline.app;

import io.driftline.topology.topics.TopicNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates Driftline's topics that do not exist yet; state topics (models, alerts, profiles) are compacted. */
public final class TopicProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

    private TopicProvisioner() {
    }

    /** Creates the missing topics and returns the names it created. */
    public static List<String> ensure(Map<String, Object> clientConfig, TopicNames names, int partitions, short replication) {
        try (Admin admin = Admin.create(clientConfig)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = names.all().stream().filter(t -> !existing.contains(t))
                    .map(t -> newTopic(t, names, partitions, replication)).toList();
            if (missing.isEmpty()) {
                return List.of();
            }
            try {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                // Another instance may have created them at the same moment.
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            List<String> created = missing.stream().map(NewTopic::name).toList();
            awaitLeaders(admin, created);
            log.info("Created topics {}", created);
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create Driftline's topics on " + clientConfig.get("bootstrap.servers")
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates {@code topic} when it does not exist (a model's output topic), as the service's own topics are
     * created; returns whether it created it.
     *
     * @throws IllegalStateException when the topic cannot be looked up or created in time
     */
    public static boolean ensureTopic(Map<String, Object> clientConfig, String topic, int partitions, short replication) {
        try (Admin admin = Admin.create(clientConfig)) {
            if (admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic)) {
                return false;
            }
            try {
                admin.createTopics(List.of(new NewTopic(topic, partitions, replication))).all().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                return false;
            }
            awaitLeaders(admin, List.of(topic));
            log.info("Created topic {}", topic);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topic " + topic + " on "
                    + clientConfig.get("bootstrap.servers") + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code topic} exists. */
    public static boolean exists(Map<String, Object> clientConfig, String topic) {
        try (Admin admin = Admin.create(clientConfig)) {
            return admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking up topic " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot look up topic " + topic + " on "
                    + clientConfig.get("bootstrap.servers") + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits until every partition of the new topics has a leader in the broker's metadata. A producer that writes
     * to a topic a moment after its creation can otherwise meet NOT_LEADER_OR_FOLLOWER, and an idempotent one
     * with several batches in flight can then retry OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery time-out.
     */
    private static void awaitLeaders(Admin admin, List<String> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Map<String, TopicDescription> described;
            try {
                described = admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                described = Map.of();
            }
            boolean ready = described.size() == topics.size() && described.values().stream()
                    .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
            if (ready && leadersAnswer(admin, described)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("partitions of " + topics + " have no leader after 30 s");
            }
            Thread.sleep(100);
        }
    }

    /**
     * Whether every partition's leader answers a leader-only request (list offsets): the metadata can name a
     * leader a moment before that broker acts as one, and produce requests in that moment fail.
     */
    private static boolean leadersAnswer(Admin admin, Map<String, TopicDescription> described)
            throws InterruptedException {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        described.values().forEach(d -> d.partitions().forEach(
                p -> partitions.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        try {
            admin.listOffsets(partitions).all().get(10, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            log.debug("New partitions not served by their leaders yet: {}", e.getMessage());
            return false;
        }
    }

    private static NewTopic newTopic(String name, TopicNames names, int partitions, short replication) {
        // The model-update topic is read whole by every instance; one partition keeps bundles of a model in order.
        int count = name.equals(names.modelUpdatesTopic()) ? 1 : partitions;
        NewTopic topic = new NewTopic(name, Optional.of(count), replication < 0 ? Optional.empty() : Optional.of(replication));
        if (names.compacted().contains(name)) {
            topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        } else if (names.keptForever().contains(name)) {
            // The audit trail is evidence: neither compacted (every entry stays) nor deleted by age or size.
            topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                    TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.RETENTION_BYTES_CONFIG, "-1"));
        }
        return topic;
    }
}
