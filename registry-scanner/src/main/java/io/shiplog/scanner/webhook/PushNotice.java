package io.shiplog.scanner.webhook;

import java.time.Instant;

/**
 * One push a registry notification reports: where (host as the registry names itself, may be null; repository
 * path), the tag when there is one, and when.
 */
public record PushNotice(String host, String path, String tag, Instant pushedAt) {
}
