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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The watch list of every config repository of this process. One entry per image repository merges the usages of
 * all config repositories that use it; a config repository's head change republishes the entries it touches, and
 * an image is tombstoned only when no configured config repository uses it any more. Which images each config
 * repository published is kept in a file next to the mirrors, so a restart still tombstones an image that left the
 * manifests meanwhile (and does not tombstone one that another config repository has not republished yet). An entry
 * equal to the one this process last published is not published again: a release changes one image's entry, not
 * every entry of the repository (the first head after a start publishes them all).
 * Thread-safe; publishers hold its monitor from {@link #replace} until the entries are out, so they go out in order.
 */
public final class WatchListState {

    /** What to publish after a head change: merged entries and tombstones. */
    public record Update(List<WatchEntry> entries, List<String> removed) {
    }

    private final Path file;
    private final Map<String, Set<String>> byConfigRepo = new HashMap<>();
    private final Map<String, Map<String, WatchedRepository>> current = new HashMap<>();
    private final Map<String, WatchEntry> published = new HashMap<>();

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

    /** Records the entries of {@code configRepo} at its new head; returns what to publish. */
    public synchronized Update replace(String configRepo, List<WatchedRepository> entries) {
        Map<String, WatchedRepository> now = new LinkedHashMap<>();
        entries.forEach(e -> now.put(e.repository(), e));
        Set<String> touched = new TreeSet<>(byConfigRepo.getOrDefault(configRepo, Set.of()));
        touched.addAll(now.keySet());
        byConfigRepo.put(configRepo, new TreeSet<>(now.keySet()));
        current.put(configRepo, now);
        List<WatchEntry> publish = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (String image : touched) {
            Map<String, WatchedRepository> users = new TreeMap<>();
            current.forEach((repo, images) -> {
                if (images.containsKey(image)) {
                    users.put(repo, images.get(image));
                }
            });
            if (!users.isEmpty()) {
                WatchEntry entry = WatchEntry.merge(users);
                if (!entry.equals(published.get(image))) {
                    publish.add(entry);
                }
            } else if (byConfigRepo.values().stream().noneMatch(s -> s.contains(image))) {
                removed.add(image);
            }
        }
        return new Update(publish, removed);
    }

    /** Records that {@code update} went out, so that its entries are not sent again until they change. */
    public synchronized void published(Update update) {
        update.entries().forEach(e -> published.put(e.repository(), e));
        update.removed().forEach(published::remove);
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
