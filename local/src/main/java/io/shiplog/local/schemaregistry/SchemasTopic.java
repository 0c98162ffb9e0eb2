package io.shiplog.local.schemaregistry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creates the registry's topic (one partition, compacted) if it is missing and checks it if it is present. */
final class SchemasTopic {

    private static final Pattern LEGAL_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private SchemasTopic() {
    }

    /** Throws {@link IllegalArgumentException} naming {@code topic} if Kafka would not accept it as a topic name. */
    static String validName(String topic) {
        if (topic == null || !LEGAL_NAME.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw new IllegalArgumentException("schema registry topic '" + topic + "' is not a legal Kafka topic"
                    + " name (1-249 characters of a-z, A-Z, 0-9, '.', '_', '-')");
        }
        return topic;
    }

    /** Creates or checks {@code topic}; throws {@link IllegalStateException} with the reason on a mismatch. */
    static void ensure(Admin admin, String topic, Duration timeout) {
        try {
            Optional<TopicDescription> found = describe(admin, topic, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            if (found.isEmpty()) {
                create(admin, topic, timeout);
            }
            while (found.isEmpty() && System.nanoTime() < deadline) {
                // metadata of a topic created a moment ago may take a little while to reach every broker
                found = describe(admin, topic, timeout);
                if (found.isEmpty()) {
                    Thread.sleep(50);
                }
            }
            TopicDescription description = found.orElseThrow(() -> new IllegalStateException(
                    "schema registry topic '" + topic + "' not visible " + timeout.toMillis() + " ms after creation"));
            int partitions = description.partitions().size();
            if (partitions != 1) {
                throw new IllegalStateException("schema registry topic '" + topic + "' has " + partitions
                        + " partitions; it needs exactly 1 so that every instance applies the same order");
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(resource);
            String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            if (!TopicConfig.CLEANUP_POLICY_COMPACT.equals(policy)) {
                throw new IllegalStateException("schema registry topic '" + topic + "' has cleanup.policy="
                        + policy + "; it needs cleanup.policy=compact or registered schemas would be deleted");
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create or check schema registry topic '" + topic + "': " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking schema registry topic '" + topic + "'", e);
        }
    }

    private static Optional<TopicDescription> describe(Admin admin, String topic, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            return Optional.of(admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static void create(Admin admin, String topic, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        NewTopic newTopic = new NewTopic(topic, Optional.of(1), Optional.empty())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            admin.createTopics(List.of(newTopic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
