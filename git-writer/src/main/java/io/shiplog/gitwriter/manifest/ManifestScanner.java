package io.shiplog.gitwriter.manifest;

import io.shiplog.policy.Policies;
import io.shiplog.policy.Policy;
import io.shiplog.policy.PolicyException;
import io.shiplog.schemas.image.ImageReference;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds every automated image in a {@link RepositorySnapshot}: all {@code .yaml}/{@code .yml} files, every
 * document, any kind. Two passes: the first reads the files and indexes Flux ImagePolicy/ImageRepository objects,
 * the second resolves markers and annotations into {@link ImageLocation}s. A file or marker that cannot be used
 * becomes a {@link ScanProblem} with path and line; everything else is still found. Files that mention no marker
 * or annotation prefix at all are not parsed (that keeps a scan of a large repository cheap).
 */
public final class ManifestScanner {

    private static final List<byte[]> HINTS = List.of("$shiplog", "$imagepolicy", "fluxcd.io/", "flux.weave.works/",
            "keel.sh/", "keel.observer/", "shiplog.io/").stream().map(s -> s.getBytes(StandardCharsets.US_ASCII)).toList();

    private final ScanLimits limits;

    public ManifestScanner(ScanLimits limits) {
        this.limits = limits;
    }

    public ManifestScanner() {
        this(ScanLimits.defaults());
    }

    /** Scans the whole snapshot. Only an I/O failure of the snapshot itself throws. */
    public ScanResult scan(RepositorySnapshot snapshot) throws IOException {
        List<FileScan> files = new ArrayList<>();
        for (RepositorySnapshot.Entry entry : snapshot.entries()) {
            files.add(scanFile(snapshot, entry));
        }
        return resolve(files);
    }

    /**
     * The first pass for one entry: read, checked and parsed when it is a YAML file that mentions automation. The
     * result depends only on the entry's bytes (or link target), so a caller may cache it by blob id and rescan only
     * the files a new commit changed; {@link #resolve} then combines the cached and fresh results.
     */
    public FileScan scanFile(RepositorySnapshot snapshot, RepositorySnapshot.Entry entry) throws IOException {
        List<ScanProblem> problems = new ArrayList<>();
        ParsedFile file = null;
        if (isManifest(entry.path())) {
            file = read(snapshot, entry, problems);
        } else if (entry.kind() == RepositorySnapshot.Kind.SYMLINK) {
            checkLink(snapshot, entry, problems);
        }
        return new FileScan(entry.path(), file, problems);
    }

    /** The second pass: Flux objects indexed across all files, then every declaration resolved into locations. */
    public ScanResult resolve(Collection<FileScan> scans) {
        List<ScanProblem> problems = new ArrayList<>();
        FluxImageObjects flux = new FluxImageObjects();
        List<ParsedFile> files = new ArrayList<>();
        for (FileScan scan : scans) {
            problems.addAll(scan.problems());
            if (scan.file() != null) {
                files.add(scan.file());
                scan.file().documents().forEach(d -> flux.add(scan.path(), d));
            }
        }
        List<ImageLocation> locations = new ArrayList<>();
        List<UnresolvedSetter> unresolved = new ArrayList<>();
        for (ParsedFile file : files) {
            for (int i = 0; i < file.documents().size(); i++) {
                locate(file, i, flux, locations, unresolved, problems);
            }
        }
        return new ScanResult(locations, problems, files.size(), unresolved);
    }

    private ParsedFile read(RepositorySnapshot snapshot, RepositorySnapshot.Entry entry, List<ScanProblem> problems)
            throws IOException {
        String path = entry.path();
        if (entry.kind() == RepositorySnapshot.Kind.SYMLINK) {
            checkLink(snapshot, entry, problems);
            return null;
        }
        if (entry.size() > limits.maxFileBytes()) {
            problems.add(new ScanProblem(path, 0, "file of " + entry.size() + " bytes is over the limit of "
                    + limits.maxFileBytes() + " bytes; not scanned"));
            return null;
        }
        byte[] bytes = snapshot.read(path);
        if (bytes.length > limits.maxFileBytes()) {
            problems.add(new ScanProblem(path, 0, "file of " + bytes.length + " bytes is over the limit of "
                    + limits.maxFileBytes() + " bytes; not scanned"));
            return null;
        }
        if (isBinary(bytes)) {
            problems.add(new ScanProblem(path, 0, "binary file (contains NUL bytes); not scanned"));
            return null;
        }
        if (!mentionsAutomation(bytes)) {
            return null;
        }
        try {
            YamlText text = YamlText.decode(bytes);
            return new ParsedFile(path, text, new YamlReader(limits).read(text));
        } catch (CharacterCodingException e) {
            problems.add(new ScanProblem(path, 0, "not UTF-8 text (binary?); not scanned"));
        } catch (YamlReader.YamlProblem e) {
            problems.add(new ScanProblem(path, e.line(), e.getMessage()));
        }
        return null;
    }

