package io.shiplog.gitwriter.forge;

import java.util.List;

/**
 * One image change a proposal branch holds against the branch it targets: the image, its old and new tag (or
 * value, when there is no tag), the files it is in, and per location its key and new value (to tell when the
 * change reached the target branch some other way).
 */
public record BranchChange(String image, String from, String to, List<String> files, List<Location> locations) {

    public BranchChange {
        files = List.copyOf(files);
        locations = List.copyOf(locations);
    }

    /** A location ({@code path#document#field}) and the full image value the branch gives it. */
    public record Location(String key, String value) {
    }
}
