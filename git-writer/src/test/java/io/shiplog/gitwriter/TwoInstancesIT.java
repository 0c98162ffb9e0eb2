package io.shiplog.gitwriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shiplog.events.CommitObserved;
import io.shiplog.events.FileChange;
import io.shiplog.events.ImageUsage;
import io.shiplog.events.ManifestsCommitted;
import io.shiplog.events.WatchedImage;
import io.shiplog.events.WatchlistEvent;
import io.shiplog.gitwriter.events.InboundConsumer;
import io.shiplog.gitwriter.support.ConfigRepo;
import io.shiplog.gitwriter.support.EventsLog;
import io.shiplog.gitwriter.support.Kafka;
import io.shiplog.gitwriter.support.Manifests;
import io.shiplog.gitwriter.support.RunningWriter;
import io.shiplog.local.git.Author;
import io.shiplog.local.git.GitCommit;
import io.shiplog.local.git.GitServer;
import io.shiplog.schemas.testing.EventLog;
import io.shiplog.schemas.topic.TopicCatalogue;
import io.shiplog.local.kafka.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two git-writer instances in one consumer group on one config repository. */
class TwoInstancesIT {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final int IMAGES = 20;
    @RegisterExtension
    static final EventsLog log = EventsLog.perClass();

    private static String image(int i) {
        return "registry.test/pair-" + SUFFIX + "/svc-" + i;
    }

