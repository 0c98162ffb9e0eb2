package io.shiplog.applier.support;

import io.shiplog.events.CommitEvent;
import io.shiplog.events.CommitObserved;
import io.shiplog.events.Person;
import io.shiplog.local.git.Author;
import io.shiplog.local.git.GitServer;
import io.shiplog.schemas.event.EventSink;
import io.shiplog.schemas.event.MetaFactory;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.transport.RefSpec;

/**
 * A config repository on the shared git server for one test, and the commit events a git-writer (or a human push
 * observed by it) would publish for its commits.
 */
public final class ConfigRepo {

    public static final Author AUTHOR = new Author("Test Person", "person@shiplog.invalid");

    private final GitServer git;
    private final String name;
    private final EventSink events;
    private final MetaFactory meta = new MetaFactory("test/config-repo");
    private String head;

    private ConfigRepo(GitServer git, String name, EventSink events) {
        this.git = git;
        this.name = name;
        this.events = events;
    }

    /** A new empty repository with a unique name. */
    public static ConfigRepo create(GitServer git, String prefix, EventSink events) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        git.createRepository(name);
        return new ConfigRepo(git, name, events);
    }

    public String url() {
        return git.httpUrl(name);
    }

    public String name() {
        return name;
    }

    public String head() {
        return head;
    }

    /** Commits {@code files} (added or replaced) and removes {@code removed}; returns the sha. Publishes nothing. */
    public String commit(Map<String, String> files, List<String> removed, String message) {
        head = git.commit(name, files, removed, message, AUTHOR);
        return head;
    }

    /** Commits and publishes {@code CommitObserved} for it; returns the sha. */
    public String push(Map<String, String> files, List<String> removed, String message) {
        String sha = commit(files, removed, message);
        publish(sha, message);
        return sha;
    }

    public String push(Map<String, String> files) {
        return push(files, List.of(), "change " + files.keySet());
    }

    /**
     * Pushes a commit of {@code files} on a new branch {@code branch} from the current head, as a person would, and
     * publishes nothing; returns its sha (not on the watched branch's history).
     */
    public String pushToBranch(String branch, Map<String, String> files) {
        try {
            Path work = Files.createTempDirectory("config-repo-branch");
            try (Git clone = Git.cloneRepository().setURI(url()).setDirectory(work.toFile())
                    .setCredentialsProvider(git.credentials()).call()) {
                clone.checkout().setCreateBranch(true).setName(branch).call();
                for (Map.Entry<String, String> file : files.entrySet()) {
                    Path path = work.resolve(file.getKey());
                    Files.createDirectories(path.getParent());
                    Files.writeString(path, file.getValue());
                    clone.add().addFilepattern(file.getKey()).call();
                }
                String sha = clone.commit().setMessage("on " + branch).setAuthor(AUTHOR.name(), AUTHOR.email())
                        .setCommitter(AUTHOR.name(), AUTHOR.email()).call().getName();
                clone.push().setRefSpecs(new RefSpec(branch + ":" + branch)).setCredentialsProvider(git.credentials())
                        .call();
                return sha;
            }
        } catch (IOException | GitAPIException e) {
            throw new IllegalStateException("cannot push to branch " + branch + " of " + name, e);
        }
    }

    /** Publishes {@code CommitObserved} for {@code sha} on {@code shiplog.commits}, keyed {@code <url>#main}. */
    public void publish(String sha, String message) {
        CommitObserved observed = CommitObserved.newBuilder()
                .setConfigRepo(url())
                .setBranch(GitServer.DEFAULT_BRANCH)
                .setSha(sha)
                .setParentShas(List.of())
                .setAuthor(new Person(AUTHOR.name(), AUTHOR.email()))
                .setCommitter(null)
                .setCommittedAt(Instant.now())
                .setMessage(message)
                .setChangedPaths(List.of())
                .build();
        CommitEvent event = CommitEvent.newBuilder().setMeta(meta.root()).setPayload(observed).build();
        try {
            events.send(TopicCatalogue.COMMITS.name(), url() + "#" + GitServer.DEFAULT_BRANCH, event)
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish commit " + sha, e);
        }
    }
}
