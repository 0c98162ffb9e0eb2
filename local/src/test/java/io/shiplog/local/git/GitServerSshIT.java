package io.shiplog.local.git;

import io.shiplog.local.junit.GitServerExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(GitServerExtension.class)
class GitServerSshIT {

    private static final AtomicInteger REPOS = new AtomicInteger();
    private static final int TIMEOUT_SECONDS = 30;
    private static final byte[] FLUSH = "0000".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path classScratch;
    private static SshKeyPair optionsKey;
    private static GitServer other;

    @TempDir
    Path scratch;

    @BeforeAll
    static void startAServerWithItsOwnHostKeyAndAKeyAuthorizedInOptions() {
        optionsKey = SshKeyPair.generate(classScratch.resolve("options-key/id_ed25519"));
        other = GitServer.start(GitServer.Options.defaults().withAuthorizedKey(optionsKey.publicKey()));
    }

    @AfterAll
    static void stopTheOtherServer() {
        if (other != null) {
            other.close();
        }
    }

    @Test
    void clonesCommitsAndPushesOverSshWithJGitApacheMinaTransport(GitServer server) throws Exception {
        String repo = seededRepository(server);
        String seedSha = server.head(repo, "main").orElseThrow();
        SshKeyPair key = authorizedKey(server);
        Path work = scratch.resolve("clone");
        RevCommit pushed;
        try (JGitSsh ssh = new JGitSsh(scratch, key, server.knownHostsFile());
             Git git = Git.cloneRepository().setURI(server.sshUrl(repo)).setDirectory(work.toFile())
                     .setTransportConfigCallback(ssh.transport()).setTimeout(TIMEOUT_SECONDS).call()) {
            assertThat(work.resolve("deploy/app.yaml")).hasContent("image: app:1.0");
            Files.writeString(work.resolve("deploy/app.yaml"), "image: app:1.1\n");
            git.add().addFilepattern(".").call();
            pushed = git.commit().setMessage("Bump app to 1.1 over ssh")
                    .setAuthor("Ada Lovelace", "ada@example.com")
                    .setCommitter("Ada Lovelace", "ada@example.com").call();
            assertPushed(git.push().setTransportConfigCallback(ssh.transport()).setTimeout(TIMEOUT_SECONDS).call());

            String later = server.commit(repo, Map.of("NOTES.md", "by the server\n"), "Server-side change",
                    Author.TESTKIT);
            git.fetch().setTransportConfigCallback(ssh.transport()).setTimeout(TIMEOUT_SECONDS).call();
            assertThat(git.getRepository().resolve("refs/remotes/origin/main").name()).isEqualTo(later);
        }

        GitCommit newest = server.log(repo, "main").get(1);
        assertThat(newest.sha()).isEqualTo(pushed.name());
        assertThat(newest.parents()).containsExactly(seedSha);
        assertThat(newest.authorName()).isEqualTo("Ada Lovelace");
        assertThat(newest.subject()).isEqualTo("Bump app to 1.1 over ssh");
        assertThat(newest.changedPaths()).containsExactly("deploy/app.yaml");
        assertThat(server.readFile(repo, "main", "deploy/app.yaml")).contains("image: app:1.1\n");
    }

    @Test
    void clonesCommitsAndPushesOverSshWithGitCli(GitServer server) throws Exception {
        String repo = seededRepository(server);
        SshKeyPair key = SshKeyPair.generate(scratch.resolve("keys/id_ed25519"));
        PublicKey publicKey = KeyUtils.loadPublicKey(scratch.resolve("keys/id_ed25519.pub"));
        server.authorizeKey(publicKey);
        GitCli git = new GitCli(scratch);
        OpenSsh ssh = new OpenSsh(scratch, key, server.knownHostsFile(), server.sshPort());
        Path work = scratch.resolve("clone");

        GitCli.Result clone = git.runWith(scratch, ssh.gitEnvironment(), "clone", server.sshUrl(repo),
                work.toString());
        assertThat(clone.exitCode()).as(clone.output()).isZero();
        Files.writeString(work.resolve("deploy/app.yaml"), "image: app:2.0\n");
        assertThat(git.run(work, "commit", "-am", "Release app 2.0 over ssh").exitCode()).isZero();
        GitCli.Result push = git.runWith(work, ssh.gitEnvironment(), "push", "origin", "main");
        assertThat(push.exitCode()).as(push.output()).isZero();

        String localHead = git.run(work, "rev-parse", "HEAD").output().trim();
        assertThat(server.head(repo, "main")).contains(localHead);
        GitCommit newest = server.log(repo, "main").get(0);
        assertThat(newest.authorName()).isEqualTo("Grace Hopper");
        assertThat(newest.subject()).isEqualTo("Release app 2.0 over ssh");
        assertThat(newest.changedPaths()).containsExactly("deploy/app.yaml");
    }

