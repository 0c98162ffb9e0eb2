package io.shiplog.gitwriter.forge;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A forge with GitHub's REST pulls API, which Gitea and Forgejo follow: pull requests under
 * {@code /repos/{owner}/{repo}/pulls}, edited by {@code PATCH}, commented on through the issue of the same number.
 */
abstract class PullsApiForge implements Forge {

    protected final ForgeHttp http;
    protected final String repo;

    PullsApiForge(ForgeHttp http, String repository) {
        this.http = http;
        this.repo = "/repos/" + Repositories.path(repository);
    }

    @Override
    public String describe() {
        return http.describe();
    }

    @Override
    public PullRequest open(String head, String base, String title, String body) throws ForgeException {
        return read(http.send("POST", repo + "/pulls", Map.of("head", head, "base", base, "title", title,
                "body", body)));
    }

    @Override
    public void edit(PullRequest pr, String title, String body) throws ForgeException {
        http.send("PATCH", repo + "/pulls/" + pr.number(), Map.of("title", title, "body", body));
    }

    @Override
    public void close(PullRequest pr, String comment) throws ForgeException {
        http.send("POST", repo + "/issues/" + pr.number() + "/comments", Map.of("body", comment));
        http.send("PATCH", repo + "/pulls/" + pr.number(), Map.of("state", "closed"));
    }

    /** A pull request as the API returns it; {@code nodeId} names the field of its global id, if the forge has one. */
    static PullRequest read(JsonNode pr, String nodeId) {
        return new PullRequest(pr.path("number").asString(), pr.path("head").path("ref").asString(),
                pr.path("base").path("ref").asString(), pr.path("title").asString(), pr.path("body").asString(),
                pr.path("html_url").asString(), nodeId == null ? "" : pr.path(nodeId).asString());
    }

    /** A pull request as this forge's API returns it. */
    abstract PullRequest read(JsonNode pr);
}
