package io.shiplog.local.git;

import io.shiplog.local.junit.GitServerExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(GitServerExtension.class)
class GitServerHttpIT {

    private static final AtomicInteger REPOS = new AtomicInteger();
    private static final int TIMEOUT_SECONDS = 30;

    @TempDir
    Path scratch;

    @Test
    void clonesCommitsAndPushesOverAuthenticatedHttpWithJGit(GitServer server) throws Exception {
        String repo = seededRepository(server);
        String seedSha = server.head(repo, "main").orElseThrow();
        Path work = scratch.resolve("clone");
        RevCommit pushed;
        try (Git git = Git.cloneRepository().setURI(server.httpUrl(repo)).setDirectory(work.toFile())
                .setCredentialsProvider(server.credentials()).setTimeout(TIMEOUT_SECONDS).call()) {
            assertThat(work.resolve("deploy/app.yaml")).hasContent("image: app:1.0");
            Files.writeString(work.resolve("deploy/app.yaml"), "image: app:1.1\n");
            Files.writeString(work.resolve("NOTES.md"), "bumped by hand\n");
            git.add().addFilepattern(".").call();
            pushed = git.commit().setMessage("Bump app to 1.1\n\nBy hand.")
                    .setAuthor("Ada Lovelace", "ada@example.com")
                    .setCommitter("Ada Lovelace", "ada@example.com").call();
            assertPushed(git.push().setCredentialsProvider(server.credentials()).setTimeout(TIMEOUT_SECONDS)
                    .call());
        }

        assertThat(server.head(repo, "main")).contains(pushed.name());
        GitCommit newest = server.log(repo, "main").get(0);
        assertThat(newest.sha()).isEqualTo(pushed.name());
        assertThat(newest.parents()).containsExactly(seedSha);
        assertThat(newest.authorName()).isEqualTo("Ada Lovelace");
        assertThat(newest.authorEmail()).isEqualTo("ada@example.com");
        assertThat(newest.subject()).isEqualTo("Bump app to 1.1");
        assertThat(newest.message()).contains("By hand.");
        assertThat(newest.changedPaths()).containsExactly("NOTES.md", "deploy/app.yaml");
        assertThat(server.readFile(repo, "main", "deploy/app.yaml")).contains("image: app:1.1\n");
    }

    @Test
    void clonesCommitsAndPushesOverAuthenticatedHttpWithGitCli(GitServer server) throws Exception {
        String repo = seededRepository(server);
        GitCli git = new GitCli(scratch);
        Path work = scratch.resolve("clone");

        GitCli.Result clone = git.runAs(scratch, server.username(), server.password(),
                "clone", server.httpUrl(repo), work.toString());
        assertThat(clone.exitCode()).as(clone.output()).isZero();
        Files.writeString(work.resolve("deploy/app.yaml"), "image: app:2.0\n");
        assertThat(git.run(work, "commit", "-am", "Release app 2.0").exitCode()).isZero();
        GitCli.Result push = git.runAs(work, server.username(), server.password(), "push", "origin", "main");
        assertThat(push.exitCode()).as(push.output()).isZero();

        String localHead = git.run(work, "rev-parse", "HEAD").output().trim();
        assertThat(server.head(repo, "main")).contains(localHead);
        GitCommit newest = server.log(repo, "main").get(0);
        assertThat(newest.authorName()).isEqualTo("Grace Hopper");
        assertThat(newest.authorEmail()).isEqualTo("grace@example.com");
        assertThat(newest.subject()).isEqualTo("Release app 2.0");
        assertThat(newest.changedPaths()).containsExactly("deploy/app.yaml");
        assertThat(clone.output() + push.output()).doesNotContain(server.password());
    }