    private static void checkLink(RepositorySnapshot snapshot, RepositorySnapshot.Entry entry, List<ScanProblem> problems)
            throws IOException {
        String target = snapshot.linkTarget(entry.path());
        Path parent = Path.of(entry.path()).getParent();
        Path resolved = (parent == null ? Path.of(target) : parent.resolve(target)).normalize();
        if (target.startsWith("/") || Path.of(target).isAbsolute() || resolved.startsWith("..")) {
            problems.add(new ScanProblem(entry.path(), 0, "symlink to '" + target + "' leaves the repository; not followed"));
        }
    }

    private void locate(ParsedFile file, int index, FluxImageObjects flux, List<ImageLocation> out,
                        List<UnresolvedSetter> unresolved, List<ScanProblem> problems) {
        DocumentScan doc = new DocumentScan(file, file.documents().get(index));
        List<DocumentScan.Found> markers = doc.markers();
        problems.addAll(doc.problems());
        ObjectRef object = doc.object();
        boolean locked = doc.locked();
        int first = out.size();
        Set<Integer> marked = new HashSet<>();
        Map<Object, Map<String, List<DocumentScan.Found>>> groups = new IdentityHashMap<>();
        for (DocumentScan.Found found : markers) {
            marked.add(found.slot().span().start());
            if (found.marker().part() == ValuePart.FULL) {
                build(file, index, object, locked, List.of(found), flux, out, unresolved, problems);
            } else {
                String key = found.marker().style() + " " + (found.marker().spec() != null ? found.marker().spec() : found.marker().policyRef());
                groups.computeIfAbsent(found.owner(), k -> new LinkedHashMap<>()).computeIfAbsent(key, k -> new ArrayList<>()).add(found);
            }
        }
        groups.values().forEach(byKey -> byKey.values().forEach(
                group -> build(file, index, object, locked, group, flux, out, unresolved, problems)));
        for (DocumentScan.Annotated annotated : doc.annotated()) {
            if (marked.contains(annotated.slot().span().start())) {
                continue;
            }
            ValueSlot slot = annotated.slot();
            try {
                ImageReference current = ImageReference.parse(slot.value());
                Policy policy = Policies.parse(annotated.spec());
                out.add(new ImageLocation(file.path(), index, object, slot.field(), annotated.style(), policy.spec(), null,
                        current, locked, policy.pinsDigest() || current.digest() != null, List.of(slot)));
            } catch (IllegalArgumentException e) {
                problems.add(new ScanProblem(file.path(), slot.line(), e.getMessage() + " (at " + slot.field() + ")"));
            }
        }
        List<String> lockedContainers = doc.lockedContainers();
        for (int i = first; i < out.size() && !lockedContainers.isEmpty(); i++) {
            ImageLocation l = out.get(i);
            if (!l.locked() && lockedContainers.stream().anyMatch(prefix -> l.field().startsWith(prefix))) {
                out.set(i, l.withLocked(true));
            }
        }
    }

