package io.shiplog.gitwriter;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.events.CommitFailed;
import io.shiplog.events.CommitFailureReason;
import io.shiplog.events.ManifestsCommitted;
import io.shiplog.gitwriter.support.ConfigRepo;
import io.shiplog.gitwriter.support.EventsLog;
import io.shiplog.gitwriter.support.Kafka;
import io.shiplog.gitwriter.support.Manifests;
import io.shiplog.gitwriter.support.Processes;
import io.shiplog.gitwriter.support.RunningWriter;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.git.SshKeyPair;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SSH with a key and strict known-hosts checking, HTTPS with a token, anonymous git://, a wrong host key, and
 * signed commits (SSH and OpenPGP) checked with {@code git verify-commit}.
 */
class TransportsIT {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final Map<String, ConfigRepo> REPOS = new java.util.LinkedHashMap<>();
    private static Path work;
    private static SshKeyPair key;
    private static SshKeyPair signingKey;
    private static Path gnupg;
    private static String gpgFingerprint;
    @RegisterExtension
    static final EventsLog log = EventsLog.perClass();
    private static RunningWriter writer;

    private static String image(String test) {
        return "registry.test/transport-" + SUFFIX + "/" + test;
    }

    @BeforeAll
    static void start() throws Exception {
        work = Files.createTempDirectory("transports-it");
        key = SshKeyPair.generate(work.resolve("client/id_ed25519"));
        GitServer git = GitServer.shared();
        git.authorizeKey(key.publicKey());
        signingKey = SshKeyPair.generate(work.resolve("signing/id_ed25519"));
        gnupg = Files.createDirectories(work.resolve("gnupg"));
        Files.setPosixFilePermissions(gnupg, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Processes.Result generated = Processes.run(null, Map.of("GNUPGHOME", gnupg.toString()), List.of("gpg",
                "--batch", "--pinentry-mode", "loopback", "--passphrase", "", "--quick-gen-key",
                "Shiplog <shiplog@localhost>", "rsa2048", "sign", "never"));
        assertThat(generated.exitCode()).as(generated.output()).isZero();
        Processes.Result listed = Processes.run(null, Map.of("GNUPGHOME", gnupg.toString()), List.of("gpg",
                "--batch", "--with-colons", "--list-secret-keys"));
        gpgFingerprint = listed.output().lines().filter(l -> l.startsWith("fpr:")).findFirst().orElseThrow()
                .split(":")[9];
        System.setProperty("jgit.gpg.home", gnupg.toString());
        Path wrongKnownHosts = work.resolve("wrong_known_hosts");
        Files.writeString(wrongKnownHosts, "[127.0.0.1]:" + git.sshPort() + " "
                + Files.readString(key.privateKey().resolveSibling("id_ed25519.pub")).strip().replace(
                        " shiplog-testkit", "") + "\n");

        for (String test : List.of("ssh", "token", "daemon", "hostkey", "sshsign", "gpgsign")) {
            REPOS.put(test, ConfigRepo.create("transport-" + test, Map.of("apps/app.yaml",
                    Manifests.bytes(Manifests.deployment("app", image(test) + ":1.0.0", "semver:^1")))));
        }
        writer = RunningWriter.start(List.of(
                        ssh("ssh", git.knownHostsFile()),
                        RunningWriter.Repo.of("token", REPOS.get("token").httpUrl())
                                .with("username", git.username()).with("token", git.password()),
                        RunningWriter.Repo.of("daemon", REPOS.get("daemon").gitUrl()),
                        ssh("hostkey", wrongKnownHosts),
                        RunningWriter.Repo.of("sshsign", REPOS.get("sshsign").gitUrl())
                                .with("commit.signing-format", "ssh")
                                .with("commit.signing-key", signingKey.privateKey().toString()),
                        RunningWriter.Repo.of("gpgsign", REPOS.get("gpgsign").gitUrl())
                                .with("commit.signing-format", "openpgp")
                                .with("commit.signing-key", gpgFingerprint)),
                work.resolve("mirrors"), RunningWriter.newGroup());
    }

    private static RunningWriter.Repo ssh(String test, Path knownHosts) {
        return RunningWriter.Repo.of(test, REPOS.get(test).sshUrl()).with("ssh-key", key.privateKey().toString())
                .with("known-hosts", knownHosts.toString());
    }

    @AfterAll
    static void stop() {
        writer.close();
    }

    private static ManifestsCommitted releaseAndAwait(String test) {
        ConfigRepo repo = REPOS.get(test);
        String event = Kafka.tagDiscovered(image(test), "1.0.1");
        String url = test.equals("ssh") || test.equals("hostkey") ? repo.sshUrl()
                : test.equals("token") ? repo.httpUrl() : repo.gitUrl();
        ManifestsCommitted committed = log.awaitCommit(url, ManifestsCommitted.class,
                c -> c.getCausingEventIds().contains(event));
        assertThat(repo.head()).isEqualTo(committed.getSha());
        assertThat(new String(repo.read("apps/app.yaml").orElseThrow(), StandardCharsets.UTF_8))
                .contains(image(test) + ":1.0.1");
        return committed;
    }

    @Test
    void fetchesAndPushesOverSshWithAKeyAndTheServersKnownHostKey() {
        releaseAndAwait("ssh");
    }

    @Test
    void fetchesAndPushesOverHttpWithAToken() {
        releaseAndAwait("token");
    }

    @Test
    void fetchesAndPushesOverTheAnonymousGitProtocol() {
        releaseAndAwait("daemon");
    }

    @Test
    void refusesAnSshServerWhoseHostKeyIsNotTheKnownOne() {
        Kafka.tagDiscovered(image("hostkey"), "1.0.1");

        CommitFailed failed = log.awaitCommit(REPOS.get("hostkey").sshUrl(), CommitFailed.class, f -> true);
        assertThat(failed.getReason()).isIn(CommitFailureReason.AUTHENTICATION_FAILED,
                CommitFailureReason.REMOTE_UNREACHABLE);
        assertThat(REPOS.get("hostkey").log()).hasSize(1);
    }

    @Test
    void signsCommitsWithAnSshKeyThatGitVerifyCommitAccepts() throws Exception {
        ManifestsCommitted committed = releaseAndAwait("sshsign");
        Path allowed = work.resolve("allowed_signers");
        Files.writeString(allowed, "shiplog@localhost namespaces=\"git\" " + signingKey.publicKey() + "\n");

        Processes.Result verified = Processes.run(REPOS.get("sshsign").directory(), Map.of(), List.of("git",
                "-c", "gpg.format=ssh", "-c", "gpg.ssh.allowedSignersFile=" + allowed, "verify-commit", "-v",
                committed.getSha()));

        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("Good \"git\" signature for shiplog@localhost");
    }

    @Test
    void signsCommitsWithAnOpenPgpKeyThatGitVerifyCommitAccepts() {
        ManifestsCommitted committed = releaseAndAwait("gpgsign");

        Processes.Result verified = Processes.run(REPOS.get("gpgsign").directory(),
                Map.of("GNUPGHOME", gnupg.toString()), List.of("git", "verify-commit", "-v", committed.getSha()));

        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("Good signature from \"Shiplog <shiplog@localhost>\"");
    }
}
