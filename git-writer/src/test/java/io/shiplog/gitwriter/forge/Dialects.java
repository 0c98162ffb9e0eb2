package io.shiplog.gitwriter.forge;

import io.shiplog.gitwriter.forge.DocumentedForgeApi.Answer;
import io.shiplog.gitwriter.forge.DocumentedForgeApi.Pull;
import io.shiplog.gitwriter.forge.DocumentedForgeApi.Request;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * The four forges' documented pull-request exchanges, as fixtures: the paths, request fields and response fields
 * of GitHub's REST and GraphQL API, GitLab's merge request API (v4), Gitea's API (v1) and Bitbucket Cloud's API
 * (2.0), for repository {@code acme/fleet} (GitLab project path, Bitbucket workspace and slug).
 */
final class Dialects {

    private Dialects() {
    }

    /** GitHub REST: {@code /repos/acme/fleet/pulls…}, comments on {@code /issues/{n}/comments}; GraphQL auto-merge. */
    static Answer github(DocumentedForgeApi api, Request r) {
        String repo = "/repos/acme/fleet";
        int n;
        if (r.method().equals("GET") && r.path().equals(repo + "/pulls")) {
            String base = query(r, "base");
            return new Answer(200, api.open().stream().filter(p -> base == null || p.base.equals(base))
                    .map(Dialects::githubPull).toList());
        }
        if (r.method().equals("POST") && r.path().equals(repo + "/pulls")) {
            return new Answer(201, githubPull(api.add(r.body().path("head").asString(),
                    r.body().path("base").asString(), r.body().path("title").asString(),
                    r.body().path("body").asString())));
        }
        if (r.method().equals("PATCH") && (n = DocumentedForgeApi.number(r.path(), repo + "/pulls/(\\d+)")) > 0) {
            Pull p = api.pull(n);
            r.body().optional("title").ifPresent(v -> p.title = v.asString());
            r.body().optional("body").ifPresent(v -> p.body = v.asString());
            r.body().optional("state").ifPresent(v -> p.state = v.asString());
            return new Answer(200, githubPull(p));
        }
        if (r.method().equals("POST") && DocumentedForgeApi.number(r.path(), repo + "/issues/(\\d+)/comments") > 0) {
            return new Answer(201, Map.of("id", 1, "body", r.body().path("body").asString()));
        }
        if (r.method().equals("POST") && r.path().equals("/graphql")) {
            String id = r.body().path("variables").path("id").asString();
            Pull p = api.pulls.stream().filter(x -> ("PR_node" + x.number).equals(id)).findFirst().orElse(null);
            if (p == null) {
                return new Answer(200, Map.of("data", Map.of(), "errors", List.of(Map.of("message",
                        "Could not resolve to a node with the global id of '" + id + "'"))));
            }
            p.merge = r.body();
            return new Answer(200, Map.of("data", Map.of("enablePullRequestAutoMerge", Map.of("pullRequest",
                    Map.of("number", p.number)))));
        }
        return null;
    }

    private static ObjectNode githubPull(Pull p) {
        ObjectNode pr = DocumentedForgeApi.object().put("id", 1000 + p.number).put("node_id", "PR_node" + p.number)
                .put("number", p.number).put("state", p.state).put("title", p.title).put("body", p.body)
                .put("html_url", "https://github.com/acme/fleet/pull/" + p.number);
        pr.putObject("head").put("ref", p.head).put("label", "acme:" + p.head);
        pr.putObject("base").put("ref", p.base).put("label", "acme:" + p.base);
        return pr;
    }

    /** GitLab v4: {@code /projects/acme%2Ffleet/merge_requests…}, notes, {@code PUT …/merge}. */
    static Answer gitlab(DocumentedForgeApi api, Request r) {
        String project = "/projects/acme%2Ffleet/merge_requests";
        int n;
        if (r.method().equals("GET") && r.path().equals(project)) {
            String target = query(r, "target_branch");
            return new Answer(200, api.open().stream().filter(p -> target == null || p.base.equals(target))
                    .map(Dialects::gitlabMr).toList());
        }
        if (r.method().equals("POST") && r.path().equals(project)) {
            return new Answer(201, gitlabMr(api.add(r.body().path("source_branch").asString(),
                    r.body().path("target_branch").asString(), r.body().path("title").asString(),
                    r.body().path("description").asString())));
        }
        if (r.method().equals("PUT") && (n = DocumentedForgeApi.number(r.path(), project + "/(\\d+)")) > 0) {
            Pull p = api.pull(n);
            r.body().optional("title").ifPresent(v -> p.title = v.asString());
            r.body().optional("description").ifPresent(v -> p.body = v.asString());
            r.body().optional("state_event").filter(v -> v.asString().equals("close")).ifPresent(v ->
                    p.state = "closed");
            return new Answer(200, gitlabMr(p));
        }
        if (r.method().equals("POST") && DocumentedForgeApi.number(r.path(), project + "/(\\d+)/notes") > 0) {
            return new Answer(201, Map.of("id", 1, "body", r.body().path("body").asString(), "noteable_type",
                    "MergeRequest"));
        }
        if (r.method().equals("PUT") && (n = DocumentedForgeApi.number(r.path(), project + "/(\\d+)/merge")) > 0) {
            Pull p = api.pull(n);
            p.merge = r.body();
            return new Answer(200, gitlabMr(p));
        }
        return null;
    }