    private static void build(ParsedFile file, int index, ObjectRef object, boolean locked, List<DocumentScan.Found> group,
                              FluxImageObjects flux, List<ImageLocation> out, List<UnresolvedSetter> unresolved,
                              List<ScanProblem> problems) {
        Marker first = group.get(0).marker();
        List<ValueSlot> slots = group.stream().map(DocumentScan.Found::slot)
                .sorted(Comparator.comparing(ValueSlot::part)).toList();
        ValueSlot primary = slots.stream().filter(s -> s.part() == ValuePart.TAG).findFirst().orElse(slots.get(0));
        boolean lock = locked || group.stream().anyMatch(f -> f.marker().locked());
        try {
            Policy policy;
            ImageReference current;
            boolean digest;
            if (first.style() == MarkerStyle.FLUX_V2) {
                FluxImageObjects.Resolved resolved;
                try {
                    resolved = flux.resolve(first.policyRef());
                } catch (Marker.Invalid e) {
                    unresolved.add(new UnresolvedSetter(first.policyRef(), file.path(), index, object, primary.field(),
                            lock, slots));
                    throw e;
                }
                policy = Policies.parse(resolved.spec());
                current = fluxCurrent(slots, resolved.image());
                digest = policy.pinsDigest() || current.digest() != null
                        || slots.stream().anyMatch(s -> s.part() == ValuePart.DIGEST);
            } else {
                policy = Policies.parse(first.spec());
                current = current(slots, first.repository());
                digest = policy.pinsDigest() || current.digest() != null;
            }
            out.add(new ImageLocation(file.path(), index, object, primary.field(), first.style(), policy.spec(),
                    first.policyRef(), current, lock, digest, slots));
        } catch (Marker.Invalid | IllegalArgumentException e) {
            problems.add(new ScanProblem(file.path(), primary.line(), e.getMessage() + " (at " + primary.field() + ")"));
        }
    }

    /** The image the slots hold together; {@code fallbackRepository} serves when no slot holds the repository. */
    private static ImageReference current(List<ValueSlot> slots, String fallbackRepository) {
        String registry = null;
        String repository = null;
        String tag = null;
        String digest = null;
        for (ValueSlot slot : slots) {
            String v = slot.value().strip();
            switch (slot.part()) {
                case FULL -> {
                    return ImageReference.parse(v);
                }
                case REGISTRY -> registry = v;
                case REPOSITORY -> repository = v;
                case TAG -> tag = v;
                case DIGEST -> digest = v;
            }
        }
        if (repository == null) {
            repository = fallbackRepository;
        } else if (registry != null && !registry.isEmpty()) {
            repository = registry + "/" + repository;
        }
        if (repository == null) {
            throw new PolicyException("no repository for this " + (tag != null ? "tag" : "value")
                    + ": mark the repository value too, or add \"repository\" to the marker");
        }
        return ImageReference.parse(repository + (tag == null || tag.isEmpty() ? "" : ":" + tag)
                + (digest == null || digest.isEmpty() ? "" : "@" + digest));
    }

    /**
     * The image Flux setters hold, as Flux sees it: the repository is always the policy's image ({@code image}, an
     * ImageRepository's {@code spec.image} or a pinned reference), whatever a {@code :name} value or a whole value
     * of another repository holds now, since Flux writes over them; a tag or digest that is not one counts as
     * absent, since Flux replaces it too.
     */
    static ImageReference fluxCurrent(List<ValueSlot> slots, String image) {
        ImageReference repository = ImageReference.parse(image).withTag(null).withDigest(null);
        String tag = null;
        String digest = null;
        for (ValueSlot slot : slots) {
            String v = slot.value().strip();
            switch (slot.part()) {
                case FULL -> {
                    return ImageReference.tryParse(v).filter(r -> r.sameRepository(repository)).orElse(repository);
                }
                case TAG -> tag = ImageReference.isValid(repository.name() + ":" + v) ? v : null;
                case DIGEST -> digest = ImageReference.isValid(repository.name() + "@" + v) ? v : null;
                default -> {
                    // the registry or :name value is overwritten with the policy's image name
                }
            }
        }
        return repository.withTag(tag).withDigest(digest);
    }

    /**
     * Whether a path is a manifest: {@code .yaml}/{@code .yml}, and kustomize's three kustomization file names
     * ({@code kustomization.yaml}, {@code kustomization.yml}, {@code Kustomization}), which Flux's setters update.
     */
    public static boolean isManifest(String path) {
        String lower = path.toLowerCase(java.util.Locale.ROOT);
        String name = path.substring(path.lastIndexOf('/') + 1);
        return lower.endsWith(".yaml") || lower.endsWith(".yml") || name.equals("Kustomization");
    }

    private static boolean isBinary(byte[] bytes) {
        int n = Math.min(bytes.length, 8000);
        for (int i = 0; i < n; i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean mentionsAutomation(byte[] bytes) {
        for (byte[] hint : HINTS) {
            if (indexOf(bytes, hint) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
