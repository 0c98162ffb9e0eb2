package io.shiplog.gitwriter.manifest;

import io.shiplog.policy.Policies;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a scan found: every automated image location (in path, document, line order), every problem (in path, line
 * order), how many files were parsed, and the Flux setters whose ImagePolicy is not in the repository (each also
 * reported as a problem; a manual release by policy reference can still set them).
 */
public record ScanResult(List<ImageLocation> locations, List<ScanProblem> problems, int filesParsed,
                         List<UnresolvedSetter> unresolvedSetters) {

    public ScanResult(List<ImageLocation> locations, List<ScanProblem> problems, int filesParsed) {
        this(locations, problems, filesParsed, List.of());
    }

    public ScanResult {
        unresolvedSetters = List.copyOf(unresolvedSetters);
        locations = locations.stream().sorted(java.util.Comparator.comparing(ImageLocation::path)
                .thenComparingInt(ImageLocation::documentIndex).thenComparingInt(ImageLocation::line)).toList();
        problems = problems.stream().sorted(java.util.Comparator.comparing(ScanProblem::path)
                .thenComparingInt(ScanProblem::line)).toList();
    }

    /** Locations of one repository (any spelling: {@code nginx} matches {@code docker.io/library/nginx}). */
    public List<ImageLocation> locationsOf(String repository) {
        String canonical = io.shiplog.schemas.image.ImageReference.canonicalRepository(repository);
        return locations.stream().filter(l -> l.repository().equals(canonical)).toList();
    }

    /** The per-repository watch list view, sorted by repository. */
    public List<WatchedRepository> watchList() {
        Map<String, List<ImageLocation>> byRepository = new TreeMap<>();
        for (ImageLocation l : locations) {
            byRepository.computeIfAbsent(l.repository(), k -> new ArrayList<>()).add(l);
        }
        List<WatchedRepository> out = new ArrayList<>();
        byRepository.forEach((repository, usages) -> {
            TreeSet<String> policies = new TreeSet<>();
            TreeSet<String> tracked = new TreeSet<>();
            for (ImageLocation l : usages) {
                policies.add(l.policy());
                Policies.parse(l.policy()).trackedTag(l.current().tag()).ifPresent(tracked::add);
            }
            out.add(new WatchedRepository(repository, usages.get(0).current().registry(), List.copyOf(policies),
                    List.copyOf(tracked), usages));
        });
        return out;
    }
}