    private static ObjectNode gitlabMr(Pull p) {
        return DocumentedForgeApi.object().put("id", 5000 + p.number).put("iid", p.number).put("project_id", 3)
                .put("title", p.title).put("description", p.body)
                .put("state", p.state.equals("open") ? "opened" : p.state).put("source_branch", p.head)
                .put("target_branch", p.base).put("web_url", "https://gitlab.com/acme/fleet/-/merge_requests/"
                        + p.number);
    }

    /** Gitea v1: {@code /repos/acme/fleet/pulls…}, comments on the issue, {@code POST …/merge}. */
    static Answer gitea(DocumentedForgeApi api, Request r) {
        String repo = "/repos/acme/fleet";
        int n;
        if (r.method().equals("GET") && r.path().equals(repo + "/pulls")) {
            return new Answer(200, api.open().stream().map(Dialects::giteaPull).toList());
        }
        if (r.method().equals("POST") && r.path().equals(repo + "/pulls")) {
            return new Answer(201, giteaPull(api.add(r.body().path("head").asString(),
                    r.body().path("base").asString(), r.body().path("title").asString(),
                    r.body().path("body").asString())));
        }
        if (r.method().equals("PATCH") && (n = DocumentedForgeApi.number(r.path(), repo + "/pulls/(\\d+)")) > 0) {
            Pull p = api.pull(n);
            r.body().optional("title").ifPresent(v -> p.title = v.asString());
            r.body().optional("body").ifPresent(v -> p.body = v.asString());
            r.body().optional("state").ifPresent(v -> p.state = v.asString());
            return new Answer(201, giteaPull(p));
        }
        if (r.method().equals("POST") && DocumentedForgeApi.number(r.path(), repo + "/issues/(\\d+)/comments") > 0) {
            return new Answer(201, Map.of("id", 1, "body", r.body().path("body").asString()));
        }
        if (r.method().equals("POST") && (n = DocumentedForgeApi.number(r.path(), repo + "/pulls/(\\d+)/merge")) > 0) {
            api.pull(n).merge = r.body();
            return new Answer(200, "");
        }
        return null;
    }

    private static ObjectNode giteaPull(Pull p) {
        ObjectNode pr = DocumentedForgeApi.object().put("id", 1000 + p.number).put("number", p.number)
                .put("state", p.state).put("title", p.title).put("body", p.body).put("merged", false)
                .put("html_url", "https://gitea.example/acme/fleet/pulls/" + p.number);
        pr.putObject("head").put("ref", p.head).put("label", p.head);
        pr.putObject("base").put("ref", p.base).put("label", p.base);
        return pr;
    }

    /** Bitbucket Cloud 2.0: {@code /repositories/acme/fleet/pullrequests…}, comments, decline, merge. */
    static Answer bitbucket(DocumentedForgeApi api, Request r) {
        String repo = "/repositories/acme/fleet/pullrequests";
        int n;
        if (r.method().equals("GET") && r.path().equals(repo)) {
            return new Answer(200, Map.of("pagelen", 50, "page", 1, "size", api.open().size(), "values",
                    api.open().stream().map(Dialects::bitbucketPull).toList()));
        }
        if (r.method().equals("POST") && r.path().equals(repo)) {
            return new Answer(201, bitbucketPull(api.add(r.body().path("source").path("branch").path("name")
                    .asString(), r.body().path("destination").path("branch").path("name").asString(),
                    r.body().path("title").asString(), r.body().path("description").asString())));
        }
        if (r.method().equals("PUT") && (n = DocumentedForgeApi.number(r.path(), repo + "/(\\d+)")) > 0) {
            Pull p = api.pull(n);
            r.body().optional("title").ifPresent(v -> p.title = v.asString());
            r.body().optional("description").ifPresent(v -> p.body = v.asString());
            return new Answer(200, bitbucketPull(p));
        }
        if (r.method().equals("POST") && DocumentedForgeApi.number(r.path(), repo + "/(\\d+)/comments") > 0) {
            return new Answer(201, Map.of("id", 1, "content", Map.of("raw", r.body().path("content").path("raw")
                    .asString())));
        }
        if (r.method().equals("POST") && (n = DocumentedForgeApi.number(r.path(), repo + "/(\\d+)/decline")) > 0) {
            api.pull(n).state = "declined";
            return new Answer(200, bitbucketPull(api.pull(n)));
        }
        if (r.method().equals("POST") && (n = DocumentedForgeApi.number(r.path(), repo + "/(\\d+)/merge")) > 0) {
            Pull p = api.pull(n);
            p.merge = r.body();
            p.state = "merged";
            return new Answer(200, bitbucketPull(p));
        }
        return null;
    }

    private static ObjectNode bitbucketPull(Pull p) {
        ObjectNode pr = DocumentedForgeApi.object().put("type", "pullrequest").put("id", p.number)
                .put("title", p.title).put("description", p.body).put("state", p.state.toUpperCase());
        pr.putObject("source").putObject("branch").put("name", p.head);
        pr.putObject("destination").putObject("branch").put("name", p.base);
        pr.putObject("links").putObject("html").put("href", "https://bitbucket.org/acme/fleet/pull-requests/"
                + p.number);
        return pr;
    }

    private static String query(Request r, String key) {
        if (r.query() == null) {
            return null;
        }
        for (String pair : r.query().split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv[0].equals(key)) {
                return URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
