package io.shiplog.scanner.registry;

import io.shiplog.schemas.image.ImageRepository;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The three reads the scanner makes, in OCI distribution terms: every tag of a repository (tags/list pages
 * followed by their {@code Link} header, same host only, no loops), the digest of one tag (HEAD, which Docker Hub
 * does not count as a pull), and what a new digest is (GET manifest, and the config blob for its creation time).
 */
public final class RegistryReader {

    /** Pages followed at most for one repository. */
    static final int MAX_PAGES = 10_000;
    private static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
    private static final int MAX_CONFIG_BYTES = 4 * 1024 * 1024;
    private static final Pattern NEXT = Pattern.compile("<([^>]*)>\\s*;[^,]*rel=\"?next\"?");

    private final RegistryHandler handler;

    public RegistryReader(RegistryHandler handler) {
        this.handler = handler;
    }

    /** The tags of a repository: the valid ones, and the ones the spec's grammar rejects. */
    public record TagList(Set<String> tags, List<String> rejected, int pages) {
    }

    /** A tag's digest and media type, from HEAD. */
    public record Head(String digest, String mediaType) {
    }

    public TagList listTags(ImageRepository image) throws RegistryException, InterruptedException {
        HostSettings settings = handler.settings(image);
        URI next = settings.baseUrl().resolve("/v2/" + image.path() + "/tags/list?n=" + settings.pageSize());
        Set<String> tags = new HashSet<>();
        List<String> rejected = new ArrayList<>();
        Set<URI> seen = new HashSet<>();
        int pages = 0;
        while (next != null) {
            if (!seen.add(next)) {
                throw new RegistryException(RegistryException.Reason.BAD_RESPONSE, "registry " + image.registry()
                        + " sent a Link header that loops back to an earlier page of " + image + "'s tags");
            }
            if (++pages > MAX_PAGES) {
                throw new RegistryException(RegistryException.Reason.BAD_RESPONSE, "registry " + image.registry()
                        + " sent more than " + MAX_PAGES + " pages of tags for " + image);
            }
            RegistryHandler.Response response = handler.send(RequestKind.TAGS_LIST, image, "GET", next,
                    "application/json");
            if (response.status() == 404) {
                response.close();
                throw new RegistryException(RegistryException.Reason.NOT_FOUND, "repository " + image
                        + " does not exist on registry " + image.registry() + " (HTTP 404)");
            }
            if (response.status() != 200) {
                response.close();
                throw new RegistryException(RegistryException.Reason.BAD_RESPONSE, "registry " + image.registry()
                        + " answered HTTP " + response.status() + " to the tags list of " + image);
            }
            try (InputStream body = response.body()) {
                TagListParser.parse(body, tags::add, rejected::add);
            } catch (IOException e) {
                throw new RegistryException(reason(e), "registry " + image.registry()
                        + " sent an unreadable tags list for " + image + ": " + e.getMessage(), e);
            }
            next = nextPage(image, next, response.header("Link").orElse(null));
        }
        return new TagList(tags, rejected, pages);
    }

    private static URI nextPage(ImageRepository image, URI current, String link) throws RegistryException {
        if (link == null) {
            return null;
        }
        Matcher m = NEXT.matcher(link);
        if (!m.find()) {
            return null;
        }
        URI next;
        try {
            next = current.resolve(m.group(1));
        } catch (IllegalArgumentException e) {
            throw new RegistryException(RegistryException.Reason.BAD_RESPONSE, "registry " + image.registry()
                    + " sent an invalid Link header for " + image + "'s tags");
        }
        if (!current.getScheme().equals(next.getScheme()) || !current.getAuthority().equals(next.getAuthority())) {
            throw new RegistryException(RegistryException.Reason.BAD_RESPONSE, "registry " + image.registry()
                    + " sent a Link header to another host (" + next.getAuthority() + ") for " + image
                    + "'s tags; not followed");
        }
        return next;
    }

    /** The digest {@code tag} points at; empty when the tag does not exist (any more). */
    public Optional<Head> head(ImageRepository image, String tag) throws RegistryException, InterruptedException {
        URI uri = handler.settings(image).baseUrl().resolve("/v2/" + image.path() + "/manifests/" + tag);
        RegistryHandler.Response response = handler.send(RequestKind.MANIFEST_HEAD, image, "HEAD", uri,
                Manifests.ACCEPT);
        response.close();
        if (response.status() == 404) {
            return Optional.empty();
        }
        if (response.status() != 200) {
            throw new RegistryException(RegistryException.Reason.BAD_RESPONSE, "registry " + image.registry()
                    + " answered HTTP " + response.status() + " to HEAD of " + image + ":" + tag);
        }
        String type = response.header("Content-Type").map(t -> t.split(";")[0].strip()).orElse("");
        Optional<String> digest = response.header("Docker-Content-Digest");
        if (digest.isPresent() && digest.get().matches("sha256:[0-9a-f]{64}")) {
            return Optional.of(new Head(digest.get(), type));
        }
        // a registry that does not send the digest: the manifest has to be read (and hashed) once
        Manifest manifest = manifest(image, tag);
        return Optional.of(new Head(manifest.digest(), manifest.mediaType()));
    }

