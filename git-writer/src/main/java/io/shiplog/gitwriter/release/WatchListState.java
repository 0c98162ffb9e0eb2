package io.shiplog.gitwriter.release;

import io.shiplog.gitwriter.manifest.WatchedRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which image repositories each config repository last published to the watch list, kept in a file next to the
 * mirrors so that a restart still tombstones a repository that left the manifests meanwhile. A repository is
 * tombstoned only when no configured config repository uses it any more. Thread-safe.
 */
public final class WatchListState {

    private final Path file;
    private final Map<String, Set<String>> byConfigRepo = new HashMap<>();

    public WatchListState(Path file) {
        this.file = file;
        if (Files.exists(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    int tab = line.indexOf('\t');
                    if (tab > 0) {
                        byConfigRepo.computeIfAbsent(line.substring(0, tab), k -> new TreeSet<>())
                                .add(line.substring(tab + 1));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the watch list state " + file, e);
            }
        }
    }

    /** Records the new entries of {@code configRepo}; returns the repositories to tombstone. */
    public synchronized List<String> replace(String configRepo, List<WatchedRepository> entries) {
        Set<String> now = new TreeSet<>();
        entries.forEach(e -> now.add(e.repository()));
        Set<String> before = byConfigRepo.getOrDefault(configRepo, Set.of());
        byConfigRepo.put(configRepo, now);
        List<String> removed = new ArrayList<>();
        for (String repository : before) {
            if (!now.contains(repository) && byConfigRepo.values().stream().noneMatch(s -> s.contains(repository))) {
                removed.add(repository);
            }
        }
        return removed;
    }

    public synchronized void save() {
        StringBuilder text = new StringBuilder();
        byConfigRepo.forEach((repo, set) -> set.forEach(r -> text.append(repo).append('\t').append(r).append('\n')));
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the watch list state " + file, e);
        }
    }
}
