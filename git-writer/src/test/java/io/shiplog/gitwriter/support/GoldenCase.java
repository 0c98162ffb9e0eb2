package io.shiplog.gitwriter.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A golden-file case of {@code src/test/resources/testdata} made unique for a shared broker: every occurrence of
 * {@code from} (e.g. {@code ghcr.io/acme/}) in the files and tags becomes {@code to}, so tests do not see each
 * other's tags. The manifest goes to {@code apps/<case>.yaml} (with a {@code name} file, to
 * {@code apps/<case>/<name>}), the {@code repo/} files under {@code apps/}.
 */
public record GoldenCase(String name, String path, byte[] original, byte[] expected, Map<String, byte[]> files,
                         List<Tag> tags) {

    /** One line of the case's {@code tags}: repository, tag, digest (null if '-'), creation time (null if '-'). */
    public record Tag(String repository, String tag, String digest, Instant createdAt) {
    }

    private static final Path TESTDATA = Path.of("src/test/resources/testdata");

    public static GoldenCase load(String name, String from, String to) {
        Path dir = TESTDATA.resolve(name);
        try {
            String path = Files.exists(dir.resolve("name"))
                    ? "apps/" + name + "/" + Files.readString(dir.resolve("name")).strip() : "apps/" + name + ".yaml";
            byte[] original = replace(Files.readAllBytes(dir.resolve("original.yaml")), from, to);
            byte[] expected = replace(Files.readAllBytes(dir.resolve("expected.yaml")), from, to);
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put(path, original);
            Path repo = dir.resolve("repo");
            if (Files.isDirectory(repo)) {
                try (Stream<Path> walk = Files.walk(repo)) {
                    for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                        files.put("apps/" + repo.relativize(f).toString().replace('\\', '/'),
                                replace(Files.readAllBytes(f), from, to));
                    }
                }
            }
            List<Tag> tags = new ArrayList<>();
            for (String line : Files.readAllLines(dir.resolve("tags"), StandardCharsets.UTF_8)) {
                String[] p = line.strip().split("\\s+");
                if (p.length < 2 || p[0].startsWith("#")) {
                    continue;
                }
                tags.add(new Tag(p[0].replace(from, to), p[1], p.length > 2 && !p[2].equals("-") ? p[2] : null,
                        p.length > 3 && !p[3].equals("-") ? Instant.parse(p[3]) : null));
            }
            return new GoldenCase(name, path, original, expected, files, tags);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read golden case " + name, e);
        }
    }

    private static byte[] replace(byte[] bytes, String from, String to) {
        return new String(bytes, StandardCharsets.ISO_8859_1).replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
    }
}
