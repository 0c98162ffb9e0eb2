package io.shiplog.local.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
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
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * The bare repositories under one directory, read and written with JGit directly (no working tree). Commits go
 * through a compare-and-swap ref update, so they are safe next to pushes arriving over the network.
 */
final class BareRepositories {

    static final String DEFAULT_BRANCH = "main";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*");

    /**
     * A commit of this many files or more is stored as one pack, as {@code git receive-pack} keeps a push of at least
     * {@code receive.unpackLimit} (100) objects and unpacks smaller ones into loose objects.
     */
    static final int UNPACK_LIMIT = 100;

    private final Path root;

    BareRepositories(Path root) {
        this.root = root;
    }

    /** A file to commit: its bytes and mode (regular, executable or symbolic link). */
    record Content(byte[] bytes, FileMode mode) {
        static Content text(String text) {
            return new Content(text.getBytes(StandardCharsets.UTF_8), FileMode.REGULAR_FILE);
        }
    }

    /** The path relative to the root ({@code <name>.git}); validates the name. */
    static String relativePath(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.endsWith(".git") || name.contains("..")) {
            throw new IllegalArgumentException("invalid repository name '" + name + "': use letters, digits, "
                    + "'.', '_', '-' and '/' between segments, without a '.git' suffix or '..'");
        }
        return name + ".git";
    }

    Path directory(String name) {
        return root.resolve(relativePath(name));
    }

    void create(String name) {
        Path dir = directory(name);
        if (Files.exists(dir)) {
            throw new IllegalStateException("repository '" + name + "' already exists at " + dir);
        }
        try (Git git = Git.init().setBare(true).setDirectory(dir.toFile()).setInitialBranch(DEFAULT_BRANCH).call()) {
            StoredConfig config = git.getRepository().getConfig();
            config.setBoolean("http", null, "receivepack", true);
            config.save();
        } catch (GitAPIException | IOException e) {
            throw new IllegalStateException("cannot create bare repository '" + name + "' at " + dir + ": " + e, e);
        }
    }

    /** Every regular file (and symbolic link) under {@code directory}, skipping {@code .git}, by relative path. */
    static Map<String, Content> filesUnder(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("seed directory " + directory + " does not exist or is not a directory");
        }
        Map<String, Content> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) walk::iterator) {
                Path relative = directory.relativize(file);
                if (relative.toString().isEmpty() || startsWithGitDir(relative)) {
                    continue;
                }
                String path = relative.toString().replace(file.getFileSystem().getSeparator(), "/");
                if (Files.isSymbolicLink(file)) {
                    files.put(path, new Content(Files.readSymbolicLink(file).toString()
                            .getBytes(StandardCharsets.UTF_8), FileMode.SYMLINK));
                } else if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    FileMode mode = Files.isExecutable(file) ? FileMode.EXECUTABLE_FILE : FileMode.REGULAR_FILE;
                    files.put(path, new Content(Files.readAllBytes(file), mode));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read seed directory " + directory, e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("seed directory " + directory + " has no files");
        }
        return files;
    }

    private static boolean startsWithGitDir(Path relative) {
        for (Path part : relative) {
            if (part.toString().equals(".git")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Commits {@code files} (added or replaced; other files stay) on top of {@code branch} (or as its first
     * commit) and moves the branch, failing if someone else moved it meanwhile. A commit of {@link #UNPACK_LIMIT}
     * files or more is then packed, as a push of it would be.
     */
    String commit(String name, String branch, Map<String, Content> files, String message, Author author) {
        return commit(name, branch, files, List.of(), message, author);
    }

    /** Like {@link #commit(String, String, Map, String, Author)}, also removing the {@code removed} paths. */
    String commit(String name, String branch, Map<String, Content> files, Collection<String> removed,
                  String message, Author author) {
        if (files.isEmpty() && removed.isEmpty()) {
            throw new IllegalArgumentException("no files to commit to repository '" + name + "'");
        }
        if (message == null || message.isBlank()) {
            throw new IllegalArgumentException("commit message for repository '" + name + "' must not be blank");
        }
        files.keySet().forEach(BareRepositories::checkFilePath);
        removed.forEach(BareRepositories::checkFilePath);
        String refName = Constants.R_HEADS + branch;
        try (Repository repo = open(name); ObjectInserter inserter = repo.newObjectInserter();
             RevWalk walk = new RevWalk(repo)) {
            Ref ref = repo.exactRef(refName);
            ObjectId parent = ref == null ? null : ref.getObjectId();
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
            for (Map.Entry<String, Content> file : files.entrySet()) {
                ObjectId blob = inserter.insert(Constants.OBJ_BLOB, file.getValue().bytes());
                FileMode mode = file.getValue().mode();
                editor.add(new DirCacheEditor.PathEdit(file.getKey()) {
                    @Override
                    public void apply(DirCacheEntry entry) {
                        entry.setFileMode(mode);
                        entry.setObjectId(blob);
                    }
                });
            }
            editor.finish();
            PersonIdent ident = new PersonIdent(author.name(), author.email(), Instant.now(), ZoneOffset.UTC);
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(index.writeTree(inserter));
            if (parent != null) {
                commit.setParentId(parent);
            }
            commit.setAuthor(ident);
            commit.setCommitter(ident);
            commit.setMessage(message.endsWith("\n") ? message : message + "\n");
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            RefUpdate update = repo.updateRef(refName);
            update.setNewObjectId(id);
            update.setExpectedOldObjectId(parent == null ? ObjectId.zeroId() : parent);
            update.setRefLogIdent(ident);
            update.setRefLogMessage("commit: " + message.lines().findFirst().orElse(""), false);
            RefUpdate.Result result = update.update(walk);
            if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FAST_FORWARD) {
                throw new IllegalStateException("cannot move " + refName + " of repository '" + name + "' to "
                        + id.name() + ": " + result + " (did a push move it meanwhile?)");
            }
            if (files.size() >= UNPACK_LIMIT) {
                GitPrograms.repack(directory(name));
            }
            return id.name();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit to repository '" + name + "'", e);
        }
    }

    private static void checkFilePath(String path) {
        boolean bad = path == null || path.isEmpty() || path.startsWith("/") || path.endsWith("/")
                || path.contains("\\") || path.contains("//") || path.contains("\0");
        if (!bad) {
            for (String segment : path.split("/")) {
                bad |= segment.equals(".") || segment.equals("..") || segment.equals(".git");
            }
        }
        if (bad) {
            throw new IllegalArgumentException("invalid file path '" + path + "': use a relative path with '/' "
                    + "separators and no '.', '..' or '.git' segments");
        }
    }

    Optional<String> head(String name, String branch) {
        try (Repository repo = open(name)) {
            Ref ref = repo.exactRef(Constants.R_HEADS + branch);
            return Optional.ofNullable(ref).map(r -> r.getObjectId().name());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read branch '" + branch + "' of repository '" + name + "'", e);
        }
    }

    /** Commits reachable from {@code branch}, newest first; empty when the branch does not exist. */
    List<GitCommit> log(String name, String branch) {
        try (Repository repo = open(name); RevWalk walk = new RevWalk(repo)) {
            Ref ref = repo.exactRef(Constants.R_HEADS + branch);
            if (ref == null) {
                return List.of();
            }
            walk.sort(RevSort.TOPO);
            walk.markStart(walk.parseCommit(ref.getObjectId()));
            List<GitCommit> commits = new ArrayList<>();
            for (RevCommit commit : walk) {
                commits.add(toRecord(repo, walk, commit));
            }
            return commits;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log of '" + branch + "' in repository '" + name + "'", e);
        }
    }

    private static GitCommit toRecord(Repository repo, RevWalk walk, RevCommit commit) throws IOException {
        List<String> parents = new ArrayList<>();
        for (RevCommit parent : commit.getParents()) {
            parents.add(parent.name());
        }
        List<String> changed = new ArrayList<>();
        try (TreeWalk diff = new TreeWalk(repo)) {
            diff.setRecursive(true);
            if (commit.getParentCount() == 0) {
                diff.addTree(new EmptyTreeIterator());
            } else {
                diff.addTree(walk.parseCommit(commit.getParent(0)).getTree());
            }
            diff.addTree(commit.getTree());
            diff.setFilter(TreeFilter.ANY_DIFF);
            while (diff.next()) {
                changed.add(diff.getPathString());
            }
        }
        PersonIdent author = commit.getAuthorIdent();
        return new GitCommit(commit.name(), parents, author.getName(), author.getEmailAddress(),
                author.getWhenAsInstant(), commit.getFullMessage(), changed);
    }

    /** The file at {@code path} in the commit {@code ref} names; empty when there is no such file. */
    Optional<String> readFile(String name, String ref, String path) {
        checkFilePath(path);
        try (Repository repo = open(name); RevWalk walk = new RevWalk(repo)) {
            ObjectId id = repo.resolve(ref);
            if (id == null) {
                throw new IllegalArgumentException("unknown ref '" + ref + "' in repository '" + name + "'");
            }
            RevCommit commit = walk.parseCommit(id);
            try (TreeWalk file = TreeWalk.forPath(repo, path, commit.getTree())) {
                if (file == null || file.getFileMode(0).getObjectType() != Constants.OBJ_BLOB) {
                    return Optional.empty();
                }
                byte[] bytes = repo.open(file.getObjectId(0), Constants.OBJ_BLOB).getBytes();
                return Optional.of(new String(bytes, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read '" + path + "' at '" + ref + "' in repository '" + name
                    + "'", e);
        }
    }

    private Repository open(String name) throws IOException {
        Path dir = directory(name);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no repository '" + name + "' on this git server (create it with "
                    + "createRepository first)");
        }
        return new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).setBare().build();
    }
}