    @Test
    void refusesJGitPushWithBadCredentials(GitServer server) throws Exception {
        String repo = seededRepository(server);
        String before = server.head(repo, "main").orElseThrow();
        Path work = scratch.resolve("clone");
        try (Git git = Git.cloneRepository().setURI(server.httpUrl(repo)).setDirectory(work.toFile())
                .setCredentialsProvider(server.credentials()).setTimeout(TIMEOUT_SECONDS).call()) {
            Files.writeString(work.resolve("intruder.txt"), "should never land\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("Sneak in").setAuthor("Mallory", "mallory@example.com").call();

            assertThatThrownBy(() -> git.push()
                    .setCredentialsProvider(new UsernamePasswordCredentialsProvider(server.username(), "wrong"))
                    .setTimeout(TIMEOUT_SECONDS).call())
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("not authorized");
        }
        assertThat(server.head(repo, "main")).contains(before);
        assertThat(server.readFile(repo, "main", "intruder.txt")).isEmpty();
    }

    @Test
    void refusesJGitFetchWithBadCredentials(GitServer server) throws Exception {
        String repo = seededRepository(server);
        Path work = scratch.resolve("clone");
        try (Git git = Git.cloneRepository().setURI(server.httpUrl(repo)).setDirectory(work.toFile())
                .setCredentialsProvider(server.credentials()).setTimeout(TIMEOUT_SECONDS).call()) {
            assertThatThrownBy(() -> git.fetch()
                    .setCredentialsProvider(new UsernamePasswordCredentialsProvider("intruder", server.password()))
                    .setTimeout(TIMEOUT_SECONDS).call())
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("not authorized");
        }
        assertThatThrownBy(() -> Git.cloneRepository().setURI(server.httpUrl(repo))
                .setDirectory(scratch.resolve("anonymous").toFile()).setTimeout(TIMEOUT_SECONDS).call())
                .isInstanceOf(TransportException.class);
    }

    @Test
    void refusesGitCliPushWithBadCredentials(GitServer server) throws Exception {
        String repo = seededRepository(server);
        String before = server.head(repo, "main").orElseThrow();
        GitCli git = new GitCli(scratch);
        Path work = scratch.resolve("clone");
        assertThat(git.runAs(scratch, server.username(), server.password(), "clone", server.httpUrl(repo),
                work.toString()).exitCode()).isZero();
        Files.writeString(work.resolve("intruder.txt"), "should never land\n");
        git.run(work, "add", ".");
        assertThat(git.run(work, "commit", "-m", "Sneak in").exitCode()).isZero();

        GitCli.Result push = git.runAs(work, server.username(), "wrong-password", "push", "origin", "main");

        assertThat(push.exitCode()).as(push.output()).isNotZero();
        assertThat(push.output()).contains("Authentication failed");
        assertThat(server.head(repo, "main")).contains(before);
    }

    @Test
    void answers401WithBasicChallengeUnlessCredentialsAreRight(GitServer server) throws Exception {
        String repo = seededRepository(server);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String right = basic(server.username(), server.password());
        String wrong = basic(server.username(), server.password() + "x");
        for (String service : List.of("git-upload-pack", "git-receive-pack")) {
            URI advertisement = URI.create(server.httpUrl(repo) + "/info/refs?service=" + service);

            HttpResponse<String> anonymous = client.send(get(advertisement, null), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> refused = client.send(get(advertisement, wrong), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> accepted = client.send(get(advertisement, right), HttpResponse.BodyHandlers.ofString());

            for (HttpResponse<String> response : List.of(anonymous, refused)) {
                assertThat(response.statusCode()).as(service).isEqualTo(401);
                assertThat(response.headers().firstValue("WWW-Authenticate"))
                        .contains("Basic realm=\"shiplog-git\"");
            }
            assertThat(accepted.statusCode()).as(service).isEqualTo(200);
            assertThat(accepted.headers().firstValue("Content-Type"))
                    .contains("application/x-" + service + "-advertisement");
            assertThat(accepted.body()).contains("# service=" + service);
        }
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create(server.httpUrl(repo)
                        + "/git-receive-pack")).timeout(Duration.ofSeconds(10)).header("Authorization", wrong)
                .header("Content-Type", "application/x-git-receive-pack-request")
                .POST(HttpRequest.BodyPublishers.ofString("0000")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(401);
    }

    @Test
    void acceptsGzippedProtocolV2RequestBodies(GitServer server) throws Exception {
        String repo = seededRepository(server);
        String head = server.head(repo, "main").orElseThrow();
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write("0014command=ls-refs\n00010000".getBytes(StandardCharsets.US_ASCII));
        }
        HttpRequest lsRefs = HttpRequest.newBuilder(URI.create(server.httpUrl(repo) + "/git-upload-pack"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", basic(server.username(), server.password()))
                .header("Content-Type", "application/x-git-upload-pack-request")
                .header("Content-Encoding", "gzip")
                .header("Git-Protocol", "version=2")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzipped.toByteArray())).build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(lsRefs, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/x-git-upload-pack-result");
        assertThat(response.body()).contains(head + " refs/heads/main");
    }

    @Test
    void pushesPackLargerThanThePostBufferAsChunkedRequestBody(GitServer server) throws Exception {
        String repo = seededRepository(server);
        Path work = scratch.resolve("clone");
        byte[] incompressible = new byte[3 * 1024 * 1024];
        new Random(42).nextBytes(incompressible);
        RevCommit pushed;
        try (Git git = Git.cloneRepository().setURI(server.httpUrl(repo)).setDirectory(work.toFile())
                .setCredentialsProvider(server.credentials()).setTimeout(TIMEOUT_SECONDS).call()) {
            Files.write(work.resolve("blob.bin"), incompressible);
            git.add().addFilepattern(".").call();
            pushed = git.commit().setMessage("Add a large blob").setAuthor("Ada Lovelace", "ada@example.com").call();
            assertPushed(git.push().setCredentialsProvider(server.credentials()).setTimeout(TIMEOUT_SECONDS)
                    .call());
        }
        assertThat(server.head(repo, "main")).contains(pushed.name());
        assertThat(server.log(repo, "main").get(0).changedPaths()).containsExactly("blob.bin");
    }

    @Test
    void servesConcurrentClones(GitServer server) throws Exception {
        String repo = seededRepository(server);
        String head = server.head(repo, "main").orElseThrow();
        int clones = 4;
        CyclicBarrier together = new CyclicBarrier(clones);
        ExecutorService pool = Executors.newFixedThreadPool(clones);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < clones; i++) {
                Path work = scratch.resolve("clone-" + i);
                results.add(pool.submit(() -> {
                    together.await(30, TimeUnit.SECONDS);
                    try (Git git = Git.cloneRepository().setURI(server.httpUrl(repo)).setDirectory(work.toFile())
                            .setCredentialsProvider(server.credentials()).setTimeout(TIMEOUT_SECONDS).call()) {
                        return git.getRepository().resolve("HEAD").name();
                    }
                }));
            }
            for (Future<String> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(head);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private String seededRepository(GitServer server) throws Exception {
        String repo = "http-" + REPOS.incrementAndGet();
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

    private static HttpRequest get(URI uri, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.build();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }
}