    @Test
    void acceptsKeysAuthorizedInOptionsFromTheStart() throws Exception {
        String repo = seededRepository(other);
        GitCli git = new GitCli(scratch);
        OpenSsh ssh = new OpenSsh(scratch, optionsKey, other.knownHostsFile(), other.sshPort());

        GitCli.Result lsRemote = git.runWith(scratch, ssh.gitEnvironment(), "ls-remote", other.sshUrl(repo));

        assertThat(lsRemote.exitCode()).as(lsRemote.output()).isZero();
        assertThat(lsRemote.output()).contains(other.head(repo, "main").orElseThrow() + "\trefs/heads/main");
    }

    @Test
    void refusesJGitClientWhoseKeyIsNotAuthorized(GitServer server) throws Exception {
        String repo = seededRepository(server);
        SshKeyPair stranger = SshKeyPair.generate(scratch.resolve("keys/stranger"));
        try (JGitSsh ssh = new JGitSsh(scratch, stranger, server.knownHostsFile())) {
            assertThatThrownBy(() -> Git.cloneRepository().setURI(server.sshUrl(repo))
                    .setDirectory(scratch.resolve("clone").toFile()).setTransportConfigCallback(ssh.transport())
                    .setTimeout(TIMEOUT_SECONDS).call())
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("Cannot log in")
                    .hasMessageContaining("server refused ssh-ed25519 key " + stranger.privateKey());
        }
    }

    @Test
    void refusesGitCliClientWhoseKeyIsNotAuthorizedOrWhoIsNotUserGit(GitServer server) throws Exception {
        String repo = seededRepository(server);
        String before = server.head(repo, "main").orElseThrow();
        SshKeyPair stranger = SshKeyPair.generate(scratch.resolve("keys/stranger"));
        GitCli git = new GitCli(scratch);
        OpenSsh asStranger = new OpenSsh(scratch, stranger, server.knownHostsFile(), server.sshPort());

        GitCli.Result clone = git.runWith(scratch, asStranger.gitEnvironment(), "clone", server.sshUrl(repo),
                scratch.resolve("clone").toString());

        assertThat(clone.exitCode()).as(clone.output()).isNotZero();
        assertThat(clone.output()).contains("Permission denied (publickey)");

        SshKeyPair key = authorizedKey(server);
        OpenSsh asRoot = new OpenSsh(scratch, key, server.knownHostsFile(), server.sshPort());
        String rootUrl = server.sshUrl(repo).replace("ssh://git@", "ssh://root@");
        GitCli.Result wrongUser = git.runWith(scratch, asRoot.gitEnvironment(), "ls-remote", rootUrl);
        assertThat(wrongUser.exitCode()).as(wrongUser.output()).isNotZero();
        assertThat(wrongUser.output()).contains("Permission denied (publickey)");
        assertThat(server.head(repo, "main")).contains(before);
    }

    @Test
    void jgitRefusesServerWhoseHostKeyDoesNotMatchKnownHosts(GitServer server) throws Exception {
        String repo = seededRepository(other);
        SshKeyPair key = authorizedKey(other);
        Path forgedKnownHosts = scratch.resolve("forged_known_hosts");
        Files.writeString(forgedKnownHosts, "[127.0.0.1]:" + other.sshPort() + " " + server.sshHostKey() + "\n");

        try (JGitSsh forged = new JGitSsh(scratch.resolve("forged"), key, forgedKnownHosts)) {
            assertThatThrownBy(() -> Git.lsRemoteRepository().setRemote(other.sshUrl(repo))
                    .setTransportConfigCallback(forged.transport()).setTimeout(TIMEOUT_SECONDS).call())
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("Server key did not validate");
        }
        try (JGitSsh genuine = new JGitSsh(scratch.resolve("genuine"), key, other.knownHostsFile())) {
            assertThat(Git.lsRemoteRepository().setRemote(other.sshUrl(repo))
                    .setTransportConfigCallback(genuine.transport()).setTimeout(TIMEOUT_SECONDS).call())
                    .extracting(ref -> ref.getName()).contains("refs/heads/main");
        }
    }

