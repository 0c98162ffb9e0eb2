package io.shiplog.cluster.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shiplog.cluster.config.RepositoryProperties;
import io.shiplog.cluster.manifest.LoadResult;
import io.shiplog.local.git.Author;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.git.SshKeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mirror that the applier and the drift auditor read manifests from, against the real git server: the same
 * commit over SSH (key + strict known_hosts), HTTP Basic, a {@code file://} URL and a plain path, and failures that
 * name the repository without a secret.
 */
class GitHandlerIT {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final Author ALICE = new Author("Alice", "alice@example.com");
    private static GitServer git;
    private static SshKeyPair key;
    private static Path keys;

    @TempDir
    Path mirrors;
    private GitHandler handler;

    @BeforeAll
    static void startServer() throws Exception {
        git = GitServer.shared();
        keys = Files.createTempDirectory("git-handler-it");
        key = SshKeyPair.generate(keys.resolve("authorized/id_ed25519"));
        git.authorizeKey(key.publicKey());
    }

    @AfterEach
    void closeHandler() {
        if (handler != null) {
            handler.close();
        }
    }

    private static String repository(String test) {
        String name = "handler-" + test + "-" + SUFFIX;
        git.createRepository(name);
        return name;
    }

    private static String commit(String name, String configMap) {
        return git.commit(name, Map.of("apps/" + configMap + ".yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: %s
                  namespace: default
                data:
                  answer: "42"
                """.formatted(configMap)), "add " + configMap, ALICE);
    }

    private static RepositoryProperties properties(String name, String url, String username, String password,
                                                   Path sshKey, Path knownHosts) {
        return new RepositoryProperties(name, url, username, password, null, sshKey, knownHosts,
                Duration.ofSeconds(20));
    }

    private LoadResult load(RepositoryProperties repository, String sha) throws CommitNotFoundException {
        if (handler == null) {
            handler = new GitHandler(mirrors, List.of(repository), new SimpleMeterRegistry());
        }
        return handler.load(repository.url(), sha, List.of("apps"));
    }

    private static void assertLoaded(LoadResult result, String sha, String... configMaps) {
        assertThat(result.commitSha()).isEqualTo(sha);
        assertThat(result.failures()).isEmpty();
        assertThat(result.manifests()).extracting(m -> m.key().name()).containsExactlyInAnyOrder(configMaps);
    }

    @Test
    void mirrorsAndLoadsACommitOverSshWithAKeyAndTheServersKnownHostKey() throws Exception {
        String name = repository("ssh");
        String sha = commit(name, "over-ssh");

        LoadResult result = load(properties(name, git.sshUrl(name), null, null, key.privateKey(),
                git.knownHostsFile()), sha);

        assertLoaded(result, sha, "over-ssh");
    }

    @Test
    void mirrorsAndLoadsACommitOverHttpWithBasicAuthAndFetchesAgainForANewerOne() throws Exception {
        String name = repository("http");
        String first = commit(name, "first");
        RepositoryProperties repository = properties(name, git.httpUrl(name), git.username(), git.password(), null,
                null);
        assertLoaded(load(repository, first), first, "first");

        String second = commit(name, "second");

        assertLoaded(load(repository, second), second, "first", "second");
    }

    @Test
    void mirrorsAndLoadsACommitFromAFileUrl() throws Exception {
        String name = repository("file");
        String sha = commit(name, "from-file-url");

        LoadResult result = load(properties(name, git.repositoryDirectory(name).toUri().toString(), null, null, null,
                null), sha);

        assertLoaded(result, sha, "from-file-url");
    }

    @Test
    void mirrorsAndLoadsACommitFromAPlainLocalPath() throws Exception {
        String name = repository("path");
        String sha = commit(name, "from-path");

        LoadResult result = load(properties(name, git.repositoryDirectory(name).toString(), null, null, null, null),
                sha);

        assertLoaded(result, sha, "from-path");
    }

    @Test
    void aKeyTheServerDoesNotKnowFailsNamingTheRepository() throws Exception {
        String name = repository("wrong-key");
        String sha = commit(name, "unreachable");
        SshKeyPair stranger = SshKeyPair.generate(keys.resolve("stranger-" + SUFFIX + "/id_ed25519"));
        String privateKey = Files.readString(stranger.privateKey());

        assertThatThrownBy(() -> load(properties(name, git.sshUrl(name), null, null, stranger.privateKey(),
                git.knownHostsFile()), sha))
                .isInstanceOf(CommitNotFoundException.class)
                .hasMessageStartingWith("fetch of " + name + " (" + git.sshUrl(name).replace("git@", "***@")
                        + ") failed: ")
                .hasMessageContaining("Cannot log in")
                .hasNoCause()
                .message().doesNotContain(privateKey.lines().skip(1).findFirst().orElseThrow());
    }

    @Test
    void aServerWhoseHostKeyIsNotKnownIsRefused() throws Exception {
        String name = repository("host-key");
        String sha = commit(name, "unverified");
        Path otherHosts = Files.writeString(keys.resolve("known_hosts-" + SUFFIX), "[127.0.0.1]:" + git.sshPort()
                + " " + key.publicKey().replace(" shiplog-testkit", "") + "\n");

        assertThatThrownBy(() -> load(properties(name, git.sshUrl(name), null, null, key.privateKey(), otherHosts),
                sha))
                .isInstanceOf(CommitNotFoundException.class)
                .hasMessageStartingWith("fetch of " + name + " (");
    }

    @Test
    void theBranchHeadAndItsAncestorsAreOnTheBranchAPushedCommitIncluded() throws Exception {
        String name = repository("on-branch");
        String first = commit(name, "first");
        RepositoryProperties repository = properties(name, git.httpUrl(name), git.username(), git.password(), null,
                null);
        assertLoaded(load(repository, first), first, "first");
        String second = commit(name, "second");

        assertThat(handler.notOnBranch(repository.url(), GitServer.DEFAULT_BRANCH, second)).isEmpty();
        assertThat(handler.notOnBranch(repository.url(), GitServer.DEFAULT_BRANCH, first)).isEmpty();
    }

    @Test
    void aCommitOfAnotherBranchOrAnotherRepositoryIsNotOnTheBranch() throws Exception {
        String name = repository("off-branch");
        String onMain = commit(name, "on-main");
        String onFeature = commitOnBranch(name, "feature", "on-feature");
        String foreign = commit(repository("foreign"), "foreign");
        RepositoryProperties repository = properties(name, git.httpUrl(name), git.username(), git.password(), null,
                null);
        assertLoaded(load(repository, onMain), onMain, "on-main");

        assertThat(handler.notOnBranch(repository.url(), GitServer.DEFAULT_BRANCH, onFeature)).hasValue("commit "
                + onFeature + " is not on the history of branch " + GitServer.DEFAULT_BRANCH + " of " + name + " ("
                + git.httpUrl(name) + ")");
        assertThat(handler.notOnBranch(repository.url(), GitServer.DEFAULT_BRANCH, foreign)).get().asString()
                .startsWith("commit " + foreign + " is not on the history of branch");
        assertThat(handler.notOnBranch(repository.url(), "feature", onFeature)).isEmpty();
        assertThat(handler.notOnBranch(repository.url(), GitServer.DEFAULT_BRANCH, "abc123")).get().asString()
                .contains("'abc123' is not a commit id");
    }

    @Test
    void resolvesTheBranchHeadAnAbbreviatedIdAndABranchNameAfterFetchingAndNamesWhatIsMissing() throws Exception {
        String name = repository("resolve");
        String first = commit(name, "first");
        RepositoryProperties repository = properties(name, git.httpUrl(name), git.username(), git.password(), null,
                null);
        assertLoaded(load(repository, first), first, "first");
        String second = commit(name, "second");
        String onFeature = commitOnBranch(name, "feature", "on-feature");

        assertThat(handler.resolve(repository.url(), GitServer.DEFAULT_BRANCH, null)).isEqualTo(second);
        assertThat(handler.resolve(repository.url(), GitServer.DEFAULT_BRANCH, first.substring(0, 12)))
                .isEqualTo(first);
        assertThat(handler.resolve(repository.url(), GitServer.DEFAULT_BRANCH, "feature")).isEqualTo(onFeature);
        assertThatThrownBy(() -> handler.resolve(repository.url(), "nowhere", null))
                .isInstanceOf(CommitNotFoundException.class)
                .hasMessage("branch nowhere is not in " + name + " (" + git.httpUrl(name) + ")");
        assertThatThrownBy(() -> handler.resolve(repository.url(), GitServer.DEFAULT_BRANCH, "0123456789ab"))
                .isInstanceOf(CommitNotFoundException.class)
                .hasMessage("commit 0123456789ab is not in " + name + " (" + git.httpUrl(name) + ")");
    }

    @Test
    void listsTheCommitsAnApplyPassesOverOldestFirst() throws Exception {
        String name = repository("passed-over");
        String applied = commit(name, "applied");
        String second = commit(name, "second");
        String third = commit(name, "third");
        String target = commit(name, "target");
        RepositoryProperties repository = properties(name, git.httpUrl(name), git.username(), git.password(), null,
                null);
        assertThat(load(repository, target).manifests()).hasSize(4);

        assertThat(handler.passedOver(repository.url(), applied, target, 100)).containsExactly(second, third);
        assertThat(handler.passedOver(repository.url(), applied, target, 1)).containsExactly(third);
        assertThat(handler.passedOver(repository.url(), third, target, 100)).isEmpty();
        assertThat(handler.passedOver(repository.url(), target, applied, 100)).as("backwards: nothing passed over")
                .isEmpty();
        assertThat(handler.passedOver(repository.url(), "0".repeat(40), target, 100)).isEmpty();
    }

    /** Pushes a commit adding ConfigMap {@code configMap} on a new branch {@code branch}, as a person would. */
    private static String commitOnBranch(String name, String branch, String configMap) throws Exception {
        Path work = Files.createTempDirectory("git-handler-branch");
        try (Git clone = Git.cloneRepository().setURI(git.httpUrl(name)).setDirectory(work.toFile())
                .setCredentialsProvider(git.credentials()).call()) {
            clone.checkout().setCreateBranch(true).setName(branch).call();
            Files.createDirectories(work.resolve("apps"));
            Files.writeString(work.resolve("apps/" + configMap + ".yaml"), "kind: ConfigMap\n");
            clone.add().addFilepattern("apps").call();
            String sha = clone.commit().setMessage("add " + configMap).setAuthor(ALICE.name(), ALICE.email())
                    .setCommitter(ALICE.name(), ALICE.email()).call().getName();
            clone.push().setRefSpecs(new RefSpec(branch + ":" + branch)).setCredentialsProvider(git.credentials())
                    .call();
            return sha;
        }
    }

    @Test
    void aWrongPasswordFailsWithoutShowingIt() {
        String name = repository("wrong-password");
        String sha = commit(name, "locked");
        String password = "wrong-" + UUID.randomUUID();

        assertThatThrownBy(() -> load(properties(name, git.httpUrl(name), git.username(), password, null, null),
                sha))
                .isInstanceOf(CommitNotFoundException.class)
                .hasMessageStartingWith("fetch of " + name + " (" + git.httpUrl(name) + ") failed: ")
                .hasNoCause()
                .message().doesNotContain(password);
    }
}
