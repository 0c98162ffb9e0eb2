package io.shiplog.gitwriter.release;

import java.util.List;

/**
 * One repository as its commit loop sees it: the watched branch's head, the last fetch failure (null when the last
 * fetch worked), the scan problems at the head ({@code path:line: message}), the work waiting and whether this
 * instance owns the repository's duties, and the pull request of its proposal branch ({@code open <url>},
 * {@code closed <url>}, {@code pending: <why>}; null without pull requests).
 */
public record RepositoryStatus(String name, String url, String branch, String head, String fetchFailure,
                               List<String> problems, int queued, boolean owner, String pullRequest) {
}