    @Test
    void eachUpdateIsCommittedOnceAndEachNewCommitObservedOnceByTheInstanceThatOwnsTheRepository()
            throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < IMAGES; i++) {
            files.put("apps/svc-" + i + ".yaml", Manifests.bytes(Manifests.deployment("svc-" + i, image(i) + ":1.0.0",
                    "semver:^1")));
        }
        ConfigRepo repo = ConfigRepo.create("pair", files);
        String seed = repo.head();
        RunningWriter.Repo config = RunningWriter.Repo.of("pair", repo.httpUrl())
                .with("username", GitServer.shared().username()).with("password", GitServer.shared().password());
        String group = RunningWriter.newGroup();
        String human;
        String closing;
        try (RunningWriter one = RunningWriter.start(List.of(config), Files.createTempDirectory("pair-1"), group,
                "--shiplog.git-writer.tuning.repair-grace=3s");
             RunningWriter two = RunningWriter.start(List.of(config), Files.createTempDirectory("pair-2"), group,
                     "--shiplog.git-writer.tuning.repair-grace=3s")) {
            await("both instances in the group").atMost(Duration.ofSeconds(60)).until(() -> stableMembers(group) == 2);
            await("one owner").atMost(Duration.ofSeconds(30)).until(() -> owners(one, two) == 1);

            for (int i = 0; i < IMAGES; i++) {
                Kafka.tagDiscovered(image(i), "1.1.0");
            }
            await("every file updated").atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                for (int i = 0; i < IMAGES; i++) {
                    assertThat(new String(repo.read("apps/svc-" + i + ".yaml").orElseThrow(), StandardCharsets.UTF_8))
                            .isEqualTo(Manifests.deployment("svc-" + i, image(i) + ":1.1.0", "semver:^1"));
                }
            });
            human = GitServer.shared().commit(repo.name(), Map.of("README.md", "by hand\n"), "docs",
                    new Author("Ada", "ada@example.com"));
            String first = human;
            log.awaitCommit(repo.httpUrl(), CommitObserved.class, o -> o.getSha().equals(first));
            String last = Kafka.tagDiscovered(image(0), "1.2.0");
            log.awaitCommit(repo.httpUrl(), ManifestsCommitted.class, c -> c.getCausingEventIds().contains(last));
            closing = GitServer.shared().commit(repo.name(), Map.of("README.md", "by hand, again\n"), "docs",
                    new Author("Ada", "ada@example.com"));
            String second = closing;
            log.awaitCommit(repo.httpUrl(), CommitObserved.class, o -> o.getSha().equals(second));
        }

        List<GitCommit> history = repo.log();
        List<GitCommit> shiplog = history.stream().filter(c -> c.message().contains("Shiplog-Commit: ")).toList();
        List<ManifestsCommitted> committed = log.commits(repo.httpUrl(), ManifestsCommitted.class);
        List<CommitObserved> observed = log.commits(repo.httpUrl(), CommitObserved.class);
        assertThat(committed).extracting(ManifestsCommitted::getSha).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(shiplog.stream().map(GitCommit::sha).toList());
        assertThat(log.commitEnvelopes(repo.httpUrl())).filteredOn(e -> e.getPayload() instanceof ManifestsCommitted)
                .extracting(e -> e.getMeta().getEventId()).doesNotHaveDuplicates();
        for (int i = 0; i < IMAGES; i++) {
            String to = image(i) + ":1.1.0";
            assertThat(committed.stream().flatMap(c -> c.getChanges().stream()).map(FileChange::getTo)
                    .filter(to::equals).count()).as("commits of %s", to).isEqualTo(1);
        }
        assertThat(observed).extracting(CommitObserved::getSha).doesNotHaveDuplicates()
                .containsExactlyInAnyOrder(seed, human, closing);
        Set<String> writers = shiplog.stream().flatMap(c -> c.message().lines())
                .filter(l -> l.startsWith("Shiplog-Writer: ")).collect(Collectors.toSet());
        assertThat(writers).as("both instances committed the updates of their partitions").hasSize(2);
    }

    @Test
    void theEntryOfAnImageSharedByRepositoriesOfDifferentOwnersKeepsTheUsagesOfBoth() throws Exception {
        String image = "registry.test/shared-" + SUFFIX + "/web";
        ConfigRepo staging = repoOnPartitions("staging", image + ":1.0.0", "semver:^1", 0, 2);
        ConfigRepo prod = repoOnPartitions("prod", image + ":0.9.0", "semver:~0.9", 3, 5);
        List<RunningWriter.Repo> repos = new ArrayList<>();
        for (ConfigRepo repo : List.of(staging, prod)) {
            repos.add(RunningWriter.Repo.of(repo.name(), repo.httpUrl())
                    .with("username", GitServer.shared().username()).with("password", GitServer.shared().password()));
        }
        String group = RunningWriter.newGroup();
        try (RunningWriter one = RunningWriter.start(repos, Files.createTempDirectory("shared-1"), group);
             RunningWriter two = RunningWriter.start(repos, Files.createTempDirectory("shared-2"), group)) {
            await("both instances in the group").atMost(Duration.ofSeconds(60)).until(() -> stableMembers(group) == 2);
            await("each instance owns one repository").atMost(Duration.ofSeconds(30))
                    .until(() -> owned(one) == 1 && owned(two) == 1);

            String prodBump = GitServer.shared().commit(prod.name(), Map.of("apps/web.yaml",
                    Manifests.deployment("web", image + ":0.9.1", "semver:~0.9")), "web 0.9.1 by hand",
                    new Author("Ada", "ada@example.com"));
            await("both instances at prod's new head").atMost(Duration.ofSeconds(60))
                    .until(() -> status(one).contains(prodBump) && status(two).contains(prodBump));
            String bump = GitServer.shared().commit(staging.name(), Map.of("apps/web.yaml",
                    Manifests.deployment("web", image + ":1.0.1", "semver:^1")), "web 1.0.1 by hand",
                    new Author("Ada", "ada@example.com"));
            log.awaitCommit(staging.httpUrl(), CommitObserved.class, c -> c.getSha().equals(bump));
            await("the entry after staging's head change").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(latestUsages(image)).extracting(u -> u.getConfigRepo() + " " + u.getCurrentValue())
                            .containsExactlyInAnyOrder(staging.httpUrl() + " " + image + ":1.0.1",
                                    prod.httpUrl() + " " + image + ":0.9.1"));
        }
    }

    /** A config repository using {@code value} whose owner partition is within [from, to]. */
    private static ConfigRepo repoOnPartitions(String prefix, String value, String policy, int from, int to) {
        while (true) {
            ConfigRepo repo = ConfigRepo.create(prefix, Map.of("apps/web.yaml",
                    Manifests.bytes(Manifests.deployment("web", value, policy))));
            int partition = InboundConsumer.ownerPartition(repo.httpUrl(), TopicCatalogue.IMAGES.partitions());
            if (partition >= from && partition <= to) {
                return repo;
            }
        }
    }

    private static List<ImageUsage> latestUsages(String image) {
        List<EventLog.Entry> entries = log.watchlist(image);
        if (entries.isEmpty() || entries.get(entries.size() - 1).value() == null) {
            return List.of();
        }
        return ((WatchedImage) ((WatchlistEvent) entries.get(entries.size() - 1).value()).getPayload()).getUsages();
    }

    private static long owned(RunningWriter writer) throws Exception {
        return status(writer).split("\"owner\":true", -1).length - 1;
    }

    private static String status(RunningWriter writer) throws Exception {
        return writer.get("/status");
    }

    private static int stableMembers(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaBroker.shared().bootstrapServers()))) {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                    .get();
            return d.groupState() == GroupState.STABLE ? d.members().size() : 0;
        }
    }

    private static long owners(RunningWriter... writers) throws Exception {
        List<String> bodies = new ArrayList<>();
        for (RunningWriter w : writers) {
            bodies.add(w.get("/status"));
        }
        return bodies.stream().filter(Objects::nonNull).filter(b -> b.contains("\"owner\":true")).count();
    }
}
