package io.shiplog.gitwriter.forge;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * GitLab ({@code /api/v4}): merge requests of the project (its URL-encoded path), a note before closing
 * ({@code state_event=close}), auto-merge by {@code PUT …/merge} with {@code auto_merge} (GitLab 17.11+) and the
 * older {@code merge_when_pipeline_succeeds}. The token goes in {@code PRIVATE-TOKEN}.
 */
public final class GitLabForge implements Forge {

    private final ForgeHttp http;
    private final String project;

    /** @param api e.g. {@code https://gitlab.com/api/v4}; @param repository the project path {@code group/name} */
    public GitLabForge(URI api, String repository, String token, Duration timeout) {
        this.http = new ForgeHttp("gitlab " + repository, api, Map.of("PRIVATE-TOKEN", token), token, timeout);
        this.project = "/projects/" + ForgeHttp.encode(repository);
    }

    @Override
    public String describe() {
        return http.describe();
    }

    @Override
    public List<PullRequest> openInto(String base) throws ForgeException {
        List<PullRequest> open = new ArrayList<>();
        for (JsonNode mr : http.pages(project + "/merge_requests?state=opened&per_page=100&target_branch="
                + ForgeHttp.encode(base))) {
            open.add(read(mr));
        }
        return open;
    }

    @Override
    public PullRequest open(String head, String base, String title, String body) throws ForgeException {
        return read(http.send("POST", project + "/merge_requests", Map.of("source_branch", head,
                "target_branch", base, "title", title, "description", body, "remove_source_branch", true)));
    }

    @Override
    public void edit(PullRequest pr, String title, String body) throws ForgeException {
        http.send("PUT", project + "/merge_requests/" + pr.number(), Map.of("title", title, "description", body));
    }

    @Override
    public void close(PullRequest pr, String comment) throws ForgeException {
        http.send("POST", project + "/merge_requests/" + pr.number() + "/notes", Map.of("body", comment));
        http.send("PUT", project + "/merge_requests/" + pr.number(), Map.of("state_event", "close"));
    }

    @Override
    public void autoMerge(PullRequest pr, MergeMethod method) throws ForgeException {
        http.send("PUT", project + "/merge_requests/" + pr.number() + "/merge", Map.of("auto_merge", true,
                "merge_when_pipeline_succeeds", true, "squash", method == MergeMethod.SQUASH,
                "should_remove_source_branch", true));
    }

    private static PullRequest read(JsonNode mr) {
        return new PullRequest(mr.path("iid").asString(), mr.path("source_branch").asString(),
                mr.path("target_branch").asString(), mr.path("title").asString(), mr.path("description").asString(),
                mr.path("web_url").asString(), "");
    }
}
