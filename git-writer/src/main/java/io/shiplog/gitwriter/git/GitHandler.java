package io.shiplog.gitwriter.git;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.shiplog.git.GitAccess;
import io.shiplog.git.MirrorConfig;
import io.shiplog.gitwriter.config.CommitProperties;
import io.shiplog.gitwriter.config.RepositoryProperties;
import io.shiplog.gitwriter.manifest.RepositorySnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.errors.CanceledException;
import org.eclipse.jgit.api.errors.UnsupportedSigningFormatException;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.Signer;
import org.eclipse.jgit.lib.Signers;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * git-writer's handle on one config repository: a local bare mirror (no work tree) of the watched branch, fetched
 * into {@code refs/remotes/origin/<branch>}; commits written straight into the object database (blobs, the trees
 * on the changed paths, the commit, optionally signed); pushes that name the commit they build on, so the server
 * refuses them if anyone pushed in between (never a force push); and {@code refs/shiplog/published/<branch>},
 * the last commit whose event is out. Owns the JGit client and its log lines; transports, credentials and timeouts
 * come from the shared {@link GitAccess}. Used by one thread.
 */
public final class GitHandler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GitHandler.class);

    private final RepositoryProperties properties;
    private final Repository repository;
    private final GitAccess access;
    private final MeterRegistry meters;
    private final String trackingRef;
    private final String publishedRef;

    public GitHandler(RepositoryProperties properties, Path mirrorRoot, MeterRegistry meters) {
        this.properties = properties;
        this.meters = meters;
        this.trackingRef = Constants.R_REMOTES + "origin/" + properties.branch();
        this.publishedRef = "refs/shiplog/published/" + properties.branch();
        Path dir = mirrorRoot.resolve(properties.name() + ".git");
        this.access = GitAccess.of(properties.remote(), mirrorRoot.resolve(properties.name() + ".client"));
        try {
            Files.createDirectories(dir);
            repository = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build();
            if (!repository.getObjectDatabase().exists()) {
                repository.create(true);
            }
            StoredConfig config = repository.getConfig();
            config.setString("remote", "origin", "url", access.uri().toString());
            MirrorConfig.apply(config);
            configureSigning(config, properties.commit());
            config.save();
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the mirror of " + properties.name() + " in " + dir + ": "
                    + access.explain(e), e);
        }
    }

    private static void configureSigning(StoredConfig config, CommitProperties commit) {
        String format = commit.signingFormat().toLowerCase(Locale.ROOT);
        if (format.equals("none")) {
            config.unset("gpg", null, "format");
            config.unset("user", null, "signingKey");
            return;
        }
        config.setString("gpg", null, "format", format.equals("ssh") ? "ssh" : "openpgp");
        config.setString("user", null, "signingKey", commit.signingKey());
    }

    public RepositoryProperties properties() {
        return properties;
    }

    /** A reader on the object database; close it. */
    public ObjectReader newReader() {
        return repository.newObjectReader();
    }

    /** A snapshot of {@code commit}'s tree for reading files. */
    public RepositorySnapshot snapshot(ObjectReader reader, ObjectId commit) throws IOException {
        try (RevWalk walk = new RevWalk(reader)) {
            return new TreeSnapshot(reader, walk.parseCommit(commit).getTree());
        }
    }

    /** The tree of a commit. */
    public ObjectId treeOf(ObjectReader reader, ObjectId commit) throws IOException {
        try (RevWalk walk = new RevWalk(reader)) {
            return walk.parseCommit(commit).getTree().copy();
        }
    }

    /** The watched branch as last fetched or pushed; null when it does not exist (yet). */
    public ObjectId head() throws IOException {
        return repository.resolve(trackingRef);
    }

    /** The last commit whose event was published; null before the first. */
    public ObjectId published() throws IOException {
        return repository.resolve(publishedRef);
    }

    public void markPublished(ObjectId commit) throws IOException {
        moveRef(publishedRef, commit);
    }

    /** Fetches the watched branch; returns its head (null when the remote has no such branch). */
    public ObjectId fetch() throws GitFailure {
        long started = System.nanoTime();
        try (Transport transport = open()) {
            FetchResult result = transport.fetch(NullProgressMonitor.INSTANCE,
                    List.of(new RefSpec("+" + Constants.R_HEADS + properties.branch() + ":" + trackingRef)));
            LOG.debug("fetched {} in {} ms: {}", properties.name(), (System.nanoTime() - started) / 1_000_000,
                    result.getTrackingRefUpdates().size());
            return head();
        } catch (IOException | RuntimeException e) {
            throw failure("fetch", e);
        } finally {
            record("fetch", started);
        }
    }

    /**
     * Fetches another branch of the remote (a pull-request proposal) into {@code refs/remotes/origin/<branch>};
     * returns its tip, or null when the remote has no such branch (the local copy is then forgotten).
     */
    public ObjectId fetchBranch(String branch) throws GitFailure {
        long started = System.nanoTime();
        String remote = Constants.R_HEADS + branch;
        String local = Constants.R_REMOTES + "origin/" + branch;
        try (Transport transport = open()) {
            boolean exists;
            try (var connection = transport.openFetch()) {
                exists = connection.getRef(remote) != null;
            }
            if (!exists) {
                if (repository.exactRef(local) != null) {
                    RefUpdate delete = repository.updateRef(local);
                    delete.setForceUpdate(true);
                    delete.delete();
                }
                return null;
            }
            transport.fetch(NullProgressMonitor.INSTANCE, List.of(new RefSpec("+" + remote + ":" + local)));
            return repository.resolve(local);
        } catch (IOException | RuntimeException e) {
            throw failure("fetch", e);
        } finally {
            record("fetch", started);
        }
    }

    /** Whether {@code ancestor} is {@code commit} or one of its ancestors. */
    public boolean isAncestor(ObjectId ancestor, ObjectId commit) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            return walk.isMergedInto(walk.parseCommit(ancestor), walk.parseCommit(commit));
        }
    }

    /**
     * Writes a commit on {@code parent} whose tree differs only in {@code files} (existing paths → new bytes),
     * signed when configured. Nothing is pushed.
     */
    public ObjectId commit(ObjectId parent, Map<String, byte[]> files, String message, Instant when)
            throws IOException {
        CommitProperties c = properties.commit();
        try (ObjectInserter inserter = repository.newObjectInserter();
             ObjectReader reader = inserter.newReader(); RevWalk walk = new RevWalk(reader)) {
            RevCommit base = walk.parseCommit(parent);
            Map<String, ObjectId> blobs = new TreeMap<>();
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                blobs.put(file.getKey(), inserter.insert(Constants.OBJ_BLOB, file.getValue()));
            }
            ObjectId tree = TreeRewriter.rewrite(reader, inserter, base.getTree(), blobs);
            PersonIdent author = new PersonIdent(c.authorName(), c.authorEmail(), when, ZoneOffset.UTC);
            PersonIdent committer = new PersonIdent(c.effectiveCommitterName(), c.effectiveCommitterEmail(), when,
                    ZoneOffset.UTC);
            CommitBuilder builder = new CommitBuilder();
            builder.setTreeId(tree);
            builder.setParentId(parent);
            builder.setAuthor(author);
            builder.setCommitter(committer);
            builder.setMessage(message);
            sign(builder, committer);
            ObjectId id = inserter.insert(builder);
            inserter.flush();
            return id;
        }
    }

    private void sign(CommitBuilder builder, PersonIdent committer) throws IOException {
        CommitProperties c = properties.commit();
        String format = c.signingFormat().toLowerCase(Locale.ROOT);
        if (format.equals("none")) {
            return;
        }
        GpgConfig config = new GpgConfig(repository.getConfig());
        Signer signer = Signers.get(config.getKeyFormat());
        if (signer == null) {
            throw new IOException("no signer for format " + format + " is available");
        }
        try {
            signer.signObject(repository, config, builder, committer, c.signingKey(), null);
        } catch (CanceledException | UnsupportedSigningFormatException e) {
            throw new IOException("cannot sign the commit with the configured " + format + " key: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Pushes {@code commit} to {@code branch}, expecting the server's branch at {@code expected} (null: the branch
     * must not exist). On success the tracking ref follows when {@code branch} is the watched branch.
     *
     * @throws GitFailure when the server refuses for another reason (protected branch, hook), credentials are
     *                    rejected or the server cannot be reached
     */
    public PushResult push(ObjectId commit, String branch, ObjectId expected) throws GitFailure {
        return push(commit, branch, expected, false);
    }

    /**
     * {@link #push(ObjectId, String, ObjectId)}, optionally replacing a branch that is not an ancestor of
     * {@code commit} ({@code rewrite}). Even then the server must still hold {@code expected} (a lease), so nothing
     * pushed meanwhile is lost. Never used for the watched branch.
     */
    public PushResult push(ObjectId commit, String branch, ObjectId expected, boolean rewrite) throws GitFailure {
        if (rewrite && branch.equals(properties.branch())) {
            throw new IllegalArgumentException("the watched branch " + branch + " is never rewritten");
        }
        long started = System.nanoTime();
        String remote = Constants.R_HEADS + branch;
        try (Transport transport = open()) {
            RemoteRefUpdate update = new RemoteRefUpdate(repository, commit.name(), remote, rewrite, null,
                    expected == null ? ObjectId.zeroId() : expected);
            var result = transport.push(NullProgressMonitor.INSTANCE, List.of(update));
            RemoteRefUpdate done = result.getRemoteUpdate(remote);
            switch (done.getStatus()) {
                case OK, UP_TO_DATE -> {
                    if (branch.equals(properties.branch())) {
                        moveRef(trackingRef, commit);
                    }
                    return new PushResult.Pushed(branch);
                }
                case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> {
                    return new PushResult.Stale(done.getStatus() + (done.getMessage() == null ? ""
                            : ": " + done.getMessage()));
                }
                default -> {
                    String message = done.getMessage() == null ? "" : done.getMessage();
                    if (message.contains("failed to update ref") || message.contains("stale info")
                            || message.contains("failed to lock")) {
                        return new PushResult.Stale(done.getStatus() + ": " + message);
                    }
                    throw new GitFailure(GitFailure.Reason.PUSH_REJECTED, "push of " + commit.name() + " to "
                            + branch + " of " + properties.name() + " was refused: " + done.getStatus()
                            + (message.isEmpty() ? "" : " (" + access.mask(message) + ")")
                            + messages(result.getMessages()), null);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw failure("push", e);
        } finally {
            record("push", started);
        }
    }

    private String messages(String serverMessages) {
        return serverMessages == null || serverMessages.isBlank() ? ""
                : "; server said: " + access.mask(serverMessages.strip().replace('\n', ' '));
    }

    /** Commits on the watched branch after {@code from} up to {@code to}, oldest first, with their changed paths. */
    public List<NewCommit> commitsBetween(ObjectId from, ObjectId to) throws IOException {
        List<NewCommit> out = new ArrayList<>();
        try (ObjectReader reader = repository.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
            walk.sort(RevSort.TOPO);
            walk.sort(RevSort.REVERSE, true);
            walk.markStart(walk.parseCommit(to));
            if (from != null && repository.getObjectDatabase().has(from)) {
                walk.markUninteresting(walk.parseCommit(from));
            }
            for (RevCommit c : walk) {
                out.add(describe(reader, walk, c));
            }
        }
        return out;
    }

    /** One commit, as {@link #commitsBetween} gives it. */
    public NewCommit describe(ObjectId sha) throws IOException {
        try (ObjectReader reader = repository.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
            return describe(reader, walk, walk.parseCommit(sha));
        }
    }

    private NewCommit describe(ObjectReader reader, RevWalk walk, RevCommit c) throws IOException {
        List<String> parents = new ArrayList<>();
        for (RevCommit p : c.getParents()) {
            parents.add(p.name());
        }
        List<String> paths = new ArrayList<>();
        try (TreeWalk tw = new TreeWalk(reader)) {
            tw.setRecursive(true);
            if (c.getParentCount() > 0) {
                tw.addTree(walk.parseCommit(c.getParent(0)).getTree());
            } else {
                tw.addTree(new org.eclipse.jgit.treewalk.EmptyTreeIterator());
            }
            tw.addTree(c.getTree());
            tw.setFilter(TreeFilter.ANY_DIFF);
            for (DiffEntry d : DiffEntry.scan(tw)) {
                paths.add(d.getChangeType() == DiffEntry.ChangeType.DELETE ? d.getOldPath() : d.getNewPath());
            }
        }
        PersonIdent a = c.getAuthorIdent();
        PersonIdent m = c.getCommitterIdent();
        String message = c.getFullMessage();
        Map<String, List<String>> trailers = CommitTrailers.parse(message);
        if (!trailers.isEmpty() && !committedAsShiplog(m)) {
            // a person's commit carrying Shiplog's trailers (forged, or a cherry-pick of a Shiplog commit): it is
            // theirs, and its trailers must not make it a release Shiplog reports in the log kept forever
            LOG.warn("repository {}: commit {} carries Shiplog trailers but was committed by {} <{}>, not as "
                    + "Shiplog; treated as a person's commit", properties.name(), c.name(), m.getName(),
                    m.getEmailAddress());
            trailers = Map.of();
        }
        return new NewCommit(c.name(), parents, a.getName(), a.getEmailAddress(), m.getName(), m.getEmailAddress(),
                m.getWhenAsInstant(), message, paths, trailers);
    }

    /** Whether the committer is the identity Shiplog commits as in this repository. */
    private boolean committedAsShiplog(PersonIdent committer) {
        CommitProperties c = properties.commit();
        return c.effectiveCommitterName().equals(committer.getName())
                && c.effectiveCommitterEmail().equalsIgnoreCase(committer.getEmailAddress());
    }

    private Transport open() throws IOException {
        return access.open(repository);
    }

    private void moveRef(String ref, ObjectId commit) throws IOException {
        RefUpdate update = repository.updateRef(ref);
        update.setNewObjectId(commit);
        update.setForceUpdate(true);
        RefUpdate.Result result = update.update();
        if (result == RefUpdate.Result.LOCK_FAILURE || result == RefUpdate.Result.IO_FAILURE
                || result == RefUpdate.Result.REJECTED) {
            throw new IOException("cannot move " + ref + " of the mirror to " + commit.name() + ": " + result);
        }
    }

    private GitFailure failure(String operation, Exception e) {
        return GitFailure.of(operation + " of " + properties.name() + " (" + access.remote().redactedUrl() + ")", e,
                access::explain);
    }

    private void record(String operation, long started) {
        Timer.builder("shiplog.gitwriter.git." + operation).tag("repository", properties.name()).register(meters)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        repository.close();
        access.close();
    }
}
