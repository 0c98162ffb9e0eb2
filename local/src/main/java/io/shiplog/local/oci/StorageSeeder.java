package io.shiplog.local.oci;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes images straight into a running registry's filesystem storage, in the layout distribution's filesystem
 * driver reads (blobs by digest, per-repository layer, revision and tag links), for benchmarks that need hundreds of
 * thousands of tags: pushing those over HTTP would take longer than what is measured. The registry then serves them
 * exactly like pushed images (tags/list, HEAD, GET manifest and blob); it sends no notifications for them. Each
 * image has its own config blob (so its own digest and creation time); the layer is shared per repository.
 */
public final class StorageSeeder {

    private final Path v2;
    private final Map<String, Blobs.Layer> layers = new ConcurrentHashMap<>();

    private StorageSeeder(Path storageRoot) {
        this.v2 = storageRoot.resolve("docker").resolve("registry").resolve("v2");
    }

    /** A seeder writing into {@code registry}'s storage. */
    public static StorageSeeder of(ContainerRegistry registry) {
        return new StorageSeeder(registry.storageRoot());
    }

    /** Stores an image under {@code repository:tag} (the tag moves if it exists); safe to call from many threads. */
    public PushedImage seed(String repository, String tag, ImageSpec spec) {
        ManifestFormat format = spec.format();
        Blobs.Layer layer = layers.computeIfAbsent(repository, r -> {
            Blobs.Layer created = Blobs.layer("shiplog", "image-content.txt", r.getBytes(StandardCharsets.UTF_8),
                    spec.created());
            String digest = Blobs.sha256(created.compressed());
            writeBlob(digest, created.compressed());
            link(repository, "_layers", digest);
            return created;
        });
        String layerDigest = Blobs.sha256(layer.compressed());
        byte[] config = ImagePusher.bytes(ImagePusher.imageConfig(spec, layer.diffId()));
        String configDigest = Blobs.sha256(config);
        writeBlob(configDigest, config);
        link(repository, "_layers", configDigest);

        byte[] bytes = ImagePusher.bytes(ImagePusher.imageManifest(format, configDigest, config.length, layerDigest,
                layer.compressed().length));
        String digest = Blobs.sha256(bytes);
        writeBlob(digest, bytes);
        link(repository, "_manifests/revisions", digest);
        Path tagDir = repositoryDir(repository).resolve("_manifests/tags").resolve(tag);
        write(tagDir.resolve("index").resolve(algorithm(digest)).resolve(hex(digest)).resolve("link"), digest);
        write(tagDir.resolve("current").resolve("link"), digest);
        return new PushedImage(repository, tag, digest, format.manifestMediaType(), bytes.length, spec.created(),
                spec.platform(), configDigest, layerDigest, spec);
    }

    private void writeBlob(String digest, byte[] content) {
        Path data = v2.resolve("blobs").resolve(algorithm(digest)).resolve(hex(digest).substring(0, 2))
                .resolve(hex(digest)).resolve("data");
        if (!Files.exists(data)) {
            write(data, content);
        }
    }

    private void link(String repository, String kind, String digest) {
        write(repositoryDir(repository).resolve(kind).resolve(algorithm(digest)).resolve(hex(digest)).resolve("link"),
                digest);
    }

    private Path repositoryDir(String repository) {
        return v2.resolve("repositories").resolve(repository);
    }

    private static void write(Path file, String text) {
        write(file, text.getBytes(StandardCharsets.US_ASCII));
    }

    private static void write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp-" + Thread.currentThread().getId());
            Files.write(temporary, content);
            Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write registry storage file " + file, e);
        }
    }

    private static String algorithm(String digest) {
        return digest.substring(0, digest.indexOf(':'));
    }

    private static String hex(String digest) {
        return digest.substring(digest.indexOf(':') + 1);
    }
}
