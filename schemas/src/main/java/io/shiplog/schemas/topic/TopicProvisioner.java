package io.shiplog.schemas.topic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics of the catalogue that are missing and checks those that exist, idempotently. A topic whose
 * partitions, cleanup policy or retention differ from the catalogue is a {@link TopicMismatchException} naming every
 * difference: Shiplog refuses to start on a log that would lose or reorder its release history.
 */
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);
    private static final Duration UNKNOWN_TOPIC_BACKOFF = Duration.ofMillis(100);

    private final Admin admin;
    private final Optional<Short> replicationFactor;
    private final Duration timeout;

    /**
     * @param replicationFactor replication of created topics; empty uses the broker's {@code default.replication.factor}
     * @param timeout           bound of each admin call
     */
    public TopicProvisioner(Admin admin, Optional<Short> replicationFactor, Duration timeout) {
        this.admin = admin;
        this.replicationFactor = replicationFactor;
        this.timeout = timeout;
    }

    /** Creates missing topics, checks existing ones, and reports which were created and which verified. */
    /** Creates every topic of the catalogue on {@code bootstrapServers} that is missing (tests, benchmarks). */
    public static ProvisioningReport provisionCatalogue(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            return new TopicProvisioner(admin, Optional.empty(), Duration.ofSeconds(30)).provision(TopicCatalogue.all());
        }
    }

    public ProvisioningReport provision(Collection<TopicSpec> topics) {
        return provision(topics, true);
    }

    /**
     * Checks the topics, creating missing ones only when {@code createMissing} (deployments whose Kafka ACLs forbid
     * creating topics verify only; a missing topic is then a mismatch).
     */
    public ProvisioningReport provision(Collection<TopicSpec> topics, boolean createMissing) {
        Set<String> existing = call("list topics", admin.listTopics().names());
        List<TopicSpec> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
        List<String> problems = new ArrayList<>();
        List<String> created = List.of();
        if (createMissing) {
            created = create(missing);
        } else {
            missing.forEach(t -> problems.add("topic " + t.name() + " does not exist and topic creation is off"));
        }
        List<String> done = created;
        List<TopicSpec> toVerify = topics.stream()
                .filter(t -> existing.contains(t.name()) || createMissing && !done.contains(t.name()))
                .toList();
        problems.addAll(verify(toVerify));
        if (!problems.isEmpty()) {
            throw new TopicMismatchException(problems);
        }
        List<String> verified = toVerify.stream().map(TopicSpec::name).toList();
        return new ProvisioningReport(created, verified);
    }

    private List<String> create(List<TopicSpec> missing) {
        if (missing.isEmpty()) {
            return List.of();
        }
        List<NewTopic> newTopics = missing.stream()
                .map(t -> new NewTopic(t.name(), Optional.of(t.partitions()), replicationFactor).configs(t.configs()))
                .toList();
        CreateTopicsResult result = admin.createTopics(newTopics);
        List<String> created = new ArrayList<>();
        for (TopicSpec topic : missing) {
            try {
                result.values().get(topic.name()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                created.add(topic.name());
                LOG.info("created topic {} with {} partitions, configs {}", topic.name(), topic.partitions(),
                        topic.configs());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new TopicProvisioningException("cannot create topic " + topic.name() + ": "
                            + e.getCause().getMessage(), e.getCause());
                }
                // another service created it a moment ago: it is verified like any existing topic
            } catch (TimeoutException e) {
                throw new TopicProvisioningException("creating topic " + topic.name() + " did not finish within "
                        + timeout.toSeconds() + " s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicProvisioningException("interrupted while creating topic " + topic.name(), e);
            }
        }
        return created;
    }

    private List<String> verify(List<TopicSpec> topics) {
        if (topics.isEmpty()) {
            return List.of();
        }
        Map<String, TopicSpec> byName = topics.stream().collect(Collectors.toMap(TopicSpec::name, Function.identity()));
        Map<String, TopicDescription> descriptions = callUntilKnown("describe topics",
                () -> admin.describeTopics(byName.keySet()).allTopicNames());
        List<ConfigResource> resources = byName.keySet().stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        Map<ConfigResource, Config> configs = callUntilKnown("describe topic configs",
                () -> admin.describeConfigs(resources).all());
        List<String> problems = new ArrayList<>();
        for (TopicSpec spec : topics) {
            int partitions = descriptions.get(spec.name()).partitions().size();
            if (partitions != spec.partitions()) {
                problems.add("topic " + spec.name() + " has " + partitions + " partitions, Shiplog is configured for "
                        + spec.partitions());
            }
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
            spec.configs().forEach((key, expected) -> {
                String actual = Optional.ofNullable(config.get(key)).map(ConfigEntry::value).orElse(null);
                if (!sameValue(key, expected, actual)) {
                    problems.add("topic " + spec.name() + " has " + key + "=" + actual + ", Shiplog needs " + expected
                            + explain(key, expected));
                }
            });
        }
        return problems;
    }

    private static boolean sameValue(String key, String expected, String actual) {
        if (actual == null) {
            return false;
        }
        if (key.equals("cleanup.policy")) {
            Set<String> actualPolicies = Set.of(actual.replace(" ", "").split(","));
            return actualPolicies.equals(Set.of(expected));
        }
        return expected.equals(actual);
    }

    private static String explain(String key, String expected) {
        if (key.startsWith("retention") && expected.equals("-1")) {
            return " (the release log is kept forever)";
        }
        return "";
    }

    /**
     * A topic created a moment ago (by us or by another service) is listed before every broker knows it; its
     * description answers "unknown topic" until metadata has propagated, so that answer is retried within the timeout.
     */
    private <T> T callUntilKnown(String what, Supplier<KafkaFuture<T>> request) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return call(what, request.get());
            } catch (TopicProvisioningException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(UNKNOWN_TOPIC_BACKOFF.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicProvisioningException("interrupted while waiting for topic metadata", e);
        }
    }

    private <T> T call(String what, KafkaFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new TopicProvisioningException("cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new TopicProvisioningException("cannot " + what + ": Kafka did not answer within "
                    + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicProvisioningException("interrupted while trying to " + what, e);
        }
    }

    /** What one provisioning run did. */
    public record ProvisioningReport(List<String> created, List<String> verified) {
    }
}
