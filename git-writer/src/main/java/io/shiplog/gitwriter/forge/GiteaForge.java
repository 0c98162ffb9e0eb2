package io.shiplog.gitwriter.forge;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Gitea and Forgejo ({@code /api/v1}): pull requests under {@code /repos/{owner}/{repo}/pulls}, comments on the
 * issue of the same number, auto-merge by {@code POST …/merge} with {@code merge_when_checks_succeed}. The token
 * goes in {@code Authorization: token …}.
 */
public final class GiteaForge extends PullsApiForge {

    /** @param api e.g. {@code https://gitea.example/api/v1}; @param repository {@code owner/name} */
    public GiteaForge(URI api, String repository, String token, Duration timeout) {
        super(new ForgeHttp("gitea " + repository, api, Map.of("Authorization", "token " + token), token, timeout),
                repository);
    }

    @Override
    public List<PullRequest> openInto(String base) throws ForgeException {
        List<PullRequest> open = new ArrayList<>();
        for (JsonNode pr : http.pages(repo + "/pulls?state=open&limit=50")) {
            PullRequest read = read(pr);
            if (read.base().equals(base)) {
                open.add(read);
            }
        }
        return open;
    }

    @Override
    public void autoMerge(PullRequest pr, MergeMethod method) throws ForgeException {
        http.send("POST", repo + "/pulls/" + pr.number() + "/merge", Map.of("Do",
                method.name().toLowerCase(Locale.ROOT), "merge_when_checks_succeed", true,
                "delete_branch_after_merge", true));
    }

    @Override
    PullRequest read(JsonNode pr) {
        return read(pr, null);
    }
}