    @Test
    void gitCliRefusesServerWhoseHostKeyDoesNotMatchKnownHosts(GitServer server) throws Exception {
        String repo = seededRepository(other);
        SshKeyPair key = authorizedKey(other);
        Path forgedKnownHosts = scratch.resolve("forged_known_hosts");
        Files.writeString(forgedKnownHosts, "[127.0.0.1]:" + other.sshPort() + " " + server.sshHostKey() + "\n");
        GitCli git = new GitCli(scratch);

        GitCli.Result forged = git.runWith(scratch,
                new OpenSsh(scratch, key, forgedKnownHosts, other.sshPort()).gitEnvironment(),
                "ls-remote", other.sshUrl(repo));
        GitCli.Result genuine = git.runWith(scratch,
                new OpenSsh(scratch, key, other.knownHostsFile(), other.sshPort()).gitEnvironment(),
                "ls-remote", other.sshUrl(repo));

        assertThat(forged.exitCode()).as(forged.output()).isNotZero();
        assertThat(forged.output()).contains("REMOTE HOST IDENTIFICATION HAS CHANGED")
                .contains("Host key verification failed");
        assertThat(genuine.exitCode()).as(genuine.output()).isZero();
    }

    @Test
    void bothClientsRefuseServerMissingFromKnownHosts(GitServer server) throws Exception {
        String repo = seededRepository(server);
        SshKeyPair key = authorizedKey(server);
        Path emptyKnownHosts = Files.writeString(scratch.resolve("empty_known_hosts"), "");

        try (JGitSsh ssh = new JGitSsh(scratch, key, emptyKnownHosts)) {
            assertThatThrownBy(() -> Git.lsRemoteRepository().setRemote(server.sshUrl(repo))
                    .setTransportConfigCallback(ssh.transport()).setTimeout(TIMEOUT_SECONDS).call())
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("Server key did not validate");
        }
        GitCli.Result cli = new GitCli(scratch).runWith(scratch,
                new OpenSsh(scratch, key, emptyKnownHosts, server.sshPort()).gitEnvironment(),
                "ls-remote", server.sshUrl(repo));
        assertThat(cli.exitCode()).as(cli.output()).isNotZero();
        assertThat(cli.output()).contains("Host key verification failed");
        assertThat(emptyKnownHosts).isEmptyFile();
    }

    @Test
    void refusesRepositoryPathsOutsideTheRepositoriesRoot(GitServer server) throws Exception {
        String repo = seededRepository(server);
        GitCli git = new GitCli(scratch);
        Path outside = scratch.resolve("outside.git").toAbsolutePath();
        assertThat(git.run(scratch, "init", "--bare", outside.toString()).exitCode()).isZero();
        Path root = server.repositoryDirectory(repo).getParent();
        String traversal = root.relativize(outside).toString();
        OpenSsh ssh = new OpenSsh(scratch, authorizedKey(server), server.knownHostsFile(), server.sshPort());

        for (String program : List.of("git-upload-pack", "git-receive-pack")) {
            for (String path : List.of(traversal, "/" + traversal, outside.toString(), "~/outside.git",
                    "/" + repo + "/../" + repo)) {
                OpenSsh.Result result = ssh.exec(program + " '" + path + "'", FLUSH);

                assertThat(result.exitCode()).as(program + " " + path + ": " + result.stderr()).isEqualTo(128);
                assertThat(result.stderr()).as(path).startsWith("fatal: ")
                        .containsAnyOf("is not a repository of this server", "does not exist on this server");
                assertThat(result.stdout()).as(path).isEmpty();
            }
        }
        GitCli.Result clone = git.runWith(scratch, ssh.gitEnvironment(), "clone",
                "ssh://git@127.0.0.1:" + server.sshPort() + "/" + traversal, scratch.resolve("stolen").toString());
        assertThat(clone.exitCode()).as(clone.output()).isNotZero();
        assertThat(clone.output()).contains("is not a repository of this server");
        assertThat(scratch.resolve("stolen")).doesNotExist();
    }

