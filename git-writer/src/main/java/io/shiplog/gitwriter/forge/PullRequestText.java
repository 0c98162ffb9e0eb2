package io.shiplog.gitwriter.forge;

import java.util.List;
import java.util.stream.Collectors;

/** The title and description of a proposal's pull request: every image change it holds. */
public final class PullRequestText {

    private static final int MAX_TITLE = 200;

    private PullRequestText() {
    }

    /** {@code Update web to 1.2.0} for one image, {@code Update 3 images: web 1.2.0, api 2.0.1, …} for more. */
    public static String title(List<BranchChange> changes) {
        if (changes.size() == 1) {
            BranchChange c = changes.get(0);
            return "Update " + c.image() + " from " + c.from() + " to " + c.to();
        }
        String title = "Update " + changes.size() + " images: " + changes.stream()
                .map(c -> shortName(c.image()) + " " + c.to()).collect(Collectors.joining(", "));
        return title.length() > MAX_TITLE ? title.substring(0, MAX_TITLE - 1) + "…" : title;
    }

    /** A Markdown table of every change (image, from, to, files) and where it goes. */
    public static String body(String base, String branch, List<BranchChange> changes) {
        StringBuilder body = new StringBuilder("Shiplog proposes these image updates for `").append(base)
                .append("` on branch `").append(branch).append("`:\n\n| Image | From | To | Files |\n|---|---|---|---|\n");
        for (BranchChange c : changes) {
            body.append("| `").append(c.image()).append("` | `").append(c.from()).append("` | `").append(c.to())
                    .append("` | ").append(c.files().stream().map(f -> "`" + f + "`")
                            .collect(Collectors.joining(", "))).append(" |\n");
        }
        return body.append("\nShiplog updates this pull request while the branch moves and closes it when a newer "
                + "branch replaces it or the changes reach `").append(base).append("` another way.\n").toString();
    }

    private static String shortName(String image) {
        return image.substring(image.lastIndexOf('/') + 1);
    }
}
