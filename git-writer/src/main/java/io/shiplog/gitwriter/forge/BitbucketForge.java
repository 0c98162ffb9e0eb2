package io.shiplog.gitwriter.forge;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Bitbucket Cloud ({@code https://api.bitbucket.org/2.0}): pull requests of {@code workspace/repo_slug}, closed by
 * a comment and {@code decline}. Bitbucket Cloud has no merge-when-checks-pass switch in its API, so auto-merge
 * merges at once ({@code POST …/merge}); a merge its checks refuse is reported and tried again. An access token
 * goes in {@code Authorization: Bearer …}; with a user name, user name and token (an app password or API token)
 * go as HTTP Basic.
 */
public final class BitbucketForge implements Forge {

    private final ForgeHttp http;
    private final String repo;

    /** @param username empty for an access token (Bearer), else the account of an app password or API token */
    public BitbucketForge(URI api, String repository, String username, String token, Duration timeout) {
        String authorization = username == null || username.isBlank() ? "Bearer " + token
                : "Basic " + Base64.getEncoder().encodeToString((username + ":" + token)
                .getBytes(StandardCharsets.UTF_8));
        this.http = new ForgeHttp("bitbucket " + repository, api, Map.of("Authorization", authorization), token,
                timeout);
        this.repo = "/repositories/" + Repositories.path(repository);
    }

    @Override
    public String describe() {
        return http.describe();
    }

    @Override
    public List<PullRequest> openInto(String base) throws ForgeException {
        List<PullRequest> open = new ArrayList<>();
        String query = ForgeHttp.encode("destination.branch.name = \"" + base + "\"");
        for (JsonNode pr : http.bodyPages(repo + "/pullrequests?state=OPEN&pagelen=50&q=" + query)) {
            PullRequest read = read(pr);
            if (read.base().equals(base)) {
                open.add(read);
            }
        }
        return open;
    }

    @Override
    public PullRequest open(String head, String base, String title, String body) throws ForgeException {
        return read(http.send("POST", repo + "/pullrequests", Map.of("title", title, "description", body,
                "source", branch(head), "destination", branch(base), "close_source_branch", true)));
    }

    @Override
    public void edit(PullRequest pr, String title, String body) throws ForgeException {
        http.send("PUT", repo + "/pullrequests/" + pr.number(), Map.of("title", title, "description", body));
    }

    @Override
    public void close(PullRequest pr, String comment) throws ForgeException {
        http.send("POST", repo + "/pullrequests/" + pr.number() + "/comments", Map.of("content",
                Map.of("raw", comment)));
        http.send("POST", repo + "/pullrequests/" + pr.number() + "/decline", null);
    }

    @Override
    public void autoMerge(PullRequest pr, MergeMethod method) throws ForgeException {
        String strategy = switch (method) {
            case MERGE -> "merge_commit";
            case SQUASH -> "squash";
            case REBASE -> "fast_forward";
        };
        http.send("POST", repo + "/pullrequests/" + pr.number() + "/merge", Map.of("merge_strategy", strategy,
                "close_source_branch", true));
    }

    private static Map<String, Object> branch(String name) {
        return Map.of("branch", Map.of("name", name));
    }

    private static PullRequest read(JsonNode pr) {
        return new PullRequest(pr.path("id").asString(), pr.path("source").path("branch").path("name").asString(),
                pr.path("destination").path("branch").path("name").asString(), pr.path("title").asString(),
                pr.path("description").asString(), pr.path("links").path("html").path("href").asString(), "");
    }
}
