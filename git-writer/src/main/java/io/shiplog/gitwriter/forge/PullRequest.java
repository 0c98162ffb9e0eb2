package io.shiplog.gitwriter.forge;

/**
 * An open pull (merge) request as a forge reports it.
 *
 * @param number the number people see ({@code #12}, GitLab's {@code !12}); the id the forge's API takes
 * @param head   the branch it proposes
 * @param base   the branch it targets
 * @param title  its title
 * @param body   its description (empty when none)
 * @param url    its web page
 * @param nodeId the forge's global id where an API needs it (GitHub's GraphQL), else empty
 */
public record PullRequest(String number, String head, String base, String title, String body, String url,
                          String nodeId) {

    public PullRequest {
        body = body == null ? "" : body;
        title = title == null ? "" : title;
        url = url == null ? "" : url;
        nodeId = nodeId == null ? "" : nodeId;
    }
}
