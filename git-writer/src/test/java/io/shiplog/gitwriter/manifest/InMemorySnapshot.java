package io.shiplog.gitwriter.manifest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A snapshot held in memory, as the git half's object-database snapshot would be: files and symlinks by path. */
final class InMemorySnapshot implements RepositorySnapshot {

    private final Map<String, byte[]> files = new TreeMap<>();
    private final Map<String, String> links = new TreeMap<>();

    InMemorySnapshot file(String path, String content) {
        return file(path, content.getBytes(StandardCharsets.UTF_8));
    }

    InMemorySnapshot file(String path, byte[] content) {
        files.put(path, content);
        return this;
    }

    InMemorySnapshot link(String path, String target) {
        links.put(path, target);
        return this;
    }

    @Override
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        files.forEach((p, b) -> out.add(new Entry(p, Kind.FILE, b.length)));
        links.forEach((p, t) -> out.add(new Entry(p, Kind.SYMLINK, t.length())));
        out.sort(java.util.Comparator.comparing(Entry::path));
        return out;
    }

    @Override
    public byte[] read(String path) {
        return files.get(path);
    }

    @Override
    public String linkTarget(String path) {
        return links.get(path);
    }
}
