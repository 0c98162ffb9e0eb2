package io.shiplog.cluster.git;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.shiplog.cluster.config.Decryption;
import io.shiplog.cluster.config.RepositoryProperties;
import io.shiplog.cluster.kube.KubernetesHandler;
import io.shiplog.cluster.manifest.LoadResult;
import io.shiplog.cluster.render.ObjectDecryptor;
import io.shiplog.cluster.render.RenderSettings;
import io.shiplog.cluster.render.pipeline.Renderer;
import io.shiplog.cluster.render.sops.ClusterDecryption;
import io.shiplog.cluster.render.tool.RenderTools;
import io.shiplog.git.GitAccess;
import io.shiplog.git.MirrorConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The view the applier and the auditor have of their config repositories: one local bare mirror per repository,
 * fetched only when a commit is asked for that the mirror does not have, over any transport {@link GitAccess}
 * supports (HTTPS, SSH, {@code git://}, {@code file://}, local paths). Manifests are read from the object database,
 * never a work tree. Messages name the repository and never hold a secret.
 */
public final class GitHandler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GitHandler.class);
    private static final RefSpec MIRROR_HEADS = new RefSpec("+refs/heads/*:refs/heads/*");

    private final Path mirrorRoot;
    private final Map<String, Mirror> mirrors = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private final Renderer renderer;

    private record Mirror(RepositoryProperties properties, GitAccess access, Repository repository) {
    }

    /** Mirrors under {@code mirrorRoot}; units rendered with the default bounds and nothing decrypted. */
    public GitHandler(Path mirrorRoot, List<RepositoryProperties> repositories, MeterRegistry meters) {
        this(mirrorRoot, repositories, meters, new Renderer(RenderSettings.defaults(mirrorRoot.resolve(".render")),
                RenderTools.fromEnvironment(), ObjectDecryptor.NONE, meters));
    }

    /** Mirrors under {@code mirrorRoot}, their commits rendered by {@code renderer} (closed with this handler). */
    public GitHandler(Path mirrorRoot, List<RepositoryProperties> repositories, MeterRegistry meters,
                      Renderer renderer) {
        this.mirrorRoot = mirrorRoot;
        this.meters = meters;
        this.renderer = renderer;
        configure(repositories);
    }

    /**
     * Makes {@code repositories} the configured set: mirrors of new ones are opened, those of removed ones closed
     * (their directories stay, so adding them back needs no new clone), changed settings take effect.
     */
    public synchronized void configure(List<RepositoryProperties> repositories) {
        Map<String, RepositoryProperties> wanted = new java.util.LinkedHashMap<>();
        repositories.forEach(r -> wanted.put(r.url(), r));
        for (var entry : List.copyOf(mirrors.entrySet())) {
            RepositoryProperties now = wanted.get(entry.getKey());
            if (now == null || !now.equals(entry.getValue().properties())) {
                mirrors.remove(entry.getKey());
                entry.getValue().repository().close();
            }
        }
        for (RepositoryProperties repository : wanted.values()) {
            mirrors.computeIfAbsent(repository.url(), url -> {
                String dir = repository.name().replaceAll("[^A-Za-z0-9._-]", "_");
                GitAccess access = GitAccess.of(repository.remote(), mirrorRoot.resolve(dir + ".client"));
                return new Mirror(repository, access, open(access, dir));
            });
        }
    }

    /**
     * Loads {@code paths} of {@code repositoryUrl} at {@code sha}, fetching first when the mirror lacks the commit:
     * every unit rendered ({@link Renderer}), a unit that fails to render being a failure naming it.
     *
     * @throws CommitNotFoundException when the commit cannot be had (fetch failed or the remote lacks it)
     */
    public LoadResult load(String repositoryUrl, String sha, List<String> paths) throws CommitNotFoundException {
        return load(repositoryUrl, sha, paths, Decryption.NONE, null);
    }

    /**
     * As {@link #load(String, String, List)}, decrypting the SOPS-encrypted files and objects with a cluster's age
     * keys ({@code decryption}, a Secret read through {@code kube}), read only when an encrypted file needs them.
     */
    public LoadResult load(String repositoryUrl, String sha, List<String> paths, Decryption decryption,
                           KubernetesHandler kube) throws CommitNotFoundException {
        Mirror mirror = mirror(repositoryUrl);
        ObjectId id;
        try {
            id = ObjectId.fromString(sha);
        } catch (IllegalArgumentException e) {
            throw new CommitNotFoundException("'" + sha + "' is not a commit id", e);
        }
        String where = mirror.properties().name() + " (" + mirror.access().remote().redactedUrl() + ")";
        try {
            if (!mirror.repository().getObjectDatabase().has(id)) {
                fetch(mirror, sha);
            }
            return renderer.load(mirror.repository(), id, paths,
                    ClusterDecryption.options(mirror.properties().allowRemoteBases(), decryption, kube)
                            .forRepository(mirror.properties().url()));
        } catch (MissingObjectException e) {
            throw new CommitNotFoundException("commit " + sha + " is not in " + where + " (fetched)", e);
        } catch (IOException e) {
            throw new CommitNotFoundException("cannot read commit " + sha + " of " + where + ": "
                    + mirror.access().explain(e), null);
        }
    }

    /**
     * The commit id of {@code revision} of {@code repositoryUrl} (a commit id or a prefix of one, or a branch name),
     * or of the head of {@code branch} when {@code revision} is null, after fetching the branch heads.
     *
     * @throws CommitNotFoundException when the fetch failed or the repository has no such commit
     */
    public String resolve(String repositoryUrl, String branch, String revision) throws CommitNotFoundException {
        Mirror mirror = mirror(repositoryUrl);
        fetch(mirror, null);
        String where = mirror.properties().name() + " (" + mirror.access().remote().redactedUrl() + ")";
        String wanted = revision == null ? "branch " + branch : "commit " + revision;
        try {
            ObjectId id = mirror.repository().resolve((revision == null ? "refs/heads/" + branch : revision)
                    + "^{commit}");
            if (id == null) {
                throw new CommitNotFoundException(wanted + " is not in " + where, null);
            }
            return id.name();
        } catch (IOException | RuntimeException e) {
            throw new CommitNotFoundException(wanted + " cannot be resolved in " + where + ": "
                    + e.getClass().getSimpleName(), null);
        }
    }

    /**
     * Why {@code sha} may not be applied as a commit of {@code branch} of {@code repositoryUrl}, or empty when it is
     * the branch's head or one of its ancestors. The mirror is fetched once when it does not show that already
     * (a commit pushed since the last fetch).
     *
     * @throws CommitNotFoundException when the fetch failed (nothing is known; worth trying again)
     */
    public Optional<String> notOnBranch(String repositoryUrl, String branch, String sha)
            throws CommitNotFoundException {
        Mirror mirror = mirror(repositoryUrl);
        ObjectId id;
        try {
            id = ObjectId.fromString(sha);
        } catch (IllegalArgumentException e) {
            return Optional.of("'" + sha + "' is not a commit id (40 hexadecimal digits)");
        }
        if (!onBranch(mirror, branch, id)) {
            fetch(mirror, null);
            if (!onBranch(mirror, branch, id)) {
                return Optional.of("commit " + sha + " is not on the history of branch " + branch + " of "
                        + mirror.properties().name() + " (" + mirror.access().remote().redactedUrl() + ")");
            }
        }
        return Optional.empty();
    }

    /**
     * The commits an apply of {@code to} passes over when the cluster ran {@code from}: reachable from {@code to} but
     * not from {@code from}, {@code to} itself left out, oldest first, at most {@code limit} (the newest). Empty when
     * either is not in the mirror (history rewritten) or {@code to} does not descend from {@code from}.
     */
    public List<String> passedOver(String repositoryUrl, String from, String to, int limit) {
        Repository repository = mirror(repositoryUrl).repository();
        try (RevWalk walk = new RevWalk(repository)) {
            ObjectId fromId = ObjectId.fromString(from);
            ObjectId toId = ObjectId.fromString(to);
            if (!repository.getObjectDatabase().has(fromId) || !repository.getObjectDatabase().has(toId)) {
                return List.of();
            }
            RevCommit target = walk.parseCommit(toId);
            RevCommit applied = walk.parseCommit(fromId);
            if (!walk.isMergedInto(applied, target)) {
                return List.of();
            }
            walk.reset();
            walk.markStart(target);
            walk.markUninteresting(applied);
            java.util.ArrayDeque<String> newestFirst = new java.util.ArrayDeque<>();
            for (RevCommit commit : walk) {
                if (!commit.equals(target)) {
                    newestFirst.add(commit.name());
                    if (newestFirst.size() >= limit) {
                        break;
                    }
                }
            }
            List<String> oldestFirst = new java.util.ArrayList<>(newestFirst);
            java.util.Collections.reverse(oldestFirst);
            return oldestFirst;
        } catch (IOException | IllegalArgumentException e) {
            return List.of();
        }
    }

    private static boolean onBranch(Mirror mirror, String branch, ObjectId id) {
        Repository repository = mirror.repository();
        try (RevWalk walk = new RevWalk(repository)) {
            Ref head = repository.exactRef("refs/heads/" + branch);
            if (head == null || !repository.getObjectDatabase().has(id)) {
                return false;
            }
            return walk.isMergedInto(walk.parseCommit(id), walk.parseCommit(head.getObjectId()));
        } catch (IOException e) {
            // not a commit (a tree or a blob id), or an unreadable mirror: not shown to be on the branch
            return false;
        }
    }

    /** Fetches every branch; only when the mirror lacks {@code wanted} (null: always). */
    private void fetch(Mirror mirror, String wanted) throws CommitNotFoundException {
        synchronized (mirror) {
            try {
                if (wanted != null && mirror.repository().getObjectDatabase().has(ObjectId.fromString(wanted))) {
                    return;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            long started = System.nanoTime();
            try (Transport transport = mirror.access().open(mirror.repository())) {
                transport.setRemoveDeletedRefs(true);
                transport.fetch(NullProgressMonitor.INSTANCE, List.of(MIRROR_HEADS));
                LOG.info("fetched {} for {} in {} ms", mirror.properties().name(),
                        wanted == null ? "the branch heads" : "commit " + wanted,
                        (System.nanoTime() - started) / 1_000_000);
            } catch (IOException | RuntimeException e) {
                // the cause is left out on purpose: JGit's messages may hold what the failure text masks
                throw new CommitNotFoundException(mirror.access().failure("fetch", e), null);
            } finally {
                Timer.builder("shiplog.applier.git.fetch").tag("repository", mirror.properties().name())
                        .register(meters).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            }
        }
    }

    private Mirror mirror(String url) {
        Mirror mirror = mirrors.get(url);
        if (mirror == null) {
            throw new IllegalArgumentException("repository " + url + " is not configured");
        }
        return mirror;
    }

    private Repository open(GitAccess access, String name) {
        Path dir = mirrorRoot.resolve(name + ".git");
        try {
            Files.createDirectories(dir);
            Repository repository = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build();
            if (!repository.getObjectDatabase().exists()) {
                repository.create(true);
            }
            StoredConfig config = repository.getConfig();
            config.setString("remote", "origin", "url", access.uri().toString());
            MirrorConfig.apply(config);
            config.save();
            return repository;
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the mirror of " + access.remote().name() + " in " + dir
                    + ": " + access.explain(e), e);
        }
    }

    @Override
    public void close() {
        renderer.close();
        mirrors.values().forEach(m -> {
            m.repository().close();
            m.access().close();
        });
    }
}
