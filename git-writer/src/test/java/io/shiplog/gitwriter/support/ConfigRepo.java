package io.shiplog.gitwriter.support;

import io.shiplog.local.git.GitCommit;
import io.shiplog.local.git.GitServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/** A config repository on the shared git server for one test, seeded byte for byte, read back byte for byte. */
public final class ConfigRepo {

    private final GitServer git;
    private final String name;

    private ConfigRepo(GitServer git, String name) {
        this.git = git;
        this.name = name;
    }

    /** A new repository whose first commit holds {@code files} (path → bytes). */
    public static ConfigRepo create(String prefix, Map<String, byte[]> files) {
        GitServer git = GitServer.shared();
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        git.createRepository(name);
        ConfigRepo repo = new ConfigRepo(git, name);
        if (!files.isEmpty()) {
            repo.seed(files, "seed");
        }
        return repo;
    }

    /** Commits {@code files} (added or replaced) as the test author; returns the sha. */
    public String seed(Map<String, byte[]> files, String message) {
        return seed(files, Map.of(), message);
    }

    /** Commits {@code files} and symbolic links ({@code links}: path → target); returns the sha. */
    public String seed(Map<String, byte[]> files, Map<String, String> links, String message) {
        try {
            Path dir = Files.createTempDirectory("config-repo");
            for (Map.Entry<String, String> link : links.entrySet()) {
                Path target = dir.resolve(link.getKey());
                Files.createDirectories(target.getParent());
                Files.createSymbolicLink(target, Path.of(link.getValue()));
            }
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path target = dir.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, file.getValue());
            }
            return git.seed(name, dir, message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() {
        return name;
    }

    public String httpUrl() {
        return git.httpUrl(name);
    }

    public String gitUrl() {
        return git.gitUrl(name);
    }

    public String sshUrl() {
        return git.sshUrl(name);
    }

    public Path directory() {
        return git.repositoryDirectory(name);
    }

    public List<GitCommit> log() {
        return git.log(name, GitServer.DEFAULT_BRANCH);
    }

    public String head() {
        return git.head(name, GitServer.DEFAULT_BRANCH).orElseThrow();
    }

    /** The bytes of {@code path} at the head of main, as stored on the server. */
    public Optional<byte[]> read(String path) {
        try (Repository repo = new FileRepositoryBuilder().setGitDir(directory().toFile()).setBare()
                .setMustExist(true).build(); RevWalk walk = new RevWalk(repo)) {
            ObjectId head = repo.resolve(Constants.R_HEADS + GitServer.DEFAULT_BRANCH);
            try (TreeWalk tw = TreeWalk.forPath(repo, path, walk.parseCommit(head).getTree())) {
                return tw == null ? Optional.empty() : Optional.of(repo.open(tw.getObjectId(0)).getBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
