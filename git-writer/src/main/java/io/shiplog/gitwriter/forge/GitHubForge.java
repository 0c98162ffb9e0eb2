package io.shiplog.gitwriter.forge;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * GitHub (and GitHub Enterprise Server, {@code https://host/api/v3}): the REST pulls API, comments on the issue of
 * the same number, and auto-merge by the GraphQL mutation {@code enablePullRequestAutoMerge} (REST has none; the
 * repository must allow auto-merge). The token goes in {@code Authorization: Bearer …}.
 */
public final class GitHubForge extends PullsApiForge {

    static final String AUTO_MERGE = "mutation($id: ID!, $method: PullRequestMergeMethod!) {"
            + " enablePullRequestAutoMerge(input: {pullRequestId: $id, mergeMethod: $method})"
            + " { pullRequest { number } } }";

    private final ForgeHttp graphql;

    /** @param api {@code https://api.github.com} or an Enterprise {@code …/api/v3}; @param repository owner/name */
    public GitHubForge(URI api, String repository, String token, Duration timeout) {
        super(new ForgeHttp("github " + repository, api, headers(token), token, timeout), repository);
        String root = api.toString();
        // GitHub Enterprise Server: REST under /api/v3, GraphQL at /api/graphql
        URI graphqlRoot = root.endsWith("/api/v3") ? URI.create(root.substring(0, root.length() - 3)) : api;
        this.graphql = new ForgeHttp("github " + repository, graphqlRoot, headers(token), token, timeout);
    }

    private static Map<String, String> headers(String token) {
        return Map.of("Authorization", "Bearer " + token, "X-GitHub-Api-Version", "2022-11-28");
    }

    @Override
    public List<PullRequest> openInto(String base) throws ForgeException {
        List<PullRequest> open = new ArrayList<>();
        for (JsonNode pr : http.pages(repo + "/pulls?state=open&per_page=100&base=" + ForgeHttp.encode(base))) {
            open.add(read(pr));
        }
        return open;
    }

    @Override
    public void autoMerge(PullRequest pr, MergeMethod method) throws ForgeException {
        JsonNode answer = graphql.send("POST", "/graphql", Map.of("query", AUTO_MERGE, "variables",
                Map.of("id", pr.nodeId(), "method", method.name())));
        JsonNode errors = answer.path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
            throw new ForgeException(http.describe() + ": enablePullRequestAutoMerge of #" + pr.number()
                    + " failed: " + errors.get(0).path("message").asString(), 422);
        }
    }

    @Override
    PullRequest read(JsonNode pr) {
        return read(pr, "node_id");
    }
}