    @Test
    void refusesUnknownRepositoriesAndCommandsOtherThanUploadAndReceivePack(GitServer server) throws Exception {
        String repo = seededRepository(server);
        OpenSsh ssh = new OpenSsh(scratch, authorizedKey(server), server.knownHostsFile(), server.sshPort());

        OpenSsh.Result unknown = ssh.exec("git-upload-pack '/no-such-repository'", FLUSH);
        assertThat(unknown.exitCode()).isEqualTo(128);
        assertThat(unknown.stderr()).isEqualTo("fatal: repository 'no-such-repository' does not exist on this "
                + "server\n");

        for (String command : List.of("git-upload-archive '/" + repo + "'", "sh -c id", "ls /",
                "git-upload-pack '/" + repo + "' --help", "git-upload-pack")) {
            OpenSsh.Result refused = ssh.exec(command, FLUSH);
            assertThat(refused.exitCode()).as(command).isEqualTo(128);
            assertThat(refused.stderr()).as(command).startsWith("fatal: ");
            assertThat(refused.stdout()).as(command).isEmpty();
        }
    }

    @Test
    void streamsGitOverTheChannelAndPassesItsExitStatusBack(GitServer server) throws Exception {
        String repo = seededRepository(server);
        String head = server.head(repo, "main").orElseThrow();
        OpenSsh ssh = new OpenSsh(scratch, authorizedKey(server), server.knownHostsFile(), server.sshPort());

        for (String command : List.of("git-upload-pack '/" + repo + "'", "git upload-pack '" + repo + ".git'",
                "git-upload-pack /" + repo)) {
            OpenSsh.Result advertised = ssh.exec(command, FLUSH);
            assertThat(advertised.exitCode()).as(command + ": " + advertised.stderr()).isZero();
            assertThat(advertised.stdout()).as(command).contains(head + " refs/heads/main");
        }
        OpenSsh.Result receive = ssh.exec("git-receive-pack '/" + repo + "'", FLUSH);
        assertThat(receive.exitCode()).as(receive.stderr()).isZero();
        assertThat(receive.stdout()).contains(head + " refs/heads/main").contains("report-status");

        OpenSsh.Result garbage = ssh.exec("git-upload-pack '/" + repo + "'",
                "not a pkt-line".getBytes(StandardCharsets.US_ASCII));
        assertThat(garbage.exitCode()).isEqualTo(128);
        assertThat(garbage.stderr()).contains("protocol error");
    }

    @Test
    void servesProtocolV2WhenTheClientSendsGitProtocol(GitServer server) throws Exception {
        String repo = seededRepository(server);
        String head = server.head(repo, "main").orElseThrow();
        SshKeyPair key = authorizedKey(server);
        OpenSsh ssh = new OpenSsh(scratch, key, server.knownHostsFile(), server.sshPort());

        OpenSsh.Result v2 = ssh.exec("git-upload-pack '/" + repo + "'", FLUSH, "-o", "SetEnv=GIT_PROTOCOL=version=2");
        OpenSsh.Result v0 = ssh.exec("git-upload-pack '/" + repo + "'", FLUSH);

        assertThat(v2.exitCode()).as(v2.stderr()).isZero();
        assertThat(v2.stdout()).startsWith("000eversion 2\n").contains("ls-refs").doesNotContain(head);
        assertThat(v0.stdout()).doesNotContain("version 2").contains(head + " refs/heads/main");

        GitCli.Result lsRemote = new GitCli(scratch).runWith(scratch,
                Map.of("GIT_SSH_COMMAND", ssh.gitSshCommand(), "GIT_TRACE_PACKET", "1"),
                "-c", "protocol.version=2", "ls-remote", server.sshUrl(repo));
        assertThat(lsRemote.exitCode()).as(lsRemote.output()).isZero();
        assertThat(lsRemote.output()).contains("< version 2").contains(head + "\trefs/heads/main");
    }

    private SshKeyPair authorizedKey(GitServer server) {
        SshKeyPair key = SshKeyPair.generate(scratch.resolve("keys/id-" + REPOS.incrementAndGet()));
        server.authorizeKey(key.publicKey());
        return key;
    }

    private String seededRepository(GitServer server) throws Exception {
        String repo = "ssh-" + REPOS.incrementAndGet();
        server.createRepository(repo);
        Path seed = Files.createDirectories(scratch.resolve("seed-" + repo));
        Files.createDirectories(seed.resolve("deploy"));
        Files.writeString(seed.resolve("deploy/app.yaml"), "image: app:1.0");
        Files.writeString(seed.resolve("README.md"), "# config\n");
        server.seed(repo, seed, "Seed configuration");
        return repo;
    }

    private static void assertPushed(Iterable<PushResult> results) {
        for (PushResult result : results) {
            for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                assertThat(update.getStatus()).as(update.getRemoteName()).isEqualTo(RemoteRefUpdate.Status.OK);
            }
        }
    }
}