    /** Media type, platforms and creation time of the manifest {@code digest} (and its config blob). */
    public ManifestInfo inspect(ImageRepository image, String digest) throws RegistryException, InterruptedException {
        Manifest manifest = manifest(image, digest);
        Manifests.Parsed parsed = parse(image, digest, manifest);
        if (Manifests.isIndex(parsed.mediaType())) {
            List<ManifestInfo.Platform> platforms = new ArrayList<>();
            Manifests.Entry first = null;
            for (Manifests.Entry entry : parsed.entries()) {
                if (entry.platform() != null && !"unknown".equals(entry.platform().os())) {
                    platforms.add(entry.platform());
                    first = first == null ? entry : first;
                }
            }
            java.time.Instant created = null;
            if (first != null && first.digest().matches("sha256:[0-9a-f]{64}")) {
                Manifests.Parsed child = parse(image, first.digest(), manifest(image, first.digest()));
                if (child.configDigest() != null) {
                    created = config(image, child.configDigest()).created().orElse(null);
                }
            }
            return new ManifestInfo(digest, parsed.mediaType(), platforms, created);
        }
        if (parsed.configDigest() == null) {
            return new ManifestInfo(digest, parsed.mediaType(), List.of(), null);
        }
        Manifests.Config config = config(image, parsed.configDigest());
        return new ManifestInfo(digest, parsed.mediaType(),
                config.platform() == null ? List.of() : List.of(config.platform()), config.created().orElse(null));
    }

    private record Manifest(String digest, String mediaType, byte[] body) {
    }

    private Manifest manifest(ImageRepository image, String reference) throws RegistryException, InterruptedException {
        URI uri = handler.settings(image).baseUrl().resolve("/v2/" + image.path() + "/manifests/" + reference);
        RegistryHandler.Response response = handler.send(RequestKind.MANIFEST_GET, image, "GET", uri,
                Manifests.ACCEPT);
        byte[] body = read(image, response, MAX_MANIFEST_BYTES, "manifest " + reference);
        String type = response.header("Content-Type").map(t -> t.split(";")[0].strip()).orElse("");
        String digest = "sha256:" + sha256(body);
        if (reference.startsWith("sha256:") && !reference.equals(digest)) {
            throw new RegistryException(RegistryException.Reason.BAD_RESPONSE, "registry " + image.registry()
                    + " sent a manifest for " + image + "@" + reference + " whose SHA-256 is " + digest);
        }
        return new Manifest(digest, type, body);
    }

    private Manifests.Parsed parse(ImageRepository image, String digest, Manifest manifest) throws RegistryException {
        try {
            return Manifests.parse(manifest.body(), manifest.mediaType());
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Reason.BAD_RESPONSE, "registry " + image.registry()
                    + " sent an unreadable manifest for " + image + "@" + digest + ": " + e.getMessage(), e);
        }
    }

    private Manifests.Config config(ImageRepository image, String digest)
            throws RegistryException, InterruptedException {
        URI uri = handler.settings(image).baseUrl().resolve("/v2/" + image.path() + "/blobs/" + digest);
        RegistryHandler.Response response = handler.send(RequestKind.BLOB_GET, image, "GET", uri, null);
        byte[] body = read(image, response, MAX_CONFIG_BYTES, "config blob " + digest);
        try {
            return Manifests.parseConfig(body);
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Reason.BAD_RESPONSE, "registry " + image.registry()
                    + " sent an unreadable config blob " + digest + " for " + image, e);
        }
    }

    private static byte[] read(ImageRepository image, RegistryHandler.Response response, int limit, String what)
            throws RegistryException {
        if (response.status() != 200) {
            response.close();
            throw new RegistryException(response.status() == 404 ? RegistryException.Reason.NOT_FOUND
                    : RegistryException.Reason.BAD_RESPONSE, "registry " + image.registry() + " answered HTTP "
                    + response.status() + " for the " + what + " of " + image);
        }
        try (InputStream body = response.body()) {
            byte[] bytes = body.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw new RegistryException(RegistryException.Reason.BAD_RESPONSE, "the " + what + " of " + image
                        + " is larger than " + limit + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new RegistryException(reason(e), "reading the " + what + " of "
                    + image + " from " + image.registry() + " failed: " + e.getMessage(), e);
        }
    }

    /** A body that did not arrive in time is a timeout; anything else about it a bad response. */
    private static RegistryException.Reason reason(IOException e) {
        return e instanceof DeadlineBody.Expired ? RegistryException.Reason.TIMEOUT
                : RegistryException.Reason.BAD_RESPONSE;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
