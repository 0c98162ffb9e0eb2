package io.shiplog.applier.support;

import io.shiplog.events.CommitEvent;
import io.shiplog.events.CommitObserved;
import io.shiplog.events.Person;
import io.shiplog.schemas.event.EventSink;
import io.shiplog.schemas.event.MetaFactory;
import io.shiplog.schemas.topic.TopicCatalogue;
import io.shiplog.testkit.git.Author;
import io.shiplog.testkit.git.GitServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

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
        try (Repository repo = new FileRepositoryBuilder().setGitDir(git.repositoryDirectory(name).toFile())
                .setBare().setMustExist(true).build();
             ObjectInserter inserter = repo.newObjectInserter(); RevWalk walk = new RevWalk(repo)) {
            String refName = Constants.R_HEADS + GitServer.DEFAULT_BRANCH;
            ObjectId parent = repo.resolve(refName);
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            if (parent != null) {
                builder.addTree(new byte[0], DirCacheEntry.STAGE_0, walk.getObjectReader(),
                        walk.parseCommit(parent).getTree());
            }
            builder.finish();
            DirCacheEditor editor = index.editor();
            for (String path : removed) {
                editor.add(new DirCacheEditor.DeletePath(path));
            }
            for (Map.Entry<String, String> file : files.entrySet()) {
                ObjectId blob = inserter.insert(Constants.OBJ_BLOB, file.getValue().getBytes(StandardCharsets.UTF_8));
                editor.add(new DirCacheEditor.PathEdit(file.getKey()) {
                    @Override
                    public void apply(DirCacheEntry entry) {
                        entry.setFileMode(FileMode.REGULAR_FILE);
                        entry.setObjectId(blob);
                    }
                });
            }
            editor.finish();
            PersonIdent ident = new PersonIdent(AUTHOR.name(), AUTHOR.email(), Instant.now(), ZoneOffset.UTC);
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(index.writeTree(inserter));
            if (parent != null) {
                commit.setParentId(parent);
            }
            commit.setAuthor(ident);
            commit.setCommitter(ident);
            commit.setMessage(message + "\n");
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            RefUpdate update = repo.updateRef(refName);
            update.setNewObjectId(id);
            update.setExpectedOldObjectId(parent == null ? ObjectId.zeroId() : parent);
            RefUpdate.Result result = update.update(walk);
            if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FAST_FORWARD) {
                throw new IllegalStateException("cannot move " + refName + ": " + result);
            }
            head = id.name();
            return head;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
