package io.shiplog.gitwriter.manifest;

import java.util.List;

/**
 * One entry of the watch list: a canonical image repository, its registry host, the distinct policies applied to
 * it, the mutable tags whose digest must be tracked, and every place it is used (the {@code WatchedImage} payload
 * without the config-repository fields, which the git half adds).
 */
public record WatchedRepository(String repository, String registry, List<String> policies, List<String> trackedTags,
                                List<ImageLocation> usages) {

    public WatchedRepository {
        policies = List.copyOf(policies);
        trackedTags = List.copyOf(trackedTags);
        usages = List.copyOf(usages);
    }
}
